"""What shapes a page besides its article: a digest of the config and templates.

A run compares it with the one its pages were made with and renders them again when it
changed. Light on imports on purpose: every run computes it, also one with nothing new.
"""

from __future__ import annotations

import hashlib
import json

from samizdat import __version__, layout
from samizdat.config import Config, plain


def render_fingerprint(config: Config) -> str:
    """A digest of everything in the config (and templates) that shapes a page, so a
    run can tell that pages made before were made differently and render them again."""
    parts: dict[str, object] = {
        "version": __version__,
        "site": plain(config.site),
        "templates": plain(config.templates, exclude=frozenset({"dir"})),
        "images_link": config.images.link,
        "branch": config.publish.branch,
        "mirror_list": config.publish.mirror_list,
        "copies": [(c.name, c.page_url) for c in layout.mirror_copies(config)],
        "sources": [
            (
                s.id,
                s.links,
                [(c.id, c.title, s.variant_for(c), c.index) for c in s.channels],
                plain(s.variant_url) if s.variant_url else None,
            )
            for s in config.sources
        ],
    }
    if config.templates_dir is not None and config.templates_dir.is_dir():
        parts["template_files"] = {
            p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(config.templates_dir.iterdir())
            if p.is_file()
        }
    encoded = json.dumps(parts, sort_keys=True, default=str).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()
