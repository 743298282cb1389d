"""A reader with a copy on disk: the static site and the single-file bundle opened from
``file://`` in headless Chromium, with no request leaving the copy.

The site: home page, a channel, an article whose images load, at phone and desktop
widths (screenshots in build/screenshots/). The single HTML file: every picture shows,
and the only thing the browser loads is the file itself (images are inlined).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from e2e.conftest import DESKTOP, PHONE, SCREENSHOTS
from mirror_support import NOW, demo_config
from samizdat.bundle import make_bundle
from samizdat.config import Config, load_config
from samizdat.site import build_site


# Requested before the browser: the demo's sync runs its own event loop, which cannot
# start inside Playwright's.
@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Config:
    return load_config(demo_config(tmp_path_factory))


class FileVisit:
    """A tab that records every request, lets through only files under ``root``."""

    def __init__(self, context: Any, viewport: dict[str, int], root: Path) -> None:
        self.root = root.resolve()
        self.page = context.new_page()
        self.page.set_viewport_size(viewport)
        self.requests: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.route("**/*", self._gate)

    def _gate(self, route: Any) -> None:
        if self.inside(route.request.url):
            route.continue_()
        else:
            route.abort()

    def inside(self, url: str) -> bool:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme == "data":
            return url.startswith("data:image/")
        path = Path(urllib.parse.unquote(parts.path)).resolve()
        return parts.scheme == "file" and path.is_relative_to(self.root)

    def follow(self, link: Any) -> None:
        with self.page.expect_navigation(wait_until="load"):
            link.click()

    def images(self) -> list[tuple[str, bool]]:
        return [
            (src, bool(loaded))
            for src, loaded in self.page.eval_on_selector_all(
                "img", "imgs => imgs.map(i => [i.src, i.complete && i.naturalWidth > 0])"
            )
        ]

    def shoot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    def assert_stayed_inside(self) -> None:
        assert self.requests
        assert [url for url in self.requests if not self.inside(url)] == []


@pytest.fixture(scope="module")
def site(demo: Config, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield build_site(demo, tmp_path_factory.mktemp("site") / "site", now=NOW).out


@pytest.mark.parametrize(("width", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_static_site_from_file_home_channel_article(
    site: Path, browser_context: Any, width: str, viewport: dict[str, int]
) -> None:
    visit = FileVisit(browser_context, viewport, site)
    page = visit.page
    page.goto((site / "index.html").as_uri())
    visit.shoot(f"site-home-{width}")

    visit.follow(page.locator('a[href="indexes/world.html"]').first)
    assert page.url.endswith("/indexes/world.html")
    articles = page.locator('a[href^="../pages/world/"]')
    assert articles.count() >= 5
    title = articles.first.inner_text()
    visit.follow(articles.first)
    assert page.inner_text("h1") == title
    images = visit.images()
    assert any("/assets/" in src for src, _ in images), images
    assert all(loaded for _, loaded in images), images
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    visit.shoot(f"site-article-{width}")
    visit.assert_stayed_inside()
    page.close()


def test_single_file_bundle_loads_nothing_but_itself(
    demo: Config, browser_context: Any, tmp_path: Path
) -> None:
    bundle = make_bundle(demo, 10, "html", tmp_path).path
    visit = FileVisit(browser_context, PHONE, tmp_path)
    visit.page.goto(bundle.as_uri())
    visit.page.wait_for_load_state("load")
    images = visit.images()
    assert len(images) >= 10 and all(loaded for _, loaded in images), images
    assert all(src.startswith("data:image/") for src, _ in images)
    assert [u for u in visit.requests if not u.startswith("data:")] == [bundle.as_uri()]
    visit.shoot("bundle-single-file-phone")
    visit.page.close()


@pytest.mark.parametrize(("width", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_status_page_fits_and_its_labels_are_legible(
    site: Path, browser_context: Any, width: str, viewport: dict[str, int]
) -> None:
    """At 390 px: no horizontal overflow, chart labels at least 11 px high as drawn,
    and no table header broken over lines (CJK headers used to wrap a character a line)."""
    visit = FileVisit(browser_context, viewport, site)
    page = visit.page
    page.goto((site / "status.html").as_uri())
    visit.shoot(f"site-status-{width}")
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
        " > window.innerWidth + 1).map(e => e.tagName + '.' + e.className + ' '"
        " + Math.round(e.getBoundingClientRect().right))"
    )
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), wide
    label_heights = page.eval_on_selector_all(
        "figure.chart svg text", "ts => ts.map(t => t.getBoundingClientRect().height)"
    )
    assert label_heights and min(label_heights) >= 11, label_heights
    header_lines = page.eval_on_selector_all(
        "table.freshness thead th",
        "ths => ths.map(th => { const r = document.createRange(); r.selectNodeContents(th);"
        " return new Set([...r.getClientRects()].map(c => Math.round(c.top))).size; })",
    )
    assert header_lines and max(header_lines) == 1, header_lines
    visit.shoot(f"site-status-{width}")
    visit.assert_stayed_inside()
    page.close()
