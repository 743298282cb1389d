"""Reader-facing dates and times, in the mirror's time zone (``site.timezone``).

Every date a reader sees (bylines, indexes, the home page, the static site, bundles,
status pages) goes through :func:`reader_time` or :func:`reader_date`, so a reader in
Beijing sees an article published at 23:45 UTC on 30 September dated 1 October. A
time is labelled with its offset from UTC ("2021-10-01 07:45 UTC+8"): abbreviations
are ambiguous (Asia/Shanghai's "CST" is also US Central time), offsets are not.
Machine-facing stamps (Atom, EPUB metadata, commit messages) stay in UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "UTC"


@lru_cache(maxsize=32)
def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``; raises ValueError naming it when there is no such zone."""
    try:
        if not name or name != name.strip() or name.startswith(("/", ".")) or ".." in name:
            raise ValueError
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(
            f"{name!r} is not an IANA time zone name (e.g. Asia/Shanghai, Europe/Berlin, UTC)"
        ) from None


def local(moment: datetime, zone_name: str = DEFAULT_ZONE) -> datetime:
    """``moment`` in the zone; a naive datetime is taken to be UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone(zone_name))


def offset_label(moment: datetime) -> str:
    """``UTC``, ``UTC+8``, ``UTC-3:30``: the offset of an aware ``moment``."""
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def reader_time(moment: datetime, zone_name: str = DEFAULT_ZONE) -> str:
    """``YYYY-MM-DD HH:MM`` in the zone, labelled: ``2021-10-01 07:45 UTC+8``."""
    shown = local(moment, zone_name)
    return f"{shown:%Y-%m-%d %H:%M} {offset_label(shown)}"


def reader_date(moment: datetime, zone_name: str = DEFAULT_ZONE) -> str:
    """``YYYY-MM-DD``: the day it is in the zone at ``moment``."""
    return f"{local(moment, zone_name):%Y-%m-%d}"
