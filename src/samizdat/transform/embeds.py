# ruff: noqa: RUF001, RUF002, RUF003  (CJK lead-ins: the full-width colon is intended)
"""Embedded players (iframes, ``<video>``, ``<audio>``) kept as visible link lines.

A mirror cannot carry a YouTube player, and sanitizing drops iframes; left alone, an
embedded video or a "listen to this article" player would vanish and leave its lead-in
("听文章：") dangling. :func:`keep_embeds` runs on the raw body, before sanitizing, and
replaces each player by a plain link to what it plays (a YouTube embed becomes its
watch page), marked with its kind; a ``<video poster>`` becomes an image, mirrored like
any other. :func:`label_embeds` runs when a page is composed and puts the page's own
label before each link ("视频：", "Audio: "), unless the link already follows a lead-in
that ends with a colon.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import parse_qs, urljoin, urlsplit

import lxml.html
from lxml.html import HtmlElement

from samizdat.transform._fragment import parse as _parse
from samizdat.transform._fragment import serialize as _serialize

# The attribute marking a kept player's link; sanitize allows it on <a>, and
# label_embeds removes it, so it never reaches a page.
MARK = "data-samizdat-embed"
KINDS = ("video", "audio", "embed")
_PLAYERS = re.compile(r"<(iframe|video|audio|embed)\b", re.I)
_VIDEO_HOSTS = re.compile(
    r"(^|\.)(youtube\.com|youtube-nocookie\.com|youtu\.be|vimeo\.com|dailymotion\.com"
    r"|bilibili\.com|youku\.com|v\.qq\.com|ixigua\.com|rumble\.com|tiktok\.com)$"
)
_AUDIO_HOSTS = re.compile(
    r"(^|\.)(soundcloud\.com|spotify\.com|ximalaya\.com|podcasts\.apple\.com"
    r"|anchor\.fm|podbean\.com|lizhi\.fm)$"
)
_YOUTUBE_EMBED = re.compile(r"^/embed/([A-Za-z0-9_-]{6,})")
_VIMEO_PLAYER = re.compile(r"^/video/(\d+)")
# A lead-in such as "听文章：" or "Listen:": the player's link goes right after it.
_LEAD_IN = re.compile(r"[:：]\s*$")
_LEAD_IN_MAX = 40


def keep_embeds(html: str, base_url: str) -> str:
    """``html`` with every player replaced by a marked link to what it plays (and a
    video's poster as an image); players with no usable http(s) address are removed."""
    if not _PLAYERS.search(html) and MARK not in html:
        return html
    root = _parse(html)
    for forged in root.xpath(f"//*[@{MARK}]"):  # only samizdat marks a player's link
        del forged.attrib[MARK]
    for element in list(root.iter("iframe", "video", "audio", "embed")):
        if element.getparent() is None or _inside_player(element):
            continue
        url, kind = _target(element, base_url)
        poster = _absolute(base_url, element.get("poster") or "") if kind == "video" else None
        _replace(element, url, kind, poster)
    return _serialize(root)


def label_embeds(html: str, labels: Mapping[str, str]) -> str:
    """Put the label of its kind (``labels["video"]``...) before each kept player's link."""
    if MARK not in html:
        return html
    root = _parse(html)
    for link in list(root.iter("a")):
        kind = link.attrib.pop(MARK, None)
        if kind is None or _after_lead_in(link):
            continue
        label = labels.get(kind if kind in KINDS else "embed", "")
        previous = link.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + label
        else:
            parent = link.getparent()
            parent.text = (parent.text or "") + label
    return _serialize(root)


def _inside_player(element: HtmlElement) -> bool:
    return any(a.tag in ("video", "audio", "iframe") for a in element.iterancestors())


def _target(element: HtmlElement, base_url: str) -> tuple[str | None, str]:
    """The address a reader can open for ``element``, and its kind."""
    tag = element.tag
    candidates = [element.get("src"), element.get("data-src")]
    if tag in ("video", "audio"):
        candidates += [source.get("src") for source in element.iter("source")]
    url = next(
        (u for u in (_absolute(base_url, c or "") for c in candidates) if u is not None), None
    )
    if tag in ("video", "audio"):
        return url, str(tag)
    if url is None:
        return None, "embed"
    return _watch_page(url)


def _watch_page(url: str) -> tuple[str, str]:
    """An embed address as the page a reader opens (YouTube, Vimeo, bilibili players)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    youtube = _YOUTUBE_EMBED.match(parts.path)
    if youtube and "youtube" in host:
        return f"https://www.youtube.com/watch?v={youtube[1]}", "video"
    vimeo = _VIMEO_PLAYER.match(parts.path)
    if vimeo and host == "player.vimeo.com":
        return f"https://vimeo.com/{vimeo[1]}", "video"
    if host == "player.bilibili.com":
        bvid = parse_qs(parts.query).get("bvid")
        if bvid and re.fullmatch(r"BV[A-Za-z0-9]+", bvid[0]):
            return f"https://www.bilibili.com/video/{bvid[0]}", "video"
    if _VIDEO_HOSTS.search(host):
        return url, "video"
    if _AUDIO_HOSTS.search(host):
        return url, "audio"
    return url, "embed"


def _absolute(base_url: str, url: str) -> str | None:
    url = url.strip()
    if not url:
        return None
    try:
        absolute = urljoin(base_url, url)
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return absolute


def _replace(element: HtmlElement, url: str | None, kind: str, poster: str | None) -> None:
    parent = element.getparent()
    pieces: list[HtmlElement] = []
    if poster:
        pieces.append(lxml.html.Element("img", src=poster, alt=""))
    if url:
        if pieces:
            pieces.append(lxml.html.Element("br"))
        link = lxml.html.Element("a", href=url)
        link.set(MARK, kind)
        link.text = url
        pieces.append(link)
    if not pieces and (orphan := _lead_in_paragraph(element)) is not None:
        # Nothing to open: its lead-in ("听文章：") would introduce nothing.
        _remove_keeping_tail(orphan)
    lead_in = _lead_in_paragraph(element) if url and not poster else None
    tail = element.tail
    if lead_in is not None:
        lead_in.append(pieces[0])
        _remove_keeping_tail(element)
        return
    holder: HtmlElement | None = None
    if pieces and parent.tag not in ("p", "span", "a", "li", "td", "th"):
        holder = lxml.html.Element("p")
        holder.extend(pieces)
        pieces = [holder]
    index = parent.index(element)
    parent.remove(element)
    for offset, piece in enumerate(pieces):
        parent.insert(index + offset, piece)
    _set_tail(parent, index + len(pieces) - 1, tail)


def _lead_in_paragraph(element: HtmlElement) -> HtmlElement | None:
    """The short paragraph just before ``element`` ending with a colon, if any."""
    previous = element.getprevious()
    if previous is None or previous.tag != "p" or len(previous):
        return None
    text = (previous.text or "").strip()
    if not text or len(text) > _LEAD_IN_MAX or not _LEAD_IN.search(text):
        return None
    if (previous.tail or "").strip():
        return None
    return previous


def _after_lead_in(link: HtmlElement) -> bool:
    previous = link.getprevious()
    before = previous.tail if previous is not None else link.getparent().text
    return bool(_LEAD_IN.search(before or ""))


def _remove_keeping_tail(element: HtmlElement) -> None:
    parent = element.getparent()
    index = parent.index(element)
    tail = element.tail
    parent.remove(element)
    _set_tail(parent, index - 1, tail)


def _set_tail(parent: HtmlElement, index: int, tail: str | None) -> None:
    if not tail:
        return
    if index >= 0:
        child = parent[index]
        child.tail = (child.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
