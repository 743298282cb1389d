"""GitHub-flavoured Markdown to HTML with cmark-gfm, without leaking memory.

cmarkgfm's ``github_flavored_markdown_to_html`` never frees the syntax tree nor the
rendered string (about 30 KB per page: a site of 3,000 pages grew by 200 MB, see
theacodes/cmarkgfm#53). This does the same steps through the same compiled library
and frees both, calling ``cmark_node_free`` and ``free`` through ctypes since
cmarkgfm's binding does not expose them. When they cannot be reached, it falls back
to cmarkgfm's own function.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable

import cmarkgfm
from cmarkgfm import _cmark
from cmarkgfm.cmark import Options

# What github_flavored_markdown_to_html enables: GitHub's own set.
EXTENSIONS = (b"table", b"autolink", b"tagfilter", b"strikethrough", b"tasklist")

_Free = Callable[[int], None]


def _free_functions() -> tuple[_Free, _Free] | None:
    try:
        library = ctypes.CDLL(_cmark.__file__)  # already loaded: the same instance
        libc = ctypes.CDLL(None)
        node_free, free = library.cmark_node_free, libc.free
    except (OSError, AttributeError, TypeError):
        return None
    node_free.argtypes = [ctypes.c_void_p]
    node_free.restype = None
    free.argtypes = [ctypes.c_void_p]
    free.restype = None
    return node_free, free


_FREE = _free_functions()


def _address(pointer: object) -> int:
    return int(_cmark.ffi.cast("uintptr_t", pointer))


def gfm_to_html(text: str, options: int) -> str:
    """What ``cmarkgfm.github_flavored_markdown_to_html(text, options)`` returns."""
    options |= Options.CMARK_OPT_GITHUB_PRE_LANG
    if _FREE is None:
        html: str = cmarkgfm.github_flavored_markdown_to_html(text, options=options)
        return html
    node_free, free = _FREE
    ffi, lib = _cmark.ffi, _cmark.lib
    lib.cmark_gfm_core_extensions_ensure_registered()
    parser = lib.cmark_parser_new(options)
    try:
        for name in EXTENSIONS:
            lib.cmark_parser_attach_syntax_extension(parser, lib.cmark_find_syntax_extension(name))
        encoded = text.encode("utf-8")
        lib.cmark_parser_feed(parser, encoded, len(encoded))
        root = lib.cmark_parser_finish(parser)
        try:
            extensions = lib.cmark_parser_get_syntax_extensions(parser)
            raw = lib.cmark_render_html(root, options, extensions)
            try:
                return str(ffi.string(raw).decode("utf-8"))
            finally:
                free(_address(raw))
        finally:
            node_free(_address(root))
    finally:
        lib.cmark_parser_free(parser)
