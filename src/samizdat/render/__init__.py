"""render stage: Markdown pages, indexes, home page, Atom feed and QR codes.

Pure: records and config in, text and bytes out. Templates are Jinja2 and the
operator may replace any of them (config ``templates.dir``).
"""

from samizdat.render._labels import BUILTIN_LABELS, LABEL_KEYS, labels_for
from samizdat.render._qr import qr_png
from samizdat.render._renderer import Alternate, PageView, Renderer

__all__ = [
    "BUILTIN_LABELS",
    "LABEL_KEYS",
    "Alternate",
    "PageView",
    "Renderer",
    "labels_for",
    "qr_png",
]
