"""What the collaborators of one run share, and how they record a failure."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from samizdat import layout
from samizdat.config import ChannelConfig, Config, SourceConfig
from samizdat.errors import FetchError, SamizdatError
from samizdat.fetch.client import host_key
from samizdat.models import ItemFailure, RunReport
from samizdat.pipeline._records import WorkItem
from samizdat.publish.tree import MirrorTree
from samizdat.store import Store

log = logging.getLogger("samizdat.sync")


@dataclass(frozen=True, slots=True)
class RunContext:
    """One run's config, store, tree, report and moment (read once, when it starts)."""

    config: Config
    store: Store
    tree: MirrorTree
    report: RunReport
    now: datetime
    # The names the config gives QR codes and indexes.
    names: layout.Naming
    # Every configured channel by id, with its source.
    channels: dict[str, tuple[SourceConfig, ChannelConfig]] = field(default_factory=dict)

    @classmethod
    def start(cls, config: Config, store: Store, now: datetime, *, dry_run: bool) -> RunContext:
        """The context of a run starting at ``now``, with an empty report."""
        return cls(
            config=config,
            store=store,
            tree=MirrorTree(config.output_dir, dry_run=dry_run),
            report=RunReport(started=now, dry_run=dry_run),
            now=now,
            names=layout.naming(config),
            channels={c.id: (s, c) for s, c in config.channels()},
        )

    @property
    def dry_run(self) -> bool:
        return self.report.dry_run

    def report_refused(self) -> None:
        """Files the tree would not write (a link, FIFO or device where a file of
        samizdat's belongs) become failures naming the path: the run exits non-zero."""
        for path, reason in sorted(self.tree.refused.items()):
            why = f"{reason} where samizdat writes this file: not written, nothing went"
            why += " through it; remove it and run again (samizdat verify lists such entries)"
            self.report.failures.append(ItemFailure("mirror", "", path, why, kind="publish"))
        self.tree.refused.clear()


class Failures:
    """A run's failures: in the report, and the channels they happened in (whose feed
    validators are then forgotten, so the next run retries the item)."""

    def __init__(self, context: RunContext) -> None:
        self.context = context
        self.channels: set[str] = set()

    def add(
        self,
        source: SourceConfig,
        channel: ChannelConfig,
        item: str,
        reason: str,
        *,
        kind: str = "article",
        host: str = "",
    ) -> None:
        failure = ItemFailure(source.id, channel.id, item, reason, kind=kind, host=host)
        self.context.report.failures.append(failure)
        log.debug("failed: %s: %s", item, reason)
        self.channels.add(channel.id)

    def stored(self, channel_id: str, article_id: str, exc: Exception) -> None:
        """A stored article that could not be rendered again."""
        source, channel = self.context.channels.get(channel_id, (None, None))
        if source and channel:
            self.add(source, channel, f"{channel_id}/{article_id}", str(exc))

    def item(self, item: WorkItem, exc: Exception) -> None:
        """A feed item that could not be fetched, read or written."""
        reason = str(exc) if isinstance(exc, SamizdatError) else f"{type(exc).__name__}: {exc}"
        host = host_key(exc.url) if isinstance(exc, FetchError) else ""
        self.add(item.source, item.channel, item.entry.url, reason, host=host)
        self.context.report.counts(item.channel.id).failed += 1
