"""Embedded players carried through trafilatura, which drops every iframe, video and audio.

Before the general extractor runs, each player of the page is swapped for a paragraph
holding only a marker word, which trafilatura keeps like any short paragraph of the
article (and drops with the navigation or sidebar when the player was there). After it,
each marker left in the body is swapped back for its player, so the body reaches
``transform.embeds`` as a feed's or a site rule's body does: each player becomes the
same labelled link line, its poster an image mirrored like any other.

The marker carries a random stamp drawn for the page, so text on the page cannot forge
one; a marker that names no player of this page is removed.
"""

from __future__ import annotations

import copy
import re
import secrets
from dataclasses import dataclass

import lxml.html
from lxml.html import HtmlElement

PLAYER_TAGS = ("iframe", "video", "audio", "embed")
# Where a paragraph cannot go, the marker is a span (a player inline in a sentence).
_INLINE_PARENTS = frozenset({"p", "span", "a", "em", "strong", "b", "i", "li", "td", "th"})


# A marker: the page's stamp, then the player's number. One pattern for every page (a
# pattern compiled per stamp cost a tenth of a millisecond a page); a marker counts only
# when its stamp is the page's.
_MARKER = re.compile(r"samizdatplayer([0-9a-f]{12})x(\d+)x")


@dataclass(frozen=True)
class HiddenPlayers:
    """The players taken out of a page, by marker number, the markers standing in their
    place, and the page's stamp."""

    players: tuple[HtmlElement, ...]
    holders: tuple[HtmlElement, ...]
    stamp: str


def hide_players(tree: HtmlElement) -> HiddenPlayers:
    """Swap each player of ``tree`` for a marker, in place (:func:`put_back` undoes it)."""
    if next(tree.iter(*PLAYER_TAGS), None) is None:
        return HiddenPlayers((), (), "")
    stamp = secrets.token_hex(6)
    players: list[HtmlElement] = []
    holders: list[HtmlElement] = []
    for element in list(tree.iter(*PLAYER_TAGS)):
        if any(a.tag in PLAYER_TAGS for a in element.iterancestors()):
            continue  # a fallback player inside one: it goes with it
        parent = element.getparent()
        if parent is None:
            continue
        holder = lxml.html.Element("span" if parent.tag in _INLINE_PARENTS else "p")
        holder.text = f" samizdatplayer{stamp}x{len(players)}x "
        holder.tail, element.tail = element.tail, None
        parent.replace(element, holder)
        players.append(element)
        holders.append(holder)
    return HiddenPlayers(tuple(players), tuple(holders), stamp)


def put_back(hidden: HiddenPlayers) -> None:
    """The page's tree as it was before :func:`hide_players`."""
    for player, holder in zip(hidden.players, hidden.holders, strict=True):
        parent = holder.getparent()
        if parent is not None:
            player.tail, holder.tail = holder.tail, None
            parent.replace(holder, player)


def restore_players(body: HtmlElement, hidden: HiddenPlayers) -> None:
    """Swap each marker in the extracted ``body`` back for its player (in place)."""
    if not hidden.players:
        return
    for element in list(body.iter()):
        if isinstance(element.tag, str):
            _restore_text(element, hidden)
            _restore_tail(element, hidden)
    for player in list(body.iter(*PLAYER_TAGS)):
        _unwrap_alone(player)


def _split(text: str | None, hidden: HiddenPlayers) -> list[str] | None:
    """``text`` split at this page's markers (text, number, text, ...), the white space
    around each marker dropped; None when it holds none."""
    if not text or hidden.stamp not in text:
        return None
    parts: list[str] = []
    start = 0
    for found in _MARKER.finditer(text):
        if found.group(1) != hidden.stamp:
            continue  # text that looks like a marker: not one of this page's
        parts += (text[start : found.start()].rstrip(), found.group(2))
        after = text[found.end() :]
        start = len(text) - len(after.lstrip())
    parts.append(text[start:])
    return parts


def _players_of(parts: list[str], hidden: HiddenPlayers) -> list[HtmlElement]:
    """The players named in ``parts`` (text, number, text, ...) with the text after each
    as its tail; a number that names no player gives only its tail."""
    found: list[HtmlElement] = []
    for index in range(1, len(parts), 2):
        number, after = int(parts[index]), parts[index + 1]
        if number < len(hidden.players):
            player = copy.deepcopy(hidden.players[number])
            player.tail = after or None
            found.append(player)
        elif found:
            found[-1].tail = (found[-1].tail or "") + after
        else:
            parts[0] += after
    return found


def _restore_text(element: HtmlElement, hidden: HiddenPlayers) -> None:
    parts = _split(element.text, hidden)
    if parts is None:
        return
    players = _players_of(parts, hidden)
    element.text = parts[0] or None
    for offset, player in enumerate(players):
        element.insert(offset, player)


def _restore_tail(element: HtmlElement, hidden: HiddenPlayers) -> None:
    parts = _split(element.tail, hidden)
    parent = element.getparent()
    if parts is None or parent is None:
        return
    players = _players_of(parts, hidden)
    element.tail = parts[0] or None
    index = parent.index(element)
    for offset, player in enumerate(players, start=1):
        parent.insert(index + offset, player)


def _unwrap_alone(player: HtmlElement) -> None:
    """A marker's own paragraph gives its place back to the player, so the player sits
    where it sat on the page (after a lead-in paragraph such as "Listen:")."""
    holder = player.getparent()
    if holder is None or holder.tag not in ("p", "span") or len(holder) != 1:
        return
    if (holder.text or "").strip() or (player.tail or "").strip():
        return
    grand = holder.getparent()
    if grand is None:
        return
    player.tail = holder.tail
    grand.replace(holder, player)
