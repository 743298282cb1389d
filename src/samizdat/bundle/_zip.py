"""A zip of the static site holding the newest articles: unzip, open index.html."""

from __future__ import annotations

from pathlib import Path

from samizdat.bundle._select import Selection
from samizdat.bundle._zipfile import write_zip
from samizdat.config import Config
from samizdat.localtime import reader_time
from samizdat.site import MemorySink, SiteBuilder, SitePlan
from samizdat.site._labels import site_labels


def write_site_zip(config: Config, selection: Selection, target: Path, stem: str) -> None:
    sink = MemorySink()
    labels = site_labels(config.site.language)
    intro = (
        labels["bundle_intro"]
        .replace("{n}", str(len(selection.articles)))
        .replace("{date}", reader_time(selection.moment, config.site.timezone))
    )
    plan = SitePlan(
        pages=selection.pages,
        articles=selection.articles,
        generate_lists=True,
        intro=intro,
    )
    SiteBuilder(config, sink, now=selection.moment).build(plan)
    entries = [(f"{stem}/{path}", sink.read(path)) for path in sorted(sink.files)]
    write_zip(target, entries, selection.moment)
