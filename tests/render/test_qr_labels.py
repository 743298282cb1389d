"""QR codes, labels and mirror URLs."""

from __future__ import annotations

import io
import random
import string
import subprocess
import sys

import pytest
import segno
from PIL import Image

from render.helpers import ConfigFactory
from samizdat.errors import ConfigError
from samizdat.render import LABEL_KEYS, Renderer, labels_for, qr_png

URL = "https://github.com/owner/repo/blob/main/pages/local/n12687349.md"


def test_qr_png_is_a_png_and_deterministic() -> None:
    data = qr_png(URL)
    assert data == qr_png(URL)
    assert data != qr_png(URL + "x")
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    # A full QR code (never Micro QR) of scale 4 with a 2-module border.
    width, height = image.size
    assert width == height
    modules = width // 4 - 4
    assert width % 4 == 0 and modules >= 21 and (modules - 21) % 4 == 0


def segno_png(data: str) -> bytes:
    code = segno.make(data, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=4, border=2)
    return buffer.getvalue()


def test_qr_png_is_byte_for_byte_what_segno_makes() -> None:
    # qr_png chooses the mask itself (segno's way is slow): it must choose segno's
    # mask, every time, over symbols of many sizes, error levels and masks.
    rng = random.Random(18004)
    alphabet = string.ascii_letters + string.digits + "/:.-_%"
    masks = set()
    for length in [*range(1, 40, 3), *range(40, 400, 29)]:
        path = "".join(rng.choice(alphabet) for _ in range(length))
        for data in (path, f"https://github.com/o/r/blob/main/pages/{path}.md", "中文" + path):
            assert qr_png(data) == segno_png(data), data
            masks.add(segno.make(data, error="m", micro=False).mask)
    assert masks == set(range(8))


def test_qr_png_bytes_are_stable_across_processes() -> None:
    code = (
        "import sys; from samizdat.render import qr_png;"
        " sys.stdout.buffer.write(qr_png(sys.argv[1]))"
    )
    other = subprocess.run(
        [sys.executable, "-c", code, URL], check=True, capture_output=True
    ).stdout
    assert other == qr_png(URL)


def test_short_data_still_gives_a_regular_qr_code() -> None:
    image = Image.open(io.BytesIO(qr_png("a1")))
    assert image.size == ((21 + 4) * 4, (21 + 4) * 4)


def test_labels_cover_the_same_keys_in_each_language() -> None:
    for language in ("zh-CN", "zh-TW", "en"):
        assert set(labels_for(language, {})) == LABEL_KEYS
    assert {"home", "share", "original", "published", "author", "updated"} <= LABEL_KEYS
    assert {"latest", "channel_index_title", "more", "no_articles", "feed_title"} <= LABEL_KEYS


def test_traditional_labels_differ_from_simplified() -> None:
    simplified, traditional = labels_for("zh-CN", {}), labels_for("zh-TW", {})
    assert simplified["home"] == "首页" and traditional["home"] == "首頁"
    assert "翻牆" in traditional["original"]


def test_label_overrides_and_unknown_keys() -> None:
    assert labels_for("en", {"home": "Start"})["home"] == "Start"
    with pytest.raises(ConfigError, match="nope"):
        labels_for("en", {"nope": "x"})


def test_page_url_uses_pattern_and_branch(make_config: ConfigFactory) -> None:
    config = make_config(site={"page_url": "https://git.example.net/o/r/src/{branch}/{path}"})
    assert (
        Renderer(config).page_url("pages/local/a 1.md")
        == "https://git.example.net/o/r/src/main/pages/local/a%201.md"
    )
    assert Renderer(make_config(site={"page_url": ""})).page_url("README.md") == "README.md"
