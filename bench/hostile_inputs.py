"""How long hostile inputs take to refuse or convert (timed here, not in the tests).

    PYTHONPATH=src:tests python bench/hostile_inputs.py

Prints the time of: refusing 100,000 nested elements, converting 10 MB of feed
content to Markdown whole, refusing a 10 MB page, and parsing two XML entity bombs
(tests/hostile/ checks what happens; this measures how fast).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from hostile.corpus import billion_laughs, quadratic_blowup
from samizdat.discover import parse_feed
from samizdat.errors import ContentError, ExtractError, FeedError
from samizdat.extract import article_from_entry, article_from_page
from samizdat.models import FeedEntry
from samizdat.transform.images import select_images
from samizdat.transform.markdown import html_to_markdown
from samizdat.transform.sanitize import sanitize_html

URL = "https://hostile.example/news/1.html"


def ten_megabytes_of_paragraphs() -> str:
    parts, size, i = [], 0, 0
    while size < 10_000_000:
        part = f"<p>第{i}段。Paragraph {i} of a very long text, with words enough to be real.</p>\n"
        parts.append(part)
        size += len(part.encode())
        i += 1
    return "".join(parts)


def timed(label: str, action: Callable[[], object], expected: type[Exception] | None) -> None:
    started = time.perf_counter()
    try:
        action()
    except Exception as exc:
        if expected is None or not isinstance(exc, expected):
            raise
    print(f"{label}: {(time.perf_counter() - started) * 1000:.0f} ms")


def convert(html: str) -> str:
    article = article_from_entry(FeedEntry(url=URL, title="t", content_html=html))
    normalised, _ = select_images(article.body_html, article.url, max_width=1600)
    return html_to_markdown(sanitize_html(normalised))


def main() -> None:
    deep = "<div><b>" * 50_001 + "deep" + "</b></div>" * 50_001
    timed("refuse 100,000 nested elements", lambda: sanitize_html(deep), ContentError)
    big = ten_megabytes_of_paragraphs()
    timed("convert 10 MB of feed content", lambda: convert(big), None)
    page = f"<!DOCTYPE html><html><head><title>T</title></head><body>{big}</body></html>"
    timed("refuse a 10 MB page", lambda: article_from_page(page.encode(), URL), ExtractError)
    for name, bomb in (("billion laughs", billion_laughs()), ("quadratic", quadratic_blowup())):
        timed(f"parse the {name} bomb", lambda b=bomb: parse_feed(b, URL, "rss"), FeedError)


if __name__ == "__main__":
    main()
