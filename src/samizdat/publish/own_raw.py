"""A copy's own raw-file address in its own copy of the pages.

Pages load their images, lead pictures, posters and QR codes through ``site.raw_url``
when ``images.link = "raw"`` (and link the feed through it). A directory target or a bucket
holding the Markdown mirror may declare its own ``raw_url`` (its own CDN or web
server): the Markdown pages it receives then load those files from there. Only the
addresses made from ``site.raw_url`` are rewritten, each to the same file under the
copy's pattern; nothing else of a page changes, and a file without samizdat's page
metadata (one samizdat did not write) is copied as it is. A git remote with its own ``raw_url``
gets its own commits, made from the mirror's (``publish/copies.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote, unquote

from samizdat.config import Config
from samizdat.layout import mirror_url
from samizdat.tree import pagemeta

Rebase = Callable[[str, bytes], bytes]
# What may follow a URL in Markdown or HTML: the path stops there.
_PATH = r"[^\s()<>\"'\[\]]+"


def raw_rebaser(config: Config, raw_url: str, own_branch: str = "") -> Rebase | None:
    """A function giving a page of the mirror as this copy holds it (None when the copy
    loads its files as the mirror does); ``own_branch``: the copy's branch, for the
    ``{branch}`` of its own pattern (default: publish.branch)."""
    site = config.site.raw_url
    branch = config.publish.branch
    own_branch = own_branch or branch
    if not raw_url or not site or raw_url == site:
        return None
    head, _, tail = mirror_url(site, "\x00", branch).partition(quote("\x00"))
    path = f"({_PATH}?)" if tail else f"({_PATH})"
    found = re.compile(re.escape(head) + path + re.escape(tail))

    def rebase(path: str, data: bytes) -> bytes:
        if not path.endswith(".md"):
            return data
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return data
        if pagemeta.parse(text) is None:
            return data  # not a page samizdat wrote: copied as it is
        own = found.sub(lambda m: mirror_url(raw_url, unquote(m[1]), own_branch), text)
        return own.encode("utf-8")

    return rebase
