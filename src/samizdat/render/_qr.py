"""QR codes of mirror URLs, so a reader can pass a page on phone to phone."""

from __future__ import annotations

import io

import segno


def qr_png(data: str) -> bytes:
    """A PNG QR code (error level M) of ``data``; the same data gives the same bytes.

    Micro QR is ruled out: segno would pick it for short data, and most phone
    cameras cannot read it.
    """
    code = segno.make(data, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=4, border=2)
    return buffer.getvalue()


def qr_svg(data: str) -> str:
    """The same QR code as a standalone SVG document."""
    code = segno.make(data, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", scale=4, border=2, xmldecl=True, svgns=True)
    return buffer.getvalue().decode("utf-8")
