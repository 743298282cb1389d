"""Article ids: stable, file-name-safe names for mirrored articles.

The id comes from the article URL by the source's pattern (group ``id`` or group 1),
else from the URL's last path segment without its extension (the legacy tools' choice:
``.../n12687349.htm`` -> ``n12687349``), else from a hash of the URL. Whatever the
origin sends, the id never contains a path separator, never starts with a dot and is
never a name that Windows reserves, so it can never write outside its folder.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import unquote, urlsplit

MAX_LENGTH = 80
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])$", re.IGNORECASE)


def url_hash(url: str, length: int = 12) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:length]


def safe_id(candidate: str) -> str:
    """``candidate`` reduced to ``[A-Za-z0-9_-]``; "" when nothing usable is left."""
    cleaned = _UNSAFE.sub("-", candidate).strip("-_")[:MAX_LENGTH].strip("-_")
    if not cleaned or _RESERVED.match(cleaned):
        return ""
    return cleaned


def article_id(url: str, pattern: str = "") -> str:
    """The id of the article at ``url`` (see the module doc for the rules)."""
    if pattern:
        match = re.search(pattern, url)
        if match:
            groups = match.groupdict()
            value = groups.get("id") or (match.group(1) if match.groups() else match.group(0))
            if found := safe_id(value or ""):
                return found
    parts = urlsplit(url)
    if not parts.query:
        segments = [s for s in unquote(parts.path).split("/") if s]
        if segments:
            stem = segments[-1].rsplit(".", 1)[0] if "." in segments[-1] else segments[-1]
            generic = stem.lower() in {"index", "default", "article", "story"}
            if not generic and (found := safe_id(stem)):
                return found
    return "h" + url_hash(url)


def disambiguate(article_id: str, url: str) -> str:
    """A second id for a different URL that produced an id already taken."""
    return f"{article_id[: MAX_LENGTH - 9]}-{url_hash(url, 8)}"
