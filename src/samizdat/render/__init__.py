"""render stage: Markdown pages, indexes, home page, Atom feed and QR codes.

Pure: records and config in, text and bytes out. Templates are Jinja2 and the
operator may replace any of them (config ``templates.dir``).

The names below are loaded on first use, so importing one module of the stage (the
``fingerprint`` every run computes, ``_labels``) does not load the others.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from samizdat.render._labels import BUILTIN_LABELS, LABEL_KEYS, labels_for
    from samizdat.render._qr import qr_png
    from samizdat.render._renderer import Renderer
    from samizdat.render._scripts import Renderers, main_renderer, variant_config
    from samizdat.render._views import Alternate, PageView

_WHERE = {
    "BUILTIN_LABELS": "_labels",
    "LABEL_KEYS": "_labels",
    "labels_for": "_labels",
    "qr_png": "_qr",
    "Renderer": "_renderer",
    "Renderers": "_scripts",
    "main_renderer": "_scripts",
    "variant_config": "_scripts",
    "Alternate": "_views",
    "PageView": "_views",
}

__all__ = [
    "BUILTIN_LABELS",
    "LABEL_KEYS",
    "Alternate",
    "PageView",
    "Renderer",
    "Renderers",
    "labels_for",
    "main_renderer",
    "qr_png",
    "variant_config",
]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(importlib.import_module(f"samizdat.render.{_WHERE[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'samizdat.render' has no attribute {name!r}")
