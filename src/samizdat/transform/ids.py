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


def _place(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url)
    return ((parts.hostname or "").lower(), parts.path or "/", parts.query)


def same_article(a: str, b: str) -> bool:
    """Whether two article URLs differ only in scheme or port: an origin that moved
    from http to https, or off :8080, still publishes the same articles."""
    return _place(a) == _place(b)


def moved_forms(url: str) -> list[str]:
    """The forms ``url`` may have been mirrored under before its origin moved scheme or
    port (http/https twins, with no port)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not host or parts.scheme not in ("http", "https"):
        return []
    netloc = f"[{host}]" if ":" in host else host
    forms = {parts._replace(scheme=scheme, netloc=netloc).geturl() for scheme in ("http", "https")}
    forms.add(parts._replace(scheme="https" if parts.scheme == "http" else "http").geturl())
    forms.discard(url)
    return sorted(forms)
