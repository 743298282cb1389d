"""render stage: Markdown pages, indexes, home page, Atom feed and QR codes.

Pure: records and config in, text and bytes out. Templates are Jinja2 and the
operator may replace any of them (config ``templates.dir``).
"""

from samizdat.render._labels import BUILTIN_LABELS, LABEL_KEYS, labels_for
from samizdat.render._qr import qr_png
from samizdat.render._renderer import Renderer
from samizdat.render._scripts import Renderers, main_renderer, variant_config
from samizdat.render._views import Alternate, PageView

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
