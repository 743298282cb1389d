"""Point an article's links at the mirror where possible (SPEC §2 transform, "Links").

A link to an article the mirror holds becomes a relative link to its mirror page, so
the reader never leaves the mirror. A link to the origin's other pages follows the
operator's policy: ``keep`` it, reduce it to its words (``text``, what the legacy tool
did), or send it to a web archive (``archive``). Links to other sites stay, made
absolute, since a relative link would break once the page leaves the origin.

:func:`rewrite_links` also returns the origin URLs the article links to, so the
orchestrator can re-render the page when one of them is mirrored later (or pruned).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit, urlunsplit

from samizdat import layout
from samizdat.config import LinkPolicy
from samizdat.transform._fragment import parse as _parse
from samizdat.transform._fragment import serialize as _serialize
from samizdat.transform.embeds import MARK as EMBED_MARK

DEFAULT_ARCHIVE_PATTERN = "https://web.archive.org/web/{url}"
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Schemes that run code rather than navigate; the sanitizer already removes them,
# but a link the mirror cannot vouch for is better reduced to its words.
_UNSAFE_SCHEMES = frozenset({"javascript", "vbscript", "data"})


@dataclass(frozen=True, slots=True)
class LinkResult:
    """The rewritten HTML fragment, and the URLs whose mirror status shapes it."""

    html: str
    # Every origin URL the article links to (mirrored or not) and every other URL that
    # resolved to a mirror page: normalised, deduplicated, in document order.
    targets: tuple[str, ...]


def rewrite_links(
    html: str,
    *,
    page_url: str,
    origin_hosts: frozenset[str],
    resolve: Callable[[str], str | None],
    from_path: str,
    policy: LinkPolicy,
    archive_pattern: str = DEFAULT_ARCHIVE_PATTERN,
) -> LinkResult:
    """Rewrite every ``<a href>`` of a sanitized HTML fragment for the mirror page at
    ``from_path``; ``resolve`` maps an absolute article URL to its mirror path (or None
    when the article is not mirrored). ``<img>`` and other elements are left alone."""
    if not re.search(r"<a\b", html, re.I):
        return LinkResult(html, ())
    root = _parse(html)
    hosts = _origin_set(origin_hosts)
    targets: dict[str, None] = {}
    for anchor in list(root.iter("a")):
        href = (anchor.get("href") or "").strip()
        if not href:
            anchor.drop_tag()
            continue
        if href.startswith("#"):
            continue
        try:
            absolute = urljoin(page_url, href)
            scheme = urlsplit(absolute).scheme.lower()
        except ValueError:  # e.g. a broken IPv6 host: nothing to look up
            continue
        if scheme in _UNSAFE_SCHEMES:
            anchor.drop_tag()
            continue
        if scheme not in _DEFAULT_PORTS or not urlsplit(absolute).hostname:
            continue  # mailto:, tel:, ... stay as written
        if anchor.get(EMBED_MARK) is not None:
            # A player's link is the reader's only way to the video or audio: like a
            # failed image's link, it survives the origin-link policy.
            anchor.set("href", absolute)
            continue
        url, fragment = urldefrag(absolute)
        suffix = f"#{fragment}" if fragment else ""
        is_origin = is_origin_url(url, hosts)
        path = _lookup(url, hosts, resolve)
        if is_origin or path is not None:
            targets.setdefault(normalise_url(url), None)
        if path is not None:
            anchor.set("href", layout.relative(from_path, path) + suffix)
        elif not is_origin or policy == "keep":
            anchor.set("href", absolute)
        elif policy == "archive":
            anchor.set("href", archive_pattern.replace("{url}", url) + suffix)
        else:
            anchor.drop_tag()
    return LinkResult(_serialize(root), tuple(targets))


def linked_urls(html: str, page_url: str) -> list[str]:
    """The absolute http(s) URLs (without their fragment) that :func:`rewrite_links`
    looks up for ``html``, in document order: what a caller resolves beforehand."""
    if not re.search(r"<a\b", html, re.I):
        return []
    urls: dict[str, None] = {}
    for anchor in _parse(html).iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith("#") or anchor.get(EMBED_MARK) is not None:
            continue
        try:
            absolute = urljoin(page_url, href)
            parts = urlsplit(absolute)
            if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname:
                continue
        except ValueError:
            continue
        urls.setdefault(urldefrag(absolute)[0], None)
    return list(urls)


def normalise_url(url: str) -> str:
    """``url`` without its fragment, with a lower-case scheme and host, no default port,
    and ``/`` for an empty path: the form the mirror compares URLs in."""
    parts = urlsplit(urldefrag(url.strip())[0])
    scheme = parts.scheme.lower()
    host = _clean_host(parts.hostname or "")
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    port = parts.port
    netloc = host if port is None or port == _DEFAULT_PORTS.get(scheme) else f"{host}:{port}"
    if parts.username is not None or parts.password is not None:
        userinfo = parts.netloc.rpartition("@")[0]
        netloc = f"{userinfo}@{netloc}"
    path = parts.path or ("/" if netloc else "")
    return urlunsplit((scheme, netloc, path, parts.query, ""))


def lookup_keys(url: str, origin_hosts: frozenset[str]) -> list[str]:
    """The forms of ``url`` that may name the same article, most literal first: as written,
    normalised, and for an origin URL its http/https and www/non-www twins."""
    url = urldefrag(url.strip())[0]
    keys = dict.fromkeys([url, normalise_url(url)])
    if is_origin_url(url, _origin_set(origin_hosts)):
        keys.update(dict.fromkeys(_twins(normalise_url(url))))
    return list(keys)


def is_origin_url(url: str, origin_hosts: frozenset[str]) -> bool:
    """True when the host of ``url`` (or its www/non-www twin) is one of ``origin_hosts``
    or a subdomain of one, on any port."""
    try:
        host = _clean_host(urlsplit(url).hostname or "")
    except ValueError:
        return False
    if not host:
        return False
    return any(
        candidate == origin or candidate.endswith(f".{origin}")
        for candidate in (host, _www_twin(host))
        for origin in _origin_set(origin_hosts)
    )


def _lookup(url: str, hosts: frozenset[str], resolve: Callable[[str], str | None]) -> str | None:
    for key in lookup_keys(url, hosts):
        path = resolve(key)
        if path is not None:
            return path
    return None


def _twins(normalised: str) -> Iterator[str]:
    """The http/https twin, the www/non-www twin, then both, of a normalised http(s) URL."""
    parts = urlsplit(normalised)
    other_scheme = "http" if parts.scheme == "https" else "https"
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 address: no www twin worth trying, keep the brackets
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port is not None else ""
    userinfo = parts.netloc.rpartition("@")[0]
    userinfo = f"{userinfo}@" if userinfo else ""
    for scheme, twin_host in (
        (other_scheme, host),
        (parts.scheme, _www_twin(host)),
        (other_scheme, _www_twin(host)),
    ):
        netloc = f"{userinfo}{twin_host}{port}"
        yield urlunsplit((scheme, netloc, parts.path, parts.query, ""))


def _www_twin(host: str) -> str:
    return host.removeprefix("www.") if host.startswith("www.") else f"www.{host}"


def _origin_set(origin_hosts: frozenset[str]) -> frozenset[str]:
    """The configured hosts as bare lower-case names (a ``host:port`` entry loses its port)."""
    hosts = set()
    for entry in origin_hosts:
        try:
            host = urlsplit(f"//{entry.strip()}").hostname or ""
        except ValueError:
            host = entry
        hosts.add(_clean_host(host))
    hosts.discard("")
    return frozenset(hosts)


def _clean_host(host: str) -> str:
    return host.strip().lower().rstrip(".")
