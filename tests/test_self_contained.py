"""A mirror loads from itself alone: images local, links resolved, failures retried.

These run the real pipeline against the demo site on 127.0.0.1 and read the mirror the
way a git host shows it: each page rendered with cmarkgfm (GitHub's GFM library), then
every image and link of the HTML checked against the files of the mirror.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import cmarkgfm
import lxml.html
import pytest
from cmarkgfm.cmark import Options
from PIL import Image

from samizdat.config import load_config
from samizdat.demo.server import SiteServer
from samizdat.models import RunReport
from samizdat.pipeline import sync
from support import write_config

GFM = Options.CMARK_OPT_UNSAFE  # keep raw HTML so <img>/<sup> fallbacks are checked too


def run_sync(config_path: Path) -> RunReport:
    return asyncio.run(sync(load_config(config_path), push=False))


@dataclass
class PageRefs:
    images: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    stylesheets: list[str] = field(default_factory=list)


def page_refs(page: Path) -> PageRefs:
    """The image sources, link targets and stylesheets of a page as GitHub renders it."""
    html = cmarkgfm.github_flavored_markdown_to_html(page.read_text(encoding="utf-8"), GFM)
    tree = lxml.html.fromstring(f"<div>{html}</div>")
    refs = PageRefs()
    refs.images = [str(v) for v in tree.xpath("//img/@src | //source/@srcset")]
    refs.links = [str(v) for v in tree.xpath("//a/@href")]
    refs.stylesheets = [str(v) for v in tree.xpath("//link/@href")]
    return refs


def resolves(page: Path, mirror: Path, target: str) -> bool:
    path = unquote(urlsplit(target).path)
    if not path:
        return True  # a fragment on the same page
    resolved = (page.parent / path).resolve()
    return resolved.is_relative_to(mirror.resolve()) and resolved.is_file()


def is_relative(target: str) -> bool:
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and not target.startswith("/")


def test_demo_mirror_loads_completely_with_the_origin_stopped(
    tmp_path: Path, origin: SiteServer
) -> None:
    config = write_config(tmp_path, origin.base_url, source={"exclude": [r"\[视频\]"]})
    origin_host = urlsplit(origin.base_url).netloc
    report = run_sync(config)
    origin.stop()
    mirror = tmp_path / "mirror"

    problems: list[str] = []
    image_count = 0
    pages = sorted(mirror.rglob("*.md"))
    assert len(pages) > 30
    for page in pages:
        name = page.relative_to(mirror)
        refs = page_refs(page)
        for src in refs.images + refs.stylesheets:
            if origin_host in src or not is_relative(src):
                problems.append(f"{name}: loads {src} from outside the mirror")
            elif not resolves(page, mirror, src):
                problems.append(f"{name}: {src} is not a file of the mirror")
            else:
                image_count += 1
                with Image.open(page.parent / unquote(src)) as image:
                    image.verify()
        for href in refs.links:
            if is_relative(href) and not resolves(page, mirror, href):
                problems.append(f"{name}: link {href} does not resolve")
    assert problems == []
    # Every page shows its QR code; articles show their pictures on top of that.
    articles = list((mirror / "pages").rglob("*.md"))
    assert image_count > len(articles) + 20
    assert report.exit_code == 0


def test_a_broken_image_leaves_its_words_and_no_link_to_the_origin(
    tmp_path: Path, origin: SiteServer
) -> None:
    config = write_config(tmp_path, origin.base_url)
    run_sync(config)
    page = tmp_path / "mirror" / "pages" / "culture" / "a3007.md"
    text = page.read_text(encoding="utf-8")
    # street-3.jpg is missing at the origin: the caption stays, the image is its words,
    # with no link to the origin readers cannot reach.
    assert "三等奖作品《放学》" in text
    assert "street-3.jpg" not in text
    assert not re.search(r"!\[[^\]]*\]\(http", text)


def test_an_image_that_failed_is_retried_on_the_next_run(
    tmp_path: Path, site_dir: Path, origin: SiteServer
) -> None:
    image = site_dir / "img" / "council-hall.jpg"
    saved = image.read_bytes()
    image.unlink()
    config = write_config(tmp_path, origin.base_url)
    page = tmp_path / "mirror" / "pages" / "local" / "a1001.md"

    first = run_sync(config)
    assert first.failures == []  # a missing image never fails its article
    assert first.counts("local").new >= 1
    assert "council-hall.jpg" not in page.read_text(encoding="utf-8")  # no origin link
    assert not [src for src in page_refs(page).images if src.startswith("../../assets/")]

    image.write_bytes(saved)
    second = run_sync(config)
    text = page.read_text(encoding="utf-8")
    assert "council-hall.jpg" not in text
    local = [src for src in page_refs(page).images if src.startswith("../../assets/")]
    assert local, "the retried image is now a mirror asset"
    assert all(resolves(page, tmp_path / "mirror", src) for src in local)
    assert second.counts("local").updated == 1

    third = run_sync(config)  # nothing left to retry: nothing changes
    assert third.counts("local").updated == 0
    assert third.commit is None


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_a_page_is_relinked_when_the_article_it_links_to_is_mirrored_later(
    tmp_path: Path, site_dir: Path, origin: SiteServer, scheme: str
) -> None:
    feed = site_dir / "feeds" / "world.atom"
    # The linking article may name the other by its https twin: still the same article.
    twin = origin.base_url.replace("http://", f"{scheme}://") + "/news/world/2026/11/a2001.html"
    full = feed.read_text(encoding="utf-8").replace(
        "{{ORIGIN}}/news/world/2026/11/a2001.html&quot;", twin + "&quot;"
    )
    entry = re.search(r"<entry>(?:(?!</entry>).)*?world/a2001</id>.*?</entry>\s*", full, re.S)
    assert entry
    feed.write_text(full.replace(entry.group(0), ""), encoding="utf-8")
    config = write_config(tmp_path, origin.base_url, source={"links": "text"})
    linking = tmp_path / "mirror" / "pages" / "world" / "a2005.md"

    run_sync(config)
    assert not (tmp_path / "mirror" / "pages" / "world" / "a2001.md").exists()
    assert "a2001.md" not in page_refs(linking).links
    assert not any("a2001" in href for href in page_refs(linking).links)

    feed.write_text(full, encoding="utf-8")
    report = run_sync(config)
    assert report.counts("world").new == 1
    assert report.counts("world").updated >= 1
    assert "a2001.md" in page_refs(linking).links
    assert resolves(linking, tmp_path / "mirror", "a2001.md")
