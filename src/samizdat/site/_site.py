"""``build_site``: the whole mirror as a static HTML site in a folder."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from samizdat import layout
from samizdat.clock import Clock, system_clock
from samizdat.config import Config
from samizdat.errors import SamizdatError
from samizdat.layout import MirrorPage, classify
from samizdat.site._builder import SiteBuilder, SitePlan
from samizdat.site._cache import PageCache
from samizdat.site._output import DirectorySink
from samizdat.store import Store
from samizdat.tree import safe_read

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SiteResult:
    out: Path
    pages: int
    articles: int
    changed: int
    removed: int
    seconds: float
    converted: int = 0  # pages converted again (the others had not changed)


def check_mirror(config: Config) -> Path:
    mirror = config.output_dir
    if not (mirror / layout.HOME).is_file() and not (mirror / layout.PAGES).is_dir():
        raise SamizdatError(f"no mirror at {mirror} yet: run `samizdat sync` first")
    return mirror


def check_output(mirror: Path, out: Path) -> Path:
    """The site's folder; refuses the mirror itself, its git folder and its parents."""
    out = out.resolve()
    if out == mirror or out in mirror.parents:
        raise SamizdatError(
            f"--out {out}: would mix the site into the mirror's own files; choose a folder"
            " of its own (html.output in the config, default ./site)"
        )
    if out == mirror / ".git" or (mirror / ".git") in out.parents:
        raise SamizdatError(f"--out {out}: is inside the mirror's .git folder")
    return out


def scan_pages(mirror: Path, skip: Path | None = None) -> list[MirrorPage]:
    """Every Markdown page of the mirror, in path order (hidden folders and ``skip`` out).

    Symlinks, hard links and other entries that are not plain files of the tree are
    left out (``samizdat verify`` names them): their bytes never reach the site.
    """
    skipped = ""
    if skip is not None and skip.is_relative_to(mirror) and skip != mirror:
        skipped = skip.relative_to(mirror).as_posix() + "/"
    found: list[str] = []
    for entry in safe_read.scan(mirror, skip_hidden=True):
        if not entry.path.endswith(".md") or (skipped and entry.path.startswith(skipped)):
            continue
        if entry.reason:
            log.warning("not published: %s is %s", entry.path, entry.reason)
            continue
        found.append(entry.path)
    return [classify(path) for path in sorted(found)]


def build_site(
    config: Config,
    out: Path | None = None,
    *,
    now: datetime | None = None,
    clock: Clock = system_clock,
) -> SiteResult:
    """Build (or bring up to date) the static HTML site of ``config``'s mirror in ``out``,
    as of ``now`` (read once from ``clock`` when not given: every date the build shows
    and measures is this one moment)."""
    started = time.perf_counter()
    mirror = check_mirror(config)
    target = check_output(mirror, out or config.html_dir)
    moment = (now or clock()).replace(microsecond=0)
    sink = DirectorySink(target)
    cache = PageCache(target)
    # Read-only: a build never disturbs a sync running at the same time.
    state = Store(config.state_path, read_only=True) if config.state_path.is_file() else None
    try:
        articles = state.articles() if state else []
        plan = SitePlan(
            pages=scan_pages(mirror, skip=target),
            articles=articles,
            status=state is not None,
            feed=True,
        )
        stats = SiteBuilder(config, sink, now=moment, state=state, cache=cache).build(plan)
    finally:
        if state is not None:
            state.close()
    removed = sink.finish()
    cache.save()
    seconds = time.perf_counter() - started
    return SiteResult(
        target, stats.pages, stats.articles, sink.changed, removed, seconds, stats.converted
    )
