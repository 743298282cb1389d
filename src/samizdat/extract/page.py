"""Articles extracted from their fetched page: site rules first, then trafilatura.

The page is parsed once; the same tree serves the metadata, the site rules and
trafilatura (which copies it before cleaning).
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from lxml.html import HtmlElement, document_fromstring

from samizdat.discover.dates import find_datetime, parse_datetime
from samizdat.errors import ExtractError, RuleError
from samizdat.extract import metadata as meta
from samizdat.extract._fragment import (
    absolute,
    caption_of,
    captions_by_image,
    drop_leading_title,
    fix_urls,
    image_source,
    inner_html,
    restore_captions,
    text_of,
)
from samizdat.extract._players import hide_players, put_back, restore_players
from samizdat.extract._prune import prune_captions, prune_noise
from samizdat.extract.rules import (
    ExtractRules,
    drop_matching,
    drop_xpaths,
    select_first,
    select_text,
)
from samizdat.models import Article, FeedEntry

# Fewer visible characters than this, and no image: what was found is no article.
_MIN_BODY_CHARS = 40
# trafilatura's time grows faster than the page (about 0.4 s for 1 MB of HTML, 15 s for
# 10 MB) and blocks the run meanwhile: larger pages are refused, not extracted.
MAX_EXTRACT_BYTES = 4_000_000
_NOT_CONTENT = ("script", "style", "template")
_AUTHOR_LINK = 'a[rel~="author"], [itemprop="author"] [itemprop="name"], [itemprop="author"]'


def article_from_page(
    html: bytes | str,
    url: str,
    entry: FeedEntry | None = None,
    *,
    rules: ExtractRules | None = None,
    now: datetime | None = None,
) -> Article:
    """Extract an article from its page; ExtractError (naming ``url``) if there is none.

    ``entry``, when the page was announced by a feed, fills what the page does not say;
    a date more than a day after ``now`` (the run's moment) is no date.
    """
    rules = rules or ExtractRules()
    if not rules.body and len(html) > MAX_EXTRACT_BYTES:
        raise _too_large(url, len(html))
    tree = _parse(html, url)
    try:
        return _extract(tree, url, entry, rules, len(html), now)
    except RuleError as exc:
        raise ExtractError(url, str(exc)) from None


def _parse(html: bytes | str, url: str) -> HtmlElement:
    if not html.strip():
        raise ExtractError(url, "the page is empty")
    # trafilatura's loader guesses the encoding (meta charset, then detection) and
    # repairs common breakage; its tree is ours to reuse.
    tree = _trafilatura().load_html(html)
    if tree is None:
        raise ExtractError(url, "not an HTML page")
    return tree


def _extract(
    tree: HtmlElement, url: str, entry: FeedEntry | None, rules: ExtractRules, size: int,
    now: datetime | None,
) -> Article:  # fmt: skip
    base = _base_url(tree, url)
    facts = meta.read_facts(tree)
    title = select_text(tree, rules.title) or meta.title_of(facts) or (entry.title if entry else "")
    caption_elements = prune_noise(tree)
    captions = captions_by_image(tree, base)
    image_url, image_caption = _lead_image(tree, facts, rules, base, captions, entry)
    prune_captions(caption_elements)
    body = _body_by_rules(tree, rules)
    if body is None and size > MAX_EXTRACT_BYTES:
        raise _too_large(url, size)
    if body is None:
        body = _body_by_trafilatura(tree, rules)
    if body is None:
        raise ExtractError(url, "no article body found on the page")
    drop_leading_title(body, title)
    fix_urls(body, base)
    restore_captions(body, captions)
    if len("".join(body.text_content().split())) < _MIN_BODY_CHARS and body.find(".//img") is None:
        raise ExtractError(url, "no article body found: too little text is left after extraction")
    categories = meta.categories_of(facts) or list(entry.categories if entry else ())
    return Article(
        url=url,
        title=title,
        body_html=inner_html(body),
        canonical_url=meta.canonical_of(facts, base),
        published=_published(tree, facts, rules, entry, now),
        updated=meta.updated_of(facts, now) or (entry.updated if entry else None),
        author=_author(tree, facts, rules, entry),
        image_url=image_url,
        image_caption=image_caption,
        categories=tuple(dict.fromkeys(categories)),
        language=meta.language_of(facts) or (entry.language if entry else ""),
    )


def lead_image_of_page(
    html: bytes | str, url: str, rules: ExtractRules | None = None
) -> tuple[str, str]:
    """The lead image of a page and its caption (("", "") when it shows none)."""
    tree = _parse(html, url)
    base = _base_url(tree, url)
    facts = meta.read_facts(tree)
    try:
        captions = captions_by_image(tree, base)
        return _lead_image(tree, facts, rules or ExtractRules(), base, captions, None)
    except RuleError as exc:
        raise ExtractError(url, str(exc)) from None


def _too_large(url: str, size: int) -> ExtractError:
    return ExtractError(
        url,
        f"the page is {size / 1e6:.1f} MB, over the {MAX_EXTRACT_BYTES / 1e6:g} MB that"
        " the general extractor accepts (no article page is that large)",
    )


def _trafilatura() -> Any:
    """trafilatura, imported on first use: importing it takes a fifth of a second, which
    runs that extract no page (full-content feeds, nothing new) need not pay."""
    import trafilatura

    return trafilatura


def _base_url(tree: HtmlElement, url: str) -> str:
    base = tree.find(".//base[@href]")
    return absolute(base.get("href", ""), url) if base is not None else url


def _body_by_rules(tree: HtmlElement, rules: ExtractRules) -> HtmlElement | None:
    found = select_first(tree, rules.body)
    if found is None:
        # No rule, or the site changed its layout: the general extractor takes over.
        return None
    body: HtmlElement = copy.deepcopy(found)
    for element in list(body.iter(*_NOT_CONTENT)):
        element.drop_tree()
    drop_matching(body, rules.drop)
    return body


def _body_by_trafilatura(tree: HtmlElement, rules: ExtractRules) -> HtmlElement | None:
    # trafilatura drops every player: each goes through it as a marker paragraph.
    players = hide_players(tree)
    try:
        result = _extract_with_trafilatura(tree, rules)
    finally:
        put_back(players)
    if not result:
        return None
    body: HtmlElement | None = document_fromstring(result).find("body")
    if body is not None:
        restore_players(body, players)
    return body


def _extract_with_trafilatura(tree: HtmlElement, rules: ExtractRules) -> str | None:
    result: str | None = _trafilatura().extract(
        tree,
        # No URL on purpose: trafilatura resolves links against the site root, not the
        # page; fix_urls resolves them all properly afterwards.
        url=None,
        output_format="html",
        include_comments=False,
        include_tables=True,
        include_images=True,
        include_links=True,
        include_formatting=True,
        prune_xpath=drop_xpaths(rules) or None,
    )
    return result


def _lead_image(
    tree: HtmlElement,
    facts: meta.PageFacts,
    rules: ExtractRules,
    base: str,
    captions: dict[str, str],
    entry: FeedEntry | None,
) -> tuple[str, str]:
    chosen = select_first(tree, rules.image)
    if chosen is not None:
        img = chosen if chosen.tag == "img" else chosen.find(".//img")
        if img is not None and image_source(img, base):
            return image_source(img, base), caption_of(img)
    image = meta.image_of(facts, base)
    if image:
        caption = captions.get(image, "")
        if not caption and entry is not None and entry.image_url == image:
            caption = entry.image_caption
        return image, caption
    if entry is not None and entry.image_url:
        return entry.image_url, entry.image_caption
    return "", ""


def _published(
    tree: HtmlElement, facts: meta.PageFacts, rules: ExtractRules, entry: FeedEntry | None,
    now: datetime | None,
) -> datetime | None:  # fmt: skip
    element = select_first(tree, rules.date)
    if element is not None:
        stamp = element.get("datetime") or element.get("content")
        found = parse_datetime(stamp, now) if stamp else find_datetime(text_of(element), now)
        if found is not None:
            return found
    found = meta.published_of(facts, now)
    if found is None and entry is not None:
        found = entry.published or entry.updated
    if found is None:
        # Last resort, and the slow one: htmldate's heuristics over the whole page.
        import htmldate

        stamp = htmldate.find_date(tree, extensive_search=False, original_date=True)
        found = parse_datetime(stamp, now)
    return found


def _author(
    tree: HtmlElement, facts: meta.PageFacts, rules: ExtractRules, entry: FeedEntry | None
) -> str:
    by_rule = _without_by(select_text(tree, rules.author))
    declared = by_rule or meta.author_of(facts) or (entry.author if entry else "")
    # Last, the byline link WordPress and schema.org markup put in the page itself.
    return declared or _without_by(select_text(tree, _AUTHOR_LINK))


def _without_by(author: str) -> str:
    return author[3:].strip() if author.lower().startswith("by ") else author
