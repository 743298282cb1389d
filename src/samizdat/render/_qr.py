"""QR codes of mirror URLs, so a reader can pass a page on phone to phone.

A page's QR code is made once, when the page is first published, and there is one per
page, so a cold run of 10,000 articles makes 10,000 of them. They are encoded by
zxing-cpp (compiled; its writer is zint) at error level M, always a full QR code (never
Micro QR, which most phone cameras cannot read), and written as a 1-bit PNG here.

Data that is not ASCII is encoded as UTF-8 under ECI 26 (zint would otherwise pick
Latin-1 or Shift JIS by the characters), so no reader has to guess its character set.

A QR code already in a mirror is never made again because the encoder changed: the
writer makes one for a new page, a missing one, or when the page's URL pattern changed.

zxing-cpp is imported on first use: a run that publishes nothing never needs it.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from typing import Any, cast

_SCALE = 4
_BORDER = 2
# zxing-cpp's image has dark modules 0x00 and light ones 0xFF; the matrix has dark = 1.
_TO_MODULES = bytes.maketrans(b"\x00\xff", b"\x01\x00")
# Two modules (dark = 1) as the byte of 8 PNG pixels (dark = 0) they become at scale 4.
_MODULE_PAIRS = bytes([0xFF, 0xF0, 0x0F, 0x00]) + bytes(252)


def qr_png(data: str) -> bytes:
    """A PNG QR code (error level M) of ``data``; the same data gives the same bytes."""
    return _png(qr_matrix(data))


def qr_matrix(data: str) -> list[bytes]:
    """The modules of ``data``'s QR code row by row, one byte each (dark = 1)."""
    import zxingcpp

    options = {} if data.isascii() else {"eci": "UTF8"}
    code = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.QRCode, ec_level="M", **options)
    image = code.to_image(scale=1, add_quiet_zones=False)
    width = image.shape[1]
    # The image is a buffer (one byte a pixel), which zxing-cpp's stubs do not say.
    modules = bytes(memoryview(cast(Any, image))).translate(_TO_MODULES)
    return [modules[start : start + width] for start in range(0, len(modules), width)]


# -- PNG ---------------------------------------------------------------------------


def _png(matrix: Sequence[bytes | bytearray]) -> bytes:
    """A greyscale, 1-bit PNG of ``matrix``: scale 4, border 2 (the smallest a QR
    code's PNG gets: about 400 bytes for a mirror URL).

    At 4 pixels a module, two modules make one byte of a scanline and the 2-module
    border is one byte; a symbol's width is odd, so its last module shares a byte
    with half of the right border.
    """
    size = len(matrix)
    pixels = (size + 2 * _BORDER) * _SCALE
    row_bytes = (pixels + 7) // 8
    light = b"\x00" + b"\xff" * (pixels // 8) + b"\xf0"
    same_as_above = (b"\x02" + b"\x00" * row_bytes) * (_SCALE - 1)
    border = light * (_BORDER * _SCALE)
    lines = [border]
    for row in matrix:
        pairs = int.from_bytes(row[0 : size - 1 : 2]) * 2 + int.from_bytes(row[1 : size - 1 : 2])
        body = pairs.to_bytes(size // 2).translate(_MODULE_PAIRS)
        lines.append(b"\x00\xff" + body + (b"\x0f\xf0" if row[-1] else b"\xff\xf0"))
        lines.append(same_as_above)
    lines.append(border)
    header = struct.pack(">2I5B", pixels, pixels, 1, 0, 0, 0, 0)
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", header),
            _chunk(b"IDAT", zlib.compress(b"".join(lines), 9)),
            _chunk(b"IEND", b""),
        )
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
