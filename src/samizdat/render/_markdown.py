"""Small, pure helpers that write safe GitHub-flavoured Markdown.

Everything a page shows that came from a feed (titles, authors, captions) goes
through :func:`escape`, so a title like ``[PDF] *new* <b>`` reads literally instead
of turning into a link, emphasis or HTML. Link targets go through
:func:`destination` so spaces or parentheses cannot end a link early.
"""

from __future__ import annotations

import html
import posixpath
import re
from datetime import datetime

from samizdat import layout
from samizdat.clock import utc
from samizdat.localtime import reader_date, reader_time

# Every ASCII punctuation character may be backslash-escaped in CommonMark; these are
# the ones that can start or end inline markup (or a heading's closing sequence).
_SPECIAL = re.compile(r"([\\`*_\[\]<>!|~&#$])")
_SPACES = re.compile(r"\s+")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_NEEDS_BRACKETS = re.compile(r"[\s()<>]")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# Lines that start (or are) something other than paragraph text: a backslash line
# break next to them would show as a literal backslash.
_BARE_URL_END = re.compile(r"(?:https?://|www\.)\S*$", re.IGNORECASE)
_BLOCK_START = re.compile(r"^(?: {4}|\t| {0,3}(?:[-+*>#|<]|\d+[.)]|```|~~~|=+\s*$))")


def _escape_one(match: re.Match[str]) -> str:
    # "<" as an entity, not "\<": a GFM autolink (https://x.org/\<...) swallows the
    # backslash, and what follows would become raw HTML or a javascript: autolink.
    return "&lt;" if match[0] == "<" else "\\" + match[0]


def escape(text: str) -> str:
    """Plain text as Markdown that renders literally, on one line."""
    return _SPECIAL.sub(_escape_one, _SPACES.sub(" ", text).strip())


def destination(url: str) -> str:
    """A link destination that survives spaces, parentheses and angle brackets."""
    url = _SPACES.sub("%20", url.strip())
    if _NEEDS_BRACKETS.search(url):
        return "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"
    return url


def link(text_md: str, url: str) -> str:
    """``[text](url)``; ``text_md`` is Markdown already (escape plain text first)."""
    return f"[{text_md}]({destination(url)})"


def is_absolute(url: str) -> bool:
    """True for ``https://...``, ``mailto:...`` and protocol-relative ``//host/...``."""
    return bool(_SCHEME.match(url)) or url.startswith("//")


def is_web_url(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))


def from_root(from_path: str, url: str) -> str:
    """The link from the file at ``from_path`` to ``url``.

    ``url`` is kept when absolute (has a scheme) or a fragment; otherwise it is a path
    from the mirror's root (a leading ``/`` is allowed) and may climb out of it, e.g.
    ``../other-repo/blob/main/README.md``, as the legacy menus did.
    """
    if not url or is_absolute(url) or url.startswith("#"):
        return url
    cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
    path, suffix = url[:cut].lstrip("/"), url[cut:]
    if not path:
        path = layout.HOME
    target = posixpath.normpath(path)
    if target == ".." or target.startswith("../"):
        return "../" * from_path.count("/") + target + suffix
    return layout.relative(from_path, target) + suffix


def format_time(moment: datetime, zone_name: str = "UTC") -> str:
    """``YYYY-MM-DD HH:MM UTC+8``: what bylines and "last updated" lines show."""
    return reader_time(moment, zone_name)


def format_date(moment: datetime, zone_name: str = "UTC") -> str:
    return reader_date(moment, zone_name)


# A date or time that never breaks across lines: non-breaking hyphens and spaces.
_NO_BREAK = str.maketrans({"-": "\u2011", " ": "\u00a0"})


def unbreakable(text: str, *, rtl: bool = False) -> str:
    """``2026-11-06 08:00`` as one unbreakable run (U+2011, U+00A0), for Markdown; on a
    right-to-left page, isolated left to right (U+2066...U+2069) so its parts keep their
    order."""
    text = text.translate(_NO_BREAK)
    return f"\u2066{text}\u2069" if rtl else text


def rfc3339(moment: datetime) -> str:
    return utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def xml_text(text: str) -> str:
    """Text with the characters XML 1.0 cannot carry at all removed (escaping is Jinja's)."""
    return _XML_INVALID.sub("", text)


def html_attr(value: str) -> str:
    return html.escape(value, quote=True)


def tidy(text: str) -> str:
    """No trailing spaces, no runs of blank lines, one final newline.

    Inside fenced code blocks blank lines are kept as they are. A Markdown hard line
    break written as trailing spaces becomes a backslash break, which survives (``<br>``
    after a bare URL, which GitHub's autolinker would otherwise take the backslash into).
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    fence = ""
    for number, line in enumerate(lines):
        stripped = line.rstrip(" \t")
        if fence:
            out.append(stripped)
            if stripped.strip().startswith(fence) and not stripped.strip().strip(fence[0]):
                fence = ""
            continue
        opening = _FENCE.match(stripped)
        if opening:
            fence = opening.group(1)
        if not stripped:
            if out and out[-1]:
                out.append("")
            continue
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if (
            line.endswith("  ")
            and following.strip()
            and not _BLOCK_START.match(stripped)
            and not _BLOCK_START.match(following)
        ):
            # After a bare URL, <br>: an autolinker would take a backslash into the URL.
            stripped += "<br>" if _BARE_URL_END.search(stripped) else "\\"
        out.append(stripped)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"
