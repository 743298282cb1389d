"""The naming keys for adopted mirrors are checked like every key: errors name them."""

from __future__ import annotations

from pathlib import Path

import pytest

from samizdat import layout
from samizdat.config import load_config
from samizdat.errors import ConfigError
from support import write_config

FEED = "https://news.example.org/feed.xml"


def config_with(tmp_path: Path, qr_name: str = "{id}.png", index: str = "") -> Path:
    channel = {"id": "news", "title": "News", "feed": FEED, **({"index": index} if index else {})}
    return write_config(tmp_path, "", site={"qr_name": qr_name}, channels=[channel])


@pytest.mark.parametrize("qr_name", ["{id}.jpg", "qr/{id}.png", ".{id}.png", "code.png"])
def test_a_bad_qr_name_is_refused(tmp_path: Path, qr_name: str) -> None:
    with pytest.raises(ConfigError, match=r"site\.qr_name"):
        load_config(config_with(tmp_path, qr_name=qr_name))


@pytest.mark.parametrize(
    "index", ["../E新闻.md", "/etc/E.md", "indexes/E.txt", "pages/news/x.md", "README.md"]
)
def test_a_bad_index_path_is_refused(tmp_path: Path, index: str) -> None:
    with pytest.raises(ConfigError, match=r"channels\[0\]\.index"):
        load_config(config_with(tmp_path, index=index))


def test_legacy_names_give_legacy_paths(tmp_path: Path) -> None:
    config = load_config(config_with(tmp_path, "{id}.md.png", "indexes/E美国新闻.md"))
    names = layout.naming(config)
    assert names.qr("news", "n12687349") == "pages/news/n12687349.md.png"
    assert names.qr("news", "n1", "hant") == "pages/news/n1.hant.md.png"
    assert names.index("news") == "indexes/E美国新闻.md"
    assert names.index("news", "hant") == "indexes/E美国新闻.hant.md"
    assert names.index("other") == "indexes/other.md"
    assert "pages/news/n1.md.png" in names.article_files("news", "n1")
