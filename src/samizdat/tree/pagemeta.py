"""The metadata every page samizdat writes carries about itself, hidden from readers.

The published mirror is the record and the store only a cache of it, so each page says
what it is in a line git hosts do not show (an HTML comment), e.g.::

    <!-- samizdat:1 {"kind":"page","url":"https://…","id":"n123","channel":"world",…} -->

``samizdat:1`` names the format and its version. The JSON is compact and never holds
``--``, ``<`` or ``>`` (JSON escapes such as ``\\u003c`` stand for them), so it cannot
end the comment early whatever a title or URL contains. Article pages say their URL,
id, channel, script, title, published/updated times and a hash of their content;
channel indexes their channel and script; the home page only that it is one. This
module is the one place that writes and reads the line: the renderer adds it, the store
is rebuilt from it, and ``verify`` uses it to tell samizdat's files from files it must
never touch.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from samizdat import layout
from samizdat.tree import safe_read

VERSION = 1
MARKER = "<!-- samizdat:"
_LINE = re.compile(r"<!-- samizdat:(\d+) (\{[^\n]*?\}) -->")

Kind = Literal["page", "index", "home"]


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What a page says about itself (``kind`` page, index or home)."""

    kind: Kind
    channel: str = ""
    script: str = ""  # "" for the channel's main script, else "hans"/"hant"
    article_id: str = ""
    url: str = ""
    title: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    content_hash: str = ""


def content_hash(body_markdown: str) -> str:
    """A short hash of an article's content as published (its Markdown body)."""
    return hashlib.sha256(body_markdown.strip().encode("utf-8")).hexdigest()[:16]


def comment(meta: PageMeta) -> str:
    """The hidden line that carries ``meta``."""
    data: dict[str, str] = {"kind": meta.kind}
    fields = (
        ("url", meta.url), ("id", meta.article_id), ("channel", meta.channel),
        ("script", meta.script), ("title", meta.title),
        ("published", _time(meta.published)), ("updated", _time(meta.updated)),
        ("hash", meta.content_hash),
    )  # fmt: skip
    data.update((key, value) for key, value in fields if value)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Nothing in the JSON may close (or open) the comment.
    text = text.replace("--", "-\\u002d").replace("<", "\\u003c").replace(">", "\\u003e")
    return f"{MARKER}{VERSION} {text} -->"


def parse(text: str) -> PageMeta | None:
    """The metadata of a page's text (its last samizdat line), or None when it has none
    or one this version cannot read."""
    found = None
    for found in _LINE.finditer(text):  # noqa: B007 (the last one counts)
        continue
    if found is None or int(found.group(1)) != VERSION:
        return None
    try:
        data = json.loads(found.group(2))
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("kind") not in ("page", "index", "home"):
        return None
    values = {k: v if isinstance(v, str) else "" for k, v in data.items()}
    meta = PageMeta(
        kind=data["kind"],
        channel=values.get("channel", ""),
        script=values.get("script", ""),
        article_id=values.get("id", ""),
        url=values.get("url", ""),
        title=values.get("title", ""),
        published=_parse_time(values.get("published", "")),
        updated=_parse_time(values.get("updated", "")),
        content_hash=values.get("hash", ""),
    )
    if meta.kind == "page" and not (meta.channel and meta.article_id and meta.url):
        return None
    return meta


def read(data: bytes) -> PageMeta | None:
    """The metadata of a page file's bytes."""
    return parse(data.decode("utf-8", errors="replace"))


def read_file(root: Path, path: str) -> PageMeta | None:
    """The metadata of the page at mirror path ``path`` of the tree at ``root``; None if
    it has none or is not a plain file (read through :mod:`samizdat.tree.safe_read`)."""
    try:
        return read(safe_read.read_bytes(root, path))
    except (OSError, safe_read.UnsafeEntry):
        return None


def owns(path: str, meta: PageMeta | None) -> bool:
    """Whether ``meta`` was written for a file at mirror path ``path`` (a page copied
    elsewhere, or one naming another place, is not samizdat's there)."""
    if meta is None:
        return False
    if meta.kind == "page":
        return path == layout.page_path(meta.channel, meta.article_id, meta.script)
    if meta.kind == "index":
        return path == layout.index_path(meta.channel, meta.script)
    return path == layout.HOME


def with_comment(text: str, meta: PageMeta) -> str:
    """``text`` carrying ``meta``: a template that placed the line keeps it where it is;
    one that did not (an operator's own) gets it at the end."""
    if MARKER in text:
        return text
    return text.rstrip("\n") + "\n\n" + comment(meta) + "\n"


def _time(moment: datetime | None) -> str:
    return moment.isoformat() if moment else ""


def _parse_time(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
