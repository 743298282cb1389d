"""The mirror list: every place the mirror is published, for readers who lose one.

``mirrors.json`` at the mirror's root lists each copy with its page-URL pattern and
when it last got a commit; pages and the home page list the other copies (render).
"""

from __future__ import annotations

import json
from datetime import datetime

from samizdat import layout
from samizdat.config import Config
from samizdat.layout import MIRRORS_JSON, mirror_copies
from samizdat.store import Store, iso

__all__ = ["MIRRORS_JSON", "mirrors_json"]


def mirrors_json(config: Config, store: Store, now: datetime) -> str:
    entries = [
        {
            "name": copy.name,
            "kind": copy.kind,
            "page_url": copy.page_url,
            "raw_url": copy.raw_url,
            # A copy holding the static site has its home page at index.html.
            "home": copy.page_of(layout.HOME),
            "updated": store.pushed_at(copy.name),
        }
        for copy in mirror_copies(config)
    ]
    document = {"site": config.site.title, "generated": iso(now), "mirrors": entries}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
