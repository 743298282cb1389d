"""ZIP files whose bytes depend only on their entries: fixed times, modes and order."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path


def write_zip(
    target: Path,
    entries: Iterable[tuple[str, bytes]],
    moment: datetime,
    *,
    stored: frozenset[str] = frozenset(),
) -> None:
    """Write ``entries`` (in the given order) to ``target``, atomically.

    Every entry gets the same time (``moment``), the same permissions and creator
    system; names in ``stored`` are not compressed (an EPUB's ``mimetype``).
    """
    date_time = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        with zipfile.ZipFile(temporary, "w") as archive:
            for name, data in entries:
                info = zipfile.ZipInfo(name, date_time=date_time)
                info.create_system = 3
                info.external_attr = 0o100644 << 16
                if name in stored:
                    info.compress_type = zipfile.ZIP_STORED
                    archive.writestr(info, data)
                else:
                    info.compress_type = zipfile.ZIP_DEFLATED
                    archive.writestr(info, data, compresslevel=9)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
