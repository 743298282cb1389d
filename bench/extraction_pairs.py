"""Extraction CPU against trafilatura alone, interleaved page by page.

    python -m bench.extraction_pairs [--rounds 60] [--site-pages 100 --site-rounds 4]
    PYTHONPATH=/path/to/other/src python -m bench.extraction_pairs     # another version

``bench.extraction`` and ``bench.run extraction`` time each side over the whole corpus
in turn; on a shared machine the load changes between the two halves of a round and
single rounds range over 0.7-1.9x. Here each page is extracted by both, one right
after the other (the order alternating), and the CPU time (``time.thread_time``) of
each side is summed over all pages and rounds: both sides see the same moments of the
machine. Two page sets: the extraction corpus (``bench/extract_corpus``) and the bench
site's generated pages (~21 kB each, as ``bench.run extraction``). Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable

from bench.extraction import CORPUS, ORIGIN, TRAFILATURA_OPTIONS, load_corpus

_SITE_ORIGIN = "https://news.example.org"


def corpus_pages() -> list[tuple[str, bytes]]:
    return [(ORIGIN + name, html) for name, html, _ in load_corpus(CORPUS)]


def site_pages(count: int) -> list[tuple[str, bytes]]:
    from bench import site

    pages = []
    for k in range(count):
        channel, number = k % 2, 1000 + k
        html = site.page_html(channel, number, images=True).replace(site.ORIGIN, _SITE_ORIGIN)
        url = site.article_url(channel, number).replace(site.ORIGIN, _SITE_ORIGIN)
        pages.append((url, html.encode("utf-8")))
    return pages


def pairs(pages: list[tuple[str, bytes]], rounds: int) -> dict[str, float]:
    import trafilatura

    from samizdat.extract import article_from_page

    def ours(url: str, html: bytes) -> None:
        article_from_page(html, url)

    def theirs(url: str, html: bytes) -> None:
        trafilatura.extract(html, output_format="html", **TRAFILATURA_OPTIONS)

    for url, html in pages[:5]:  # imports, caches
        ours(url, html)
        theirs(url, html)
    spent = {"samizdat": 0.0, "trafilatura": 0.0}
    sides: tuple[tuple[str, Callable[[str, bytes], None]], ...] = (
        ("samizdat", ours),
        ("trafilatura", theirs),
    )
    for round_number in range(rounds):
        for index, (url, html) in enumerate(pages):
            for name, work in sides[:: 1 - 2 * ((index + round_number) % 2)]:
                started = time.thread_time()
                work(url, html)
                spent[name] += time.thread_time() - started
    count = len(pages) * rounds
    return {
        "pages": len(pages),
        "rounds": rounds,
        "samizdat_ms": round(1000 * spent["samizdat"] / count, 3),
        "trafilatura_ms": round(1000 * spent["trafilatura"] / count, 3),
        "ratio": round(spent["samizdat"] / spent["trafilatura"], 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.extraction_pairs", description=__doc__)
    parser.add_argument("--rounds", type=int, default=60, help="rounds over the corpus")
    parser.add_argument("--site-pages", type=int, default=100)
    parser.add_argument("--site-rounds", type=int, default=4)
    args = parser.parse_args(argv)
    import samizdat

    result = {
        "samizdat": str(samizdat.__file__),
        "corpus": pairs(corpus_pages(), max(1, args.rounds)),
        "site": pairs(site_pages(max(1, args.site_pages)), max(1, args.site_rounds)),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
