"""The store a run works with: opened, or rebuilt from the mirror when it is lost."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from samizdat.config import Config
from samizdat.store import Recovery, Store, open_store


@contextmanager
def run_store(
    config: Config, now: datetime, *, dry_run: bool = False
) -> Iterator[tuple[Store, Recovery | None]]:
    """The config's store, and how it was recovered if it had to be (see
    :func:`samizdat.store.open_store`). A dry run writes nothing, so it neither
    rebuilds nor moves anything: it reads the store as it is."""
    if dry_run:
        with Store(config.state_path, immutable=True) as store:
            yield store, None
        return
    sources = {channel.id: source.id for source, channel in config.channels()}
    store, recovery = open_store(config.state_path, config.output_dir, sources, now)
    with store:
        yield store, recovery
