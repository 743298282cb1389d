"""Extraction quality and cost: samizdat's published body against trafilatura alone.

    python -m bench.extraction                       # the corpus in bench/extract_corpus
    python -m bench.extraction --corpus DIR --rounds 5 --json

Each page NAME.html of the corpus comes with NAME.txt, the text a reader should see
(written by hand). Both sides are scored on the standard measure: token precision,
recall and F1 of their text against it (words, lower-cased; Chinese, Japanese and
Korean text per character). samizdat's side is the body a sync publishes (extracted,
images chosen, sanitized); trafilatura's is ``trafilatura.extract`` of the same bytes
with the options samizdat gives it. CPU time (``time.process_time``) is per page, the
two sides alternating round by round; the ratio is samizdat's over trafilatura's.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from statistics import median

CORPUS = Path(__file__).resolve().parent / "extract_corpus"
ORIGIN = "https://news.example.org/2026/03/"
# A CJK character is a token; so is every run of other word characters.
_TOKEN = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]|[^\W_]+", re.UNICODE
)
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "tr", "br")
TRAFILATURA_OPTIONS = {
    "include_comments": False,
    "include_tables": True,
    "include_images": True,
    "include_links": True,
    "include_formatting": True,
}


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float

    def as_dict(self) -> dict[str, float]:
        return {k: round(v, 4) for k, v in vars(self).items()}


def tokens(text: str) -> Counter[str]:
    return Counter(token.lower() for token in _TOKEN.findall(text))


def score(found: str, expected: str) -> Score:
    got, want = tokens(found), tokens(expected)
    common = sum((got & want).values())
    precision = common / sum(got.values()) if got else 0.0
    recall = common / sum(want.values()) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1)


def pooled(scores: list[tuple[Counter[str], Counter[str]]]) -> Score:
    """Precision and recall over all the corpus's tokens at once (micro average)."""
    common = sum(sum((g & w).values()) for g, w in scores)
    found = sum(sum(g.values()) for g, _ in scores)
    wanted = sum(sum(w.values()) for _, w in scores)
    precision = common / found if found else 0.0
    recall = common / wanted if wanted else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1)


def samizdat_text(html: bytes, url: str) -> str:
    """The text a reader sees in the body samizdat publishes for this page."""
    from samizdat.extract import article_from_page
    from samizdat.transform.images import select_images
    from samizdat.transform.sanitize import sanitize_html

    article = article_from_page(html, url)
    body, _ = select_images(article.body_html, url, max_width=1600)
    return html_text(sanitize_html(body))


def trafilatura_text(html: bytes) -> str:
    import trafilatura

    return str(trafilatura.extract(html, output_format="txt", **TRAFILATURA_OPTIONS) or "")


def html_text(html: str) -> str:
    from lxml.html import fragment_fromstring

    root = fragment_fromstring(html or "<p></p>", create_parent="div")
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    return root.text_content()


def load_corpus(corpus: Path) -> list[tuple[str, bytes, str]]:
    pages = []
    for page in sorted(corpus.glob("*.html")):
        expected = page.with_suffix(".txt").read_text(encoding="utf-8")
        pages.append((page.stem, page.read_bytes(), expected))
    if not pages:
        raise SystemExit(f"no NAME.html + NAME.txt pages in {corpus}")
    return pages


def cpu_per_page(work: Callable[[], object], pages: int) -> float:
    started = time.process_time()
    work()
    return (time.process_time() - started) / pages


def measure(corpus: Path, rounds: int) -> dict[str, object]:
    from samizdat.extract import article_from_page

    pages = load_corpus(corpus)
    per_page: dict[str, dict[str, object]] = {}
    ours_tokens, theirs_tokens = [], []
    for name, html, expected in pages:
        ours, theirs = samizdat_text(html, ORIGIN + name), trafilatura_text(html)
        ours_tokens.append((tokens(ours), tokens(expected)))
        theirs_tokens.append((tokens(theirs), tokens(expected)))
        per_page[name] = {
            "samizdat": score(ours, expected).as_dict(),
            "trafilatura": score(theirs, expected).as_dict(),
        }

    import trafilatura

    def baseline() -> None:
        for _, html, _ in pages:
            trafilatura.extract(html, output_format="html", **TRAFILATURA_OPTIONS)

    def samizdat() -> None:
        for name, html, _ in pages:
            article_from_page(html, ORIGIN + name)

    ratios, ms = [], {"trafilatura": [], "samizdat": []}
    for round_number in range(rounds):
        order = [("trafilatura", baseline), ("samizdat", samizdat)]
        timings = {n: cpu_per_page(w, len(pages)) for n, w in order[:: 1 - 2 * (round_number % 2)]}
        ratios.append(timings["samizdat"] / timings["trafilatura"])
        for key, value in timings.items():
            ms[key].append(1000 * value)
    return {
        "pages": len(pages),
        "rounds": rounds,
        "trafilatura_version": trafilatura.__version__,
        "samizdat": pooled(ours_tokens).as_dict(),
        "trafilatura": pooled(theirs_tokens).as_dict(),
        "cpu_ratio": round(median(ratios), 3),
        "cpu_ratio_range": [round(min(ratios), 3), round(max(ratios), 3)],
        "cpu_ms_per_page": {k: round(median(v), 3) for k, v in ms.items()},
        "per_page": per_page,
    }


def table(result: dict[str, object]) -> str:
    ours, theirs = result["samizdat"], result["trafilatura"]
    assert isinstance(ours, dict) and isinstance(theirs, dict)
    lines = [
        f"{result['pages']} pages, trafilatura {result['trafilatura_version']},"
        f" CPU median of {result['rounds']} rounds",
        "| extractor | precision | recall | F1 |",
        "| --- | --- | --- | --- |",
    ]
    for name, s in (("samizdat", ours), ("trafilatura alone", theirs)):
        lines.append(f"| {name} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} |")
    low, high = result["cpu_ratio_range"]  # type: ignore[misc]
    lines.append(
        f"CPU: samizdat / trafilatura alone = {result['cpu_ratio']:.2f}x"
        f" (rounds: {low:.2f}-{high:.2f}x; {result['cpu_ms_per_page']})"
    )
    per_page = result["per_page"]
    assert isinstance(per_page, dict)
    for name, pair in per_page.items():
        lines.append(
            f"  {name}: F1 {pair['samizdat']['f1']:.3f} vs {pair['trafilatura']['f1']:.3f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.extraction", description=__doc__)
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="NAME.html + NAME.txt pages")
    parser.add_argument("--rounds", type=int, default=5, help="CPU timing rounds (default: 5)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    result = measure(args.corpus, max(1, args.rounds))
    print(json.dumps(result, indent=2) if args.json else table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
