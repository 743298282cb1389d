"""The records a page is rendered from: what a template sees, each line it shows."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from samizdat import layout
from samizdat.models import Article, ArticleRef
from samizdat.render import _markdown as md

# The dates of a list (an index of 1,000 articles has a few hundred days at most).
_unbreakable_date = lru_cache(maxsize=4096)(md.unbreakable)

# Each script named in itself, so a reader finds theirs whatever the page's script.
SCRIPT_NAMES = {"hans": "简体", "hant": "繁體"}


@dataclass(frozen=True, slots=True)
class PageView:
    """Everything an article page shows; paths are POSIX paths from the mirror root."""

    channel_id: str
    channel_title: str
    article: Article
    body_markdown: str
    page_path: str
    qr_path: str
    lead_image: str = ""
    lead_image_caption: str = ""
    variant: str = ""  # "" for the channel's main page, else its script ("hant"/"hans")
    alternate: Alternate | None = None
    original_url: str = ""  # the original's address to link, when not the article's URL


@dataclass(frozen=True, slots=True)
class Alternate:
    """The same page in the channel's other script: this page's script, the other's, and
    the other page's path."""

    script: str
    other_script: str
    other_path: str

    def switch(self, from_path: str) -> str:
        here = SCRIPT_NAMES.get(self.script, self.script)
        there = SCRIPT_NAMES.get(self.other_script, self.other_script)
        return f"{here} · {md.link(there, layout.relative(from_path, self.other_path))}"


@dataclass(frozen=True, slots=True)
class MenuItem:
    title: str
    href: str

    @property
    def markdown(self) -> str:
        return md.link(md.escape(self.title), self.href)


@dataclass(frozen=True, slots=True)
class LeadImage:
    src: str
    alt: str
    caption: str

    @property
    def markdown(self) -> str:
        return f"![{md.escape(self.alt)}]({md.destination(self.src)})"


@dataclass(frozen=True, slots=True)
class ListItem:
    """One line of an index or of the home page: ``- [title](link) date``."""

    ref: ArticleRef
    href: str
    date: str

    @property
    def markdown(self) -> str:
        # The date first, where it cannot be pushed to a line of its own.
        title = md.link(md.escape(self.ref.title or self.ref.url), self.href)
        return f"- {_unbreakable_date(self.date)} {title}" if self.date else f"- {title}"


@dataclass(frozen=True, slots=True)
class ChannelSection:
    """One channel on the home page: its heading (linking its index) and latest items."""

    id: str
    title: str
    index: MenuItem
    entries: list[ListItem]


@dataclass(frozen=True, slots=True)
class FeedEntry:
    id: str
    title: str
    link: str
    updated: str
    published: str
