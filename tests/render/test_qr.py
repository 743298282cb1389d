"""QR codes: every code a page gets is read back by a real decoder (zxing-cpp's reader)
from the PNG file itself, as a phone camera would read it off the screen."""

from __future__ import annotations

import io
import random
import string
import subprocess
import sys
from urllib.parse import quote

import zxingcpp
from PIL import Image

from samizdat.render import qr_png
from samizdat.render._qr import qr_matrix

URL = "https://github.com/owner/repo/blob/main/pages/local/n12687349.md"
CJK_PATH = "pages/国际/习近平会见/新闻-2024年.md"
URLS = [
    URL,
    "https://git.example.net/o/r/src/main/pages/world/a%201.hant.md",
    # A page path with CJK, percent-encoded as mirror URLs are, and raw (an IRI).
    "https://github.com/o/r/blob/main/" + quote(CJK_PATH),
    "https://github.com/o/r/blob/main/" + CJK_PATH,
    "https://例子.测试/镜像/" + CJK_PATH,
    "https://example.org/日本語のニュース/記事",  # all in Shift JIS: still UTF-8
    "https://example.org/café/naïve",  # all in Latin-1: still UTF-8
    "a1",
    "pages/local/n1.md",  # no page_url: the relative path
]


def scan(png: bytes) -> zxingcpp.Barcode:
    """The one QR code a decoder finds in ``png``."""
    with Image.open(io.BytesIO(png)) as image:
        found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1
    return found[0]


def modules(png: bytes) -> int:
    with Image.open(io.BytesIO(png)) as image:
        assert image.size[0] == image.size[1]
        return image.size[0] // 4 - 4


def check_reads_back(data: str) -> None:
    png = qr_png(data)
    code = scan(png)
    assert code.valid and code.format == zxingcpp.BarcodeFormat.QRCode, data
    assert code.text == data
    assert code.bytes == data.encode("utf-8")  # never Latin-1 or Shift JIS bytes
    assert code.ec_level == "M"
    version = int(code.extra["Version"])
    assert modules(png) == 17 + 4 * version  # a regular symbol of that version


def test_every_kind_of_mirror_url_reads_back() -> None:
    for data in URLS:
        check_reads_back(data)


def test_codes_of_every_size_read_back() -> None:
    rng = random.Random(18004)
    alphabet = string.ascii_letters + string.digits + "/:.-_%"
    versions = set()
    for length in [*range(1, 40, 3), *range(40, 1200, 47)]:
        path = "".join(rng.choice(alphabet) for _ in range(length))
        for data in (path, f"https://github.com/o/r/blob/main/pages/{path}.md", "中文" + path):
            check_reads_back(data)
            versions.add(modules(qr_png(data)))
    assert len(versions) >= 20


def test_non_ascii_data_is_marked_utf8_and_ascii_data_is_not() -> None:
    # ECI 26 (UTF-8) before non-ASCII data, so no reader has to guess its character
    # set; plain ASCII carries no ECI, which the oldest readers may not know.
    for data in URLS:
        with Image.open(io.BytesIO(qr_png(data))) as image:
            (code,) = zxingcpp.read_barcodes(image, text_mode=zxingcpp.TextMode.HexECI)
        prefix = bytes.fromhex(code.text[:30].replace(" ", ""))
        expected = b"]Q1" if data.isascii() else b"]Q2\\000026"
        assert prefix.startswith(expected), (data, prefix)


def test_short_data_still_gives_a_regular_qr_code() -> None:
    # Never Micro QR, which most phone cameras cannot read.
    assert modules(qr_png("a1")) == 21
    assert scan(qr_png("a1")).format != zxingcpp.BarcodeFormat.MicroQRCode


def test_the_png_is_1_bit_at_scale_4_with_a_2_module_border() -> None:
    for data in URLS:
        png = qr_png(data)
        matrix = qr_matrix(data)
        with Image.open(io.BytesIO(png)) as image:
            assert image.format == "PNG" and image.mode == "1"
            # The same picture drawn the slow way: Pillow, module by module.
            size = len(matrix)
            slow = Image.new("1", (size + 4, size + 4), 1)
            for y, row in enumerate(matrix):
                for x, dark in enumerate(row):
                    slow.putpixel((x + 2, y + 2), 0 if dark else 1)
            slow = slow.resize((image.size[0], image.size[1]), Image.Resampling.NEAREST)
            assert image.tobytes() == slow.tobytes(), data
    # As small as a 1-bit PNG of a 37-module symbol gets (segno's was 421 bytes).
    assert len(qr_png(URL)) <= 430


def test_qr_png_is_deterministic_and_stable_across_processes() -> None:
    data = qr_png(URL)
    assert data == qr_png(URL)
    assert data != qr_png(URL + "x")
    code = (
        "import sys; from samizdat.render import qr_png;"
        " sys.stdout.buffer.write(qr_png(sys.argv[1]))"
    )
    for url in (URL, URLS[3]):
        other = subprocess.run(
            [sys.executable, "-c", code, url], check=True, capture_output=True
        ).stdout
        assert other == qr_png(url)
