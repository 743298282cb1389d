"""Keep secrets out of every message samizdat prints, reports or stores.

Secrets reach samizdat three ways: credentials in URLs (a token in a remote URL, a
proxy's user and password), values of environment variables named as ``${VAR}``, and
extra request headers (``Authorization``...). Messages that may quote them (git's and
httpx's errors) go through :func:`redact` with the secrets known at that point.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from urllib.parse import unquote, urlsplit

# scheme://anything-without-slash-space-?-#@  -> the userinfo of a URL (greedy up to
# its last "@", since sloppy URLs carry an unescaped "@" in the password).
_CREDENTIALS = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://)[^/\s?#]*@", re.IGNORECASE)
# Header names whose values are credentials.
_SENSITIVE_HEADER = re.compile(r"auth|token|key|secret|cookie|session|pass", re.IGNORECASE)
# Values shorter than this are not treated as secrets: replacing "a" everywhere would
# make messages unreadable and protect nothing.
_MIN_SECRET = 4


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """Hide credentials embedded in URLs, and every one of ``secrets``, in ``text``."""
    text = _CREDENTIALS.sub(r"\g<scheme>***@", text)
    # Longest first, so a secret that contains another is hidden whole.
    for secret in sorted({s for s in secrets if len(s) >= _MIN_SECRET}, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def url_secrets(url: str) -> tuple[str, ...]:
    """The credentials a URL carries: its whole userinfo, user and password, decoded too."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ()
    userinfo, at, _ = parts.netloc.rpartition("@")
    if not at:
        return ()
    user, _, password = userinfo.partition(":")
    found = {userinfo, password, unquote(password), unquote(userinfo)}
    # A bare token as user name (https://TOKEN@host/) is a secret too.
    if not password:
        found |= {user, unquote(user)}
    return tuple(s for s in found if s)


def header_secrets(headers: Mapping[str, str]) -> tuple[str, ...]:
    """Values of request headers whose names say they carry credentials."""
    found: set[str] = set()
    for name, value in headers.items():
        if _SENSITIVE_HEADER.search(name):
            found.add(value)
            # "Bearer abc123": the token alone may be quoted somewhere too.
            found.update(part for part in value.split() if len(part) >= 8)
    return tuple(found)
