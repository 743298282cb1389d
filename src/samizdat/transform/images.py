"""Choose the one URL each article image is mirrored from, and point images at the mirror.

News sites rarely write a plain ``<img src>``: the real picture hides in ``srcset``,
lazy-load attributes, ``<picture><source>`` or a ``<noscript>`` fallback behind a
placeholder. :func:`select_images` runs on the raw article body (before sanitizing,
which drops ``<noscript>`` with its content) and leaves each image as a single
``<img src>`` with an absolute URL; the orchestrator downloads those URLs. After
sanitizing, :func:`rewrite_images` points each ``src`` at the mirrored copy, or turns
an image that could not be mirrored into its words (not a link to the blocked origin).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml.html import HtmlElement

from samizdat.transform._fragment import parse as _parse
from samizdat.transform._fragment import serialize as _serialize

SRCSET_ATTRS = ("srcset", "data-srcset", "data-lazy-srcset")
# In order of preference: sites that set several usually put the largest last.
LAZY_SRC_ATTRS = ("data-src", "data-lazy-src", "data-original", "data-lazy")
_DROPPED_ATTRS = (*SRCSET_ATTRS, *LAZY_SRC_ATTRS, "sizes", "loading", "decoding")
# File names that sites use for the stand-in shown until a script swaps the real image in.
_PLACEHOLDER = re.compile(
    r"blank|placeholder|spacer|lazy|transparent|pixel\.|1x1|loading\.|dummy|empty\.", re.I
)
# A srcset candidate: a URL (which may itself hold commas) and optional descriptors.
_CANDIDATE = re.compile(r"(?P<url>[^\s,]\S*?)(?:,+(?=\s|$)|\s+(?P<desc>[^,]*)(?:,|$)|$)")
# <source type> values the mirror cannot store (assets accepts JPEG/PNG/GIF/WebP only).
_UNSUPPORTED_TYPE = re.compile(r"avif|jxl|svg|heic|heif|jp2", re.I)
_NOSCRIPT_MARK = "data-samizdat-noscript"


@dataclass(frozen=True, slots=True)
class Candidate:
    """One image URL with what its srcset descriptor says about its size."""

    url: str
    width: int | None = None  # a "w" descriptor, or the img's width attribute
    density: float = 1.0  # an "x" descriptor; 1 when there is none


def select_images(html: str, base_url: str, *, max_width: int) -> tuple[str, list[str]]:
    """Normalise every image of a raw (unsanitized) article body to a single absolute `src`,
    and return the new HTML and the image URLs in document order (deduplicated).

    Images that end up with no usable http(s) URL (``data:`` images, placeholders with
    no real image behind them, tracking pixels) are removed, keeping surrounding text.
    """
    if not re.search(r"<(img|source)\b", html, re.I):
        return html, []
    root = _parse(html)
    _unwrap_noscripts(root, max_width)
    for picture in list(root.iter("picture")):
        _flatten_picture(picture, base_url, max_width)
    urls: list[str] = []
    for img in list(root.iter("img")):
        url = _settle_img(img, _img_choice(img, max_width), base_url)
        if url is None:
            continue
        if img.attrib.pop(_NOSCRIPT_MARK, None) is not None and url in urls:
            img.drop_tree()  # a no-script copy of an image the page already shows
        elif url not in urls:
            urls.append(url)
    return _serialize(root), urls


def rewrite_images(
    html: str, resolve: Callable[[str], str | None], *, unnamed: str = "image"
) -> str:
    """Point each <img src> at its mirrored copy: resolve(url) -> local path/URL, or None when
    the image could not be mirrored: then replace the img by its alt text (or ``unnamed``,
    the page's word for "image"), once and not linked: the origin is what readers cannot
    reach. A later run that mirrors the image renders the page again with it.

    Meant for sanitized HTML that went through :func:`select_images`; any ``srcset`` or
    ``<source>`` left over is dropped, since it would load from the origin.
    """
    if not re.search(r"<(img|source)\b", html, re.I):
        return html
    root = _parse(html)
    for source in list(root.iter("source")):
        source.drop_tag()  # lxml nests what follows a <source> inside it: keep that
    for img in list(root.iter("img")):
        for attr in ("srcset", "sizes"):
            img.attrib.pop(attr, None)
        src = (img.get("src") or "").strip()
        local = resolve(src) if src else None
        if local is not None:
            img.set("src", local)
        elif src:
            _replace_by_words(img, unnamed)
        else:
            img.drop_tree()
    return _serialize(root)


def parse_srcset(value: str) -> list[Candidate]:
    """The candidates of a ``srcset`` value; a descriptor that is not w or x counts as 1x."""
    candidates = []
    for match in _CANDIDATE.finditer(value):
        url, descriptor = match["url"], (match["desc"] or "").strip().lower()
        width, density = None, 1.0
        if re.fullmatch(r"\d+w", descriptor):
            width = int(descriptor[:-1])
        elif re.fullmatch(r"\d*\.?\d+x", descriptor):
            density = float(descriptor[:-1])
        candidates.append(Candidate(url, width, density))
    return candidates


def best_candidate(candidates: Iterable[Candidate], max_width: int) -> Candidate | None:
    """The largest candidate up to ``max_width`` wide (the smallest if all are wider);
    among candidates of unknown width, the one of largest density."""
    usable = [c for c in candidates if is_usable(c.url)]
    sized = [c for c in usable if c.width is not None]
    if sized:
        fitting = [c for c in sized if (c.width or 0) <= max_width]
        if fitting:
            return max(fitting, key=lambda c: c.width or 0)
        return min(sized, key=lambda c: c.width or 0)
    return max(usable, key=lambda c: c.density, default=None)


def is_usable(url: str) -> bool:
    """False for what cannot be the real image: empty, ``data:``, a known placeholder."""
    url = url.strip()
    if not url or url.lower().startswith(("data:", "about:", "javascript:")):
        return False
    try:
        name = urlsplit(url).path.rsplit("/", 1)[-1]
    except ValueError:  # e.g. a broken IPv6 host
        return False
    return not _PLACEHOLDER.search(name)


def _img_choice(img: HtmlElement, max_width: int) -> Candidate | None:
    """The best URL of one <img>: its src (or a lazy stand-in for it) against its srcsets."""
    src = (img.get("src") or "").strip()
    if not is_usable(src):
        lazy = (img.get(attr, "").strip() for attr in LAZY_SRC_ATTRS)
        src = next((url for url in lazy if is_usable(url)), "")
    return best_candidate(_candidates(img, src), max_width)


def _candidates(element: HtmlElement, src: str) -> list[Candidate]:
    found = [c for attr in SRCSET_ATTRS for c in parse_srcset(element.get(attr) or "")]
    if src:
        # src is the 1x image; its width is known if a srcset lists it or the tag says so.
        width = next((c.width for c in found if c.url == src), None)
        found.append(Candidate(src, width or _int_attr(element, "width")))
    return found


def _flatten_picture(picture: HtmlElement, base_url: str, max_width: int) -> None:
    """Replace a <picture> by one <img> holding the best of its sources and its img."""
    img = next(picture.iter("img"), None)
    choice = _img_choice(img, max_width) if img is not None else None
    sources = [
        _candidates(source, "")
        for source in picture.iter("source")
        if not _UNSUPPORTED_TYPE.search(source.get("type") or "")
    ]
    sized = [c for candidates in sources for c in candidates if c.width is not None]
    if sized:  # widths compare across sources
        known = [choice] if choice is not None and choice.width is not None else []
        choice = best_candidate([*sized, *known], max_width)
    elif sources:  # densities only within one srcset: the browser takes the first source
        first = best_candidate(sources[0], max_width)
        if first is not None and (choice is None or first.density > choice.density):
            choice = first
    replacement = lxml.html.Element("img")
    for attr in ("alt", "title", "width", "height", _NOSCRIPT_MARK):
        value = img.get(attr) if img is not None else picture.get(attr)
        if value is not None:
            replacement.set(attr, value)
    replacement.set("src", choice.url if choice else "")
    replacement.tail = picture.tail
    picture.getparent().replace(picture, replacement)


def _settle_img(img: HtmlElement, choice: Candidate | None, base_url: str) -> str | None:
    """Leave ``img`` with just its absolute src and return it, or remove the img."""
    url = _absolute(base_url, choice.url) if choice else None
    if url is None or _is_tracking_pixel(img):
        img.drop_tree()
        return None
    for attr in _DROPPED_ATTRS:
        img.attrib.pop(attr, None)
    img.set("src", url)
    return url


def _absolute(base_url: str, url: str) -> str | None:
    """``url`` made absolute, or None unless it is a valid http(s) URL."""
    try:
        absolute = urljoin(base_url, url.strip())
        parts = urlsplit(absolute)
        valid = parts.scheme in ("http", "https") and bool(parts.netloc)
    except ValueError:
        return None
    return absolute if valid else None


def _unwrap_noscripts(root: HtmlElement, max_width: int) -> None:
    """Unwrap each <noscript> image; merge it with the lazy image it stands in for.

    A noscript right after an image is that image's no-script copy: the two become one
    img with the best URL of both (the noscript's when neither tells its width). Other
    noscript images are marked, to be dropped when they repeat an image already shown.
    """
    for noscript in list(root.iter("noscript")):
        images = list(noscript.iter("img"))
        if not images:
            noscript.drop_tree()
            continue
        previous = _previous_img(noscript)
        if previous is not None:
            _merge_into(images[0], previous, max_width)
            previous.drop_tree()
        for img in images:
            img.set(_NOSCRIPT_MARK, "")
        noscript.drop_tag()


def _merge_into(img: HtmlElement, lazy: HtmlElement, max_width: int) -> None:
    """Give ``img`` the better URL of itself and ``lazy`` (and lazy's alt if it has none)."""
    pair = [_img_choice(img, max_width), _img_choice(lazy, max_width)]
    choice = best_candidate([c for c in pair if c is not None], max_width)
    for attr in _DROPPED_ATTRS:
        img.attrib.pop(attr, None)
    img.set("src", choice.url if choice else "")
    for attr in ("alt", "title"):
        if not img.get(attr) and lazy.get(attr):
            img.set(attr, lazy.get(attr))


def _previous_img(noscript: HtmlElement) -> HtmlElement | None:
    """The last image in the element just before ``noscript`` (or that element itself)."""
    previous = noscript.getprevious()
    if previous is None:
        return None
    if previous.tag == "img":
        return previous
    images = list(previous.iter("img"))
    return images[-1] if images else None


def _is_tracking_pixel(img: HtmlElement) -> bool:
    sizes = (_int_attr(img, "width"), _int_attr(img, "height"))
    return any(size is not None and size <= 1 for size in sizes)


def _int_attr(element: HtmlElement, name: str) -> int | None:
    value = (element.get(name) or "").strip().removesuffix("px")
    return int(value) if value.isdigit() else None


def _replace_by_words(img: HtmlElement, unnamed: str) -> None:
    """Swap a failed image for its words, once: not linked (its origin is what readers
    cannot reach), and nothing at all when its figure's caption already says them."""
    words = " ".join((img.get("alt") or "").split())
    figure = next((a for a in img.iterancestors() if a.tag == "figure"), None)
    captions = figure.iter("figcaption") if figure is not None else ()
    if any(words in " ".join(c.text_content().split()) for c in captions):
        img.drop_tree()  # keeps its tail
        return
    replacement = lxml.html.Element("span")
    replacement.text = words or unnamed
    replacement.tail = img.tail
    img.getparent().replace(img, replacement)
