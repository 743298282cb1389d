"""Article metadata read from a parsed page: <meta>, <link>, JSON-LD, <time>, <title>.

One walk over the tree collects everything; the choice between sources happens after.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from lxml.html import HtmlElement

from samizdat.discover.dates import parse_datetime
from samizdat.extract._fragment import absolute, text_of

_ARTICLE_TYPES = re.compile(r"Article|BlogPosting|Report|NewsArticle|WebPage", re.I)
_TITLE_SEPARATORS = re.compile(r"\s+[-\u2013\u2014|_\u00b7\u2022]\s+|\s*[|\uff5c_]\s*")
_MIN_TITLE_PART = 4


@dataclass(slots=True)
class PageFacts:
    """What the page says about itself, source by source, before any choice is made."""

    meta: dict[str, list[str]] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)
    ld: dict[str, Any] = field(default_factory=dict)
    html_lang: str = ""
    title_tag: str = ""
    headings: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)

    def first(self, *names: str) -> str:
        for name in names:
            for value in self.meta.get(name, ()):
                if value.strip():
                    return value.strip()
        return ""

    def all(self, *names: str) -> list[str]:
        return [v.strip() for name in names for v in self.meta.get(name, ()) if v.strip()]


def read_facts(tree: HtmlElement) -> PageFacts:
    facts = PageFacts(html_lang=(tree.get("lang") or tree.get("xml:lang") or "").strip())
    for element in tree.iter("meta", "link", "title", "h1", "time", "script"):
        tag = element.tag
        if tag == "meta":
            key = element.get("property") or element.get("name") or element.get("itemprop")
            key = key or element.get("http-equiv")
            if key and element.get("content") is not None:
                facts.meta.setdefault(key.strip().lower(), []).append(element.get("content", ""))
        elif tag == "link":
            rel = (element.get("rel") or "").lower()
            if rel and element.get("href"):
                facts.links.setdefault(rel, element.get("href", ""))
        elif tag == "title" and not facts.title_tag:
            facts.title_tag = text_of(element)
        elif tag == "h1":
            facts.headings.append(text_of(element))
        elif tag == "time":
            stamp = element.get("datetime") or ""
            if stamp.strip():
                facts.times.append(stamp)
        elif tag == "script" and "ld+json" in (element.get("type") or "") and not facts.ld:
            facts.ld = _article_ld(element.text or "")
    return facts


def _article_ld(text: str) -> dict[str, Any]:
    """The Article object of a JSON-LD block, wherever it sits (list, @graph)."""
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    pending = [data]
    while pending:
        node = pending.pop(0)
        if isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, dict):
            kind = node.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            is_article = any(isinstance(k, str) and _ARTICLE_TYPES.search(k) for k in kinds)
            if is_article and ("headline" in node or "datePublished" in node):
                return node
            pending.extend(node.get("@graph") or [])
    return {}


def ld_text(value: Any) -> str:
    """A JSON-LD value that may be a string, an object with a name/url, or a list of them."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return ", ".join(t for t in (ld_text(v) for v in value) if t)
    if isinstance(value, dict):
        return ld_text(value.get("name") or value.get("url") or "")
    return ""


def title_of(facts: PageFacts) -> str:
    declared = facts.first("og:title", "twitter:title") or ld_text(facts.ld.get("headline"))
    if declared:
        return " ".join(declared.split())
    title = facts.title_tag
    for heading in facts.headings:
        if len(heading) >= _MIN_TITLE_PART and (not title or heading in title):
            return heading
    if not title:
        return ""
    # "Headline | Site name", "标题_频道_网站": keep the longest part.
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p and p.strip()]
    return max(parts, key=len) if parts else title


def canonical_of(facts: PageFacts, base: str) -> str:
    link = facts.links.get("canonical") or facts.first("og:url")
    return absolute(link, base) if link else ""


def published_of(facts: PageFacts, now: datetime | None = None) -> datetime | None:
    candidates = [
        facts.first(
            "article:published_time",
            "og:article:published_time",
            "datepublished",
            "pubdate",
            "publishdate",
            "publish-date",
            "parsely-pub-date",
            "sailthru.date",
            "dc.date.issued",
            "dc.date",
        ),
        ld_text(facts.ld.get("datePublished")),
        *facts.times[:1],
    ]
    return _first_date(candidates, now)


def updated_of(facts: PageFacts, now: datetime | None = None) -> datetime | None:
    candidates = [
        facts.first("article:modified_time", "og:updated_time", "datemodified", "last-modified"),
        ld_text(facts.ld.get("dateModified")),
    ]
    return _first_date(candidates, now)


def _first_date(candidates: list[str], now: datetime | None) -> datetime | None:
    for candidate in candidates:
        parsed = parse_datetime(candidate, now)
        if parsed is not None:
            return parsed
    return None


def author_of(facts: PageFacts) -> str:
    for candidate in (facts.first("author", "byl", "dc.creator"), facts.first("article:author")):
        candidate = re.sub(r"^by\s+", "", candidate, flags=re.I)
        if candidate and "://" not in candidate:
            return candidate
    return ld_text(facts.ld.get("author"))


def image_of(facts: PageFacts, base: str) -> str:
    image = facts.first("og:image", "og:image:url", "og:image:secure_url", "twitter:image")
    if not image:
        ld_image = facts.ld.get("image")
        image = ld_text(ld_image[0] if isinstance(ld_image, list) and ld_image else ld_image)
    return absolute(image, base) if image else ""


def categories_of(facts: PageFacts) -> list[str]:
    found = facts.all("article:section", "article:tag")
    if not found:
        found = [ld_text(facts.ld.get("articleSection"))]
        keywords = facts.ld.get("keywords")
        found += keywords if isinstance(keywords, list) else [ld_text(keywords)]
    if not any(isinstance(f, str) and f for f in found):
        found = facts.first("news_keywords", "keywords").split(",")
    return [f.strip() for f in found if isinstance(f, str) and f.strip()]


def language_of(facts: PageFacts) -> str:
    language = (
        facts.html_lang
        or facts.first("content-language", "og:locale")
        or ld_text(facts.ld.get("inLanguage"))
    )
    return language.split(",")[0].strip().replace("_", "-")
