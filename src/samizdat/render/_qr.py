"""QR codes of mirror URLs, so a reader can pass a page on phone to phone.

A page's QR code is made once, when the page is first published, and there is one per
page, so a cold run of 10,000 articles makes 10,000 of them. segno spends most of its
time choosing the data mask: it applies and scores all eight masks in pure Python
(about 4 ms a code). :func:`qr_png` picks the same mask by the same ISO 18004 penalty
rules, computed on whole rows at once, and writes the PNG the way segno does, so the
bytes are exactly segno's (the tests hold it to that) at a third of the cost.

segno is imported on first use: a run that publishes nothing never needs it.
"""

from __future__ import annotations

import functools
import re
import struct
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

_SCALE = 4
_BORDER = 2
_MASKS = 8

# ISO/IEC 18004:2015, table 10: the data mask patterns (i: row, j: column).
_MASK_FUNCTIONS: tuple[Callable[[int, int], bool], ...] = (
    lambda i, j: (i + j) % 2 == 0,
    lambda i, j: i % 2 == 0,
    lambda i, j: j % 3 == 0,
    lambda i, j: (i + j) % 3 == 0,
    lambda i, j: (i // 2 + j // 3) % 2 == 0,
    lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    lambda i, j: ((i + j) % 2 + (i * j) % 3) % 2 == 0,
)
_RUN = re.compile(rb"\x00{5,}|\x01{5,}")
_FINDER_LIKE = b"\x01\x00\x01\x01\x01\x00\x01"
# Two modules (dark = 1) as the byte of 8 PNG pixels (dark = 0) they become at scale 4.
_MODULE_PAIRS = bytes([0xFF, 0xF0, 0x0F, 0x00]) + bytes(252)


def qr_png(data: str) -> bytes:
    """A PNG QR code (error level M) of ``data``; the same data gives the same bytes.

    Micro QR is ruled out: segno would pick it for short data, and most phone
    cameras cannot read it.
    """
    return _png(_best_matrix(data))


# -- choosing the mask -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where the data modules of a symbol of one size are, as one int per row.

    Rows are "byte ints": byte j of ``int.from_bytes(row)`` is module j (0 or 1), so a
    whole row is XORed, compared or counted in one operation.
    """

    width: int
    data: tuple[int, ...]  # 0x01 bytes where a module carries data
    function: tuple[int, ...]  # function patterns as masks are scored: format area light
    patterns: tuple[tuple[int, ...], ...]  # mask k's pattern over the data modules
    column_patterns: tuple[tuple[int, ...], ...]  # the same, column by column


@functools.cache
def _layout(width: int) -> _Layout:
    # segno has no public API (and no types) for the function-pattern layout: these are
    # the calls its own mask selection makes (encoder.find_and_apply_best_mask).
    from segno import encoder

    segno_encoder: Any = encoder
    grid = segno_encoder.make_matrix(width, width)
    segno_encoder.add_finder_patterns(grid, width, width)
    segno_encoder.add_alignment_patterns(grid, width, width)
    data, function = [], []
    for row in grid:
        data.append(_row_int(1 if v > 1 else 0 for v in row))
        function.append(_row_int(v if v <= 1 else 0 for v in row))

    def pattern(mask: Callable[[int, int], bool], i: int, j: int) -> int:
        return int(grid[i][j] > 1 and mask(i, j))

    span = range(width)
    patterns = tuple(
        tuple(_row_int(pattern(mask, i, j) for j in span) for i in span) for mask in _MASK_FUNCTIONS
    )
    column_patterns = tuple(
        tuple(_row_int(pattern(mask, i, j) for i in span) for j in span) for mask in _MASK_FUNCTIONS
    )
    return _Layout(width, tuple(data), tuple(function), patterns, column_patterns)


def _row_int(values: Iterable[int]) -> int:
    return int.from_bytes(bytes(values))


def _best_matrix(data: str) -> Sequence[bytes | bytearray]:
    """segno's matrix of ``data`` with the mask segno itself would choose."""
    import segno

    first = segno.make(data, error="m", micro=False, mask=0)
    matrix: Sequence[bytes | bytearray] = first.matrix
    layout = _layout(len(matrix))
    rows = [int.from_bytes(row) for row in matrix]
    # The symbol without its mask, as it is when masks are scored.
    unmasked = [
        (row & data_bits) ^ zero | function
        for row, data_bits, zero, function in zip(
            rows, layout.data, layout.patterns[0], layout.function, strict=True
        )
    ]
    width = layout.width
    columns = [
        int.from_bytes(bytes(column))
        for column in zip(*(row.to_bytes(width) for row in unmasked), strict=True)
    ]
    scores = [
        _penalty(
            [row ^ p for row, p in zip(unmasked, layout.patterns[k], strict=True)],
            [column ^ p for column, p in zip(columns, layout.column_patterns[k], strict=True)],
            width,
        )
        for k in range(_MASKS)
    ]
    best = scores.index(min(scores))
    if best == 0:
        return matrix
    final = _function_rows(width, first.error or "", best)
    return [
        ((bits ^ pattern) & data_bits | fixed).to_bytes(width)
        for bits, pattern, data_bits, fixed in zip(
            unmasked, layout.patterns[best], layout.data, final, strict=True
        )
    ]


@functools.cache
def _function_rows(width: int, error: str, mask: int) -> tuple[int, ...]:
    """The function modules of a finished symbol: they depend on its size, error level
    and mask only (format and version information), so any symbol of those serves."""
    import segno

    layout = _layout(width)
    version = (width - 17) // 4
    code = segno.make("", error=error, version=version, micro=False, mask=mask, boost_error=False)
    return tuple(
        int.from_bytes(row) & ~data_bits
        for row, data_bits in zip(code.matrix, layout.data, strict=True)
    )


def _penalty(rows: list[int], columns: list[int], width: int) -> int:
    """ISO/IEC 18004:2015 7.8.3.1 penalty score, exactly as segno computes it."""
    row_bytes = [row.to_bytes(width) for row in rows]
    column_bytes = [column.to_bytes(width) for column in columns]
    score = 0
    for lines in (row_bytes, column_bytes):
        score += sum(len(run) - 2 for run in _RUN.findall(b"\x02".join(lines)))  # N1
    ones = int.from_bytes(b"\x01" * width)
    pairs = int.from_bytes(b"\x01" * (width - 1)) << 8
    blocks = 0
    previous = rows[0]
    previous_flat = ~(previous ^ (previous << 8)) & pairs
    for current in rows[1:]:
        current_flat = ~(current ^ (current << 8)) & pairs
        same = ~(current ^ previous) & ones
        blocks += (current_flat & previous_flat & same).bit_count()
        previous, previous_flat = current, current_flat
    score += 3 * blocks  # N2
    for lines in (row_bytes, column_bytes):
        score += sum(_finder_like(line, width) for line in lines if _FINDER_LIKE in line)  # N3
    dark = sum(row.bit_count() for row in rows)
    percent = float(dark) / (width**2)
    return score + 10 * int(abs(percent * 100 - 50) / 5)  # N4


def _finder_like(line: bytes, width: int) -> int:
    """N3 of one row or column, with segno's exact boundary rules."""
    count = 0
    index = line.find(_FINDER_LIKE)
    while index != -1:
        offset = index + 7
        if (
            index in (0, width - 7)
            or not any(line[max(index - 4, 0) : index])
            or not any(line[offset : offset + 4])
        ):
            count += 40
        else:
            offset = index + 4
        index = line.find(_FINDER_LIKE, offset)
    return count


# -- PNG ---------------------------------------------------------------------------


def _png(matrix: Sequence[bytes | bytearray]) -> bytes:
    """The PNG segno writes for ``matrix``: greyscale, 1 bit, scale 4, border 2.

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
