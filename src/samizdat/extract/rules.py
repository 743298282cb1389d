"""Site rules: CSS selectors an operator writes for a site the general extractor gets wrong."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from cssselect import SelectorError
from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

from samizdat.errors import RuleError


@dataclass(frozen=True, slots=True)
class ExtractRules:
    """CSS selectors for one site; an empty selector means "find it yourself"."""

    body: str = ""  # the article body
    title: str = ""
    image: str = ""  # the lead <img>
    date: str = ""
    author: str = ""
    drop: tuple[str, ...] = ()  # elements to remove from the body


@lru_cache(maxsize=512)
def compiled(selector: str) -> CSSSelector:
    try:
        return CSSSelector(selector, translator="html")
    except SelectorError as exc:
        raise RuleError(f"invalid CSS selector {selector!r} in the site rules: {exc}") from None


def select_first(tree: HtmlElement, selector: str) -> HtmlElement | None:
    if not selector:
        return None
    found = compiled(selector)(tree)
    return found[0] if found else None


def select_text(tree: HtmlElement, selector: str) -> str:
    element = select_first(tree, selector)
    if element is None:
        return ""
    return " ".join(element.text_content().split())


def drop_xpaths(rules: ExtractRules) -> list[str]:
    """The drop selectors as XPath, the form trafilatura's prune_xpath takes."""
    return [compiled(selector).path for selector in rules.drop]


def drop_matching(element: HtmlElement, selectors: tuple[str, ...]) -> None:
    for selector in selectors:
        for found in compiled(selector)(element):
            if found is not element:
                found.drop_tree()
