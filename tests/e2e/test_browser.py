"""A person previewing the mirror: headless Chromium against `samizdat serve`.

The demo newspaper is mirrored once, its origin is shut down, and `samizdat serve` runs
as a real subprocess. The browser opens the home page, follows a channel, opens an
article, checks that its images load, and that no request goes anywhere but the
preview. Screenshots at phone and desktop widths land in build/screenshots/.

Needs /usr/bin/chromium (Debian's `chromium`; `make test` installs it) and Playwright's
Python client (no browser download). Without them the tests skip, except in CI (CI=true)
where they fail, so that a CI run never passes by skipping them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import samizdat
from e2e.conftest import DESKTOP, PHONE, SCREENSHOTS
from samizdat.demo.server import SiteServer, demo_site_root
from support import write_config


@pytest.fixture(scope="module")
def preview_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`samizdat serve` over the mirrored demo site, its origin already gone."""
    work = tmp_path_factory.mktemp("mirror")
    src = str(Path(samizdat.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    with SiteServer(demo_site_root()) as origin:
        config = write_config(work, origin.base_url, source={"exclude": [r"\[视频\]"]})
        synced = subprocess.run(
            [sys.executable, "-m", "samizdat", "sync", "-c", str(config), "-q", "--no-push"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert synced.returncode == 0, synced.stderr
    command = [sys.executable, "-m", "samizdat", "serve", "-c", str(config), "--port", "0"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert match, f"samizdat serve printed {line!r}"
        yield match.group()
    finally:
        server.terminate()
        code = server.wait(timeout=5)
        if server.stdout is not None:
            server.stdout.close()
        assert code == 0


class Visit:
    """A browser tab that records every request and failed response, and lets through
    only requests to the preview (others are recorded, then refused)."""

    def __init__(self, context: Any, viewport: dict[str, int], base_url: str) -> None:
        self.page = context.new_page()
        self.page.set_viewport_size(viewport)
        self.base = urllib.parse.urlsplit(base_url)
        self.requests: list[str] = []
        self.failures: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.route("**/*", self._gate)
        self.page.on(
            "response",
            lambda r: self.failures.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )

    def _gate(self, route: Any) -> None:
        if self._ours(route.request.url):
            route.continue_()
        else:
            route.abort()

    def _ours(self, url: str) -> bool:
        parts = urllib.parse.urlsplit(url)
        return (parts.scheme, parts.hostname, parts.port) == (
            "http",
            self.base.hostname,
            self.base.port,
        )

    def follow(self, link: Any) -> None:
        """Click a link and wait until the new page has loaded, images included."""
        with self.page.expect_navigation(wait_until="load"):
            link.click()

    def shoot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    def images(self) -> list[tuple[str, bool]]:
        return [
            (src, bool(loaded))
            for src, loaded in self.page.eval_on_selector_all(
                "article img", "imgs => imgs.map(i => [i.src, i.complete && i.naturalWidth > 0])"
            )
        ]

    def fits_width(self) -> bool:
        return bool(
            self.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        )

    def assert_stayed_on_the_preview(self) -> None:
        assert self.requests
        assert [url for url in self.requests if not self._ours(url)] == []
        assert self.failures == []


@pytest.mark.parametrize(("width", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_reader_goes_home_then_channel_then_article_and_sees_its_images(
    browser_context: Any, preview_url: str, width: str, viewport: dict[str, int]
) -> None:
    visit = Visit(browser_context, viewport, preview_url)
    page = visit.page

    page.goto(preview_url)
    assert page.inner_text("article h1") == "Test Mirror"
    assert visit.fits_width()
    visit.shoot(f"home-{width}")

    visit.follow(page.locator('article a[href="indexes/world.md"]').first)  # the menu
    assert page.url == preview_url + "indexes/world.md"
    articles = page.locator('article a[href^="../pages/world/"]')
    assert articles.count() >= 5
    visit.shoot(f"channel-world-{width}")

    title = articles.first.inner_text()
    visit.follow(articles.first)
    assert re.fullmatch(re.escape(preview_url) + r"pages/world/[\w-]+\.md", page.url)
    assert page.inner_text("article h1") == title
    images = visit.images()
    assert any("/assets/" in src for src, _ in images), images  # the article's own images
    assert any(re.search(r"/pages/world/[\w-]+\.png$", src) for src, _ in images)  # its QR
    assert all(loaded for _, loaded in images), images
    assert visit.fits_width()
    visit.shoot(f"article-world-{width}")

    visit.assert_stayed_on_the_preview()
    page.close()


def test_chinese_channel_article_with_a_table_at_phone_width(
    browser_context: Any, preview_url: str
) -> None:
    visit = Visit(browser_context, PHONE, preview_url)
    page = visit.page
    page.goto(preview_url + "indexes/local.md")
    visit.follow(page.locator('article a[href^="../pages/local/"]').first)
    assert page.locator("article table").count() >= 1  # the budget table
    assert all(loaded for _, loaded in visit.images())
    assert visit.fits_width()  # a wide table scrolls inside itself, not the page
    visit.shoot("article-local-phone")
    # Back home through the page's own menu.
    visit.follow(page.locator("article a").first)
    assert urllib.parse.urlsplit(page.url).path == "/README.md"
    visit.assert_stayed_on_the_preview()
    page.close()


def test_the_request_check_sees_a_request_that_leaves(
    browser_context: Any, preview_url: str
) -> None:
    """The control: a page loading from elsewhere is caught (and refused)."""
    visit = Visit(browser_context, PHONE, preview_url)
    visit.page.goto(preview_url)
    visit.page.set_content('<img src="http://192.0.2.1/pixel.gif"><img src="/feed.xml">')
    visit.page.wait_for_load_state()
    assert "http://192.0.2.1/pixel.gif" in visit.requests
    with pytest.raises(AssertionError):
        visit.assert_stayed_on_the_preview()
    visit.page.close()
