"""Helpers of the render tests: records, config, and views of rendered Markdown."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import cmarkgfm
import lxml.html

from samizdat.config import Config, parse_config
from samizdat.models import Article, ArticleRef
from samizdat.render import PageView

PAGE_URL = "https://github.com/owner/repo/blob/{branch}/{path}"
NOW = datetime(2024, 3, 5, 6, 7, tzinfo=UTC)

ConfigFactory = Callable[..., Config]


def make_config_at(base: Path) -> ConfigFactory:
    def make(
        *,
        site: dict[str, Any] | None = None,
        templates: dict[str, Any] | None = None,
        source: dict[str, Any] | None = None,
        channel: dict[str, Any] | None = None,
    ) -> Config:
        local = {
            "id": "local",
            "title": "Local",
            "feed": "https://example.org/f",
            **(channel or {}),
        }
        data: dict[str, Any] = {
            "site": {"title": "Good News", "page_url": PAGE_URL, **(site or {})},
            "sources": [{"id": "news", "channels": [local], **(source or {})}],
        }
        if templates is not None:
            data["templates"] = templates
        return parse_config(data, base / "samizdat.toml")

    return make


def article(**changes: Any) -> Article:
    fields: dict[str, Any] = {
        "url": "https://www.example.org/gb/21/1/14/n12687349.htm",
        "title": "Talks at the UN",
        "body_html": "<p>x</p>",
        "author": "Zhong Yuan",
        "published": datetime(2021, 1, 14, 3, 8, tzinfo=UTC),
    }
    fields.update(changes)
    return Article(**fields)


def page_view(**changes: Any) -> PageView:
    fields: dict[str, Any] = {
        "channel_id": "local",
        "channel_title": "Local",
        "article": article(),
        "body_markdown": "The first paragraph.\n\nThe second one.\n",
        "page_path": "pages/local/n12687349.md",
        "qr_path": "pages/local/n12687349.png",
    }
    fields.update(changes)
    return PageView(**fields)


def ref(article_id: str, title: str, day: int | None = 1) -> ArticleRef:
    return ArticleRef(
        channel="local",
        article_id=article_id,
        title=title,
        url=f"https://www.example.org/{article_id}.htm",
        page_path=f"pages/local/{article_id}.md",
        published=datetime(2024, 3, day, 12, 0, tzinfo=UTC) if day else None,
    )


def to_html(markdown: str) -> lxml.html.HtmlElement:
    html = cmarkgfm.github_flavored_markdown_to_html(
        markdown, options=cmarkgfm.Options.CMARK_OPT_UNSAFE
    )
    return lxml.html.fragment_fromstring(html, create_parent="div")


def links(markdown: str) -> dict[str, str]:
    """Link text -> href, for every link the Markdown renders."""
    return {a.text_content(): a.get("href") for a in to_html(markdown).iter("a")}


def resolve(from_path: str, href: str) -> str:
    """Where a relative link in the file at ``from_path`` leads, from the mirror root."""
    target = href.split("?", 1)[0].split("#", 1)[0]
    return posixpath.normpath(posixpath.join(posixpath.dirname(from_path), target))


def assert_tidy(text: str) -> None:
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert "\n\n\n" not in text
    for line in text.split("\n"):
        assert line == line.rstrip(" \t"), f"trailing whitespace in {line!r}"
