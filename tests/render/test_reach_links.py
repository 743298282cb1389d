# ruff: noqa: RUF001  (Chinese fixtures: full-width punctuation is intended)
"""Every file a page loads follows one link setting; a variant's words and original link."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from render.helpers import article, page_view
from samizdat.config import Config, parse_config
from samizdat.errors import ConfigError
from samizdat.render import Renderer, main_renderer, variant_config
from samizdat.render.compose import original_url

CDN = "https://cdn.jsdelivr.net/gh/owner/repo@{branch}/{path}"


def config(tmp_path: Path, **data: Any) -> Config:
    site = data.pop("site", {})
    source = {
        "id": "news",
        "channels": [{"id": "local", "title": "本地", "feed": "https://x.org/f"}],
    }
    base: dict[str, Any] = {
        "site": {"title": "好消息", "language": "zh-CN", "raw_url": CDN, **site},
        "sources": [{**source, **data.pop("source", {})}],
    }
    return parse_config({**base, **data}, tmp_path / "samizdat.toml")


def test_the_qr_code_loads_through_the_cdn_with_images(tmp_path: Path) -> None:
    text = Renderer(config(tmp_path, images={"link": "raw"})).article_page(page_view())
    qr = "https://cdn.jsdelivr.net/gh/owner/repo@main/pages/local/n12687349.png"
    assert f"[![本文二维码]({qr})]" in text


def test_the_qr_code_is_relative_when_images_are(tmp_path: Path) -> None:
    text = Renderer(config(tmp_path)).article_page(page_view())
    assert "[![本文二维码](n12687349.png)]" in text


def test_a_variant_converts_menu_banners_footer_and_overrides_but_no_url(tmp_path: Path) -> None:
    templates = {
        "menu": [{"title": "关于我们", "url": "https://example.org/gb/关于"}],
        "banners": ['[最新消息](https://example.org/gb/简体新闻) 与 <a href="/gb/说明">说明</a>'],
        "footer": "联系 `简体代码` https://example.org/gb/联系",
        "labels": {"original": "原文链接：[说明](https://example.org/gb/说明)"},
    }
    hant = variant_config(config(tmp_path, templates=templates), "hant")
    assert hant.site.language == "zh-TW" and hant.site.title == "好消息"
    assert [(m.title, m.url) for m in hant.templates.menu] == [
        ("關於我們", "https://example.org/gb/关于")
    ]
    assert hant.templates.banners == [
        '[最新消息](https://example.org/gb/简体新闻) 與 <a href="/gb/说明">說明</a>'
    ]
    assert hant.templates.footer == "聯繫 `简体代码` https://example.org/gb/联系"
    assert hant.templates.labels == {"original": "原文鏈接：[說明](https://example.org/gb/说明)"}


def test_variant_url_gives_the_variants_original_link(tmp_path: Path) -> None:
    rewrite = {"variant_url": {"from": "/gb/", "to": "/b5/"}}
    source = config(tmp_path, source=rewrite).sources[0]
    url = "https://www.example.org/gb/21/1/14/n12687349.htm"
    assert original_url(source, url, "hant") == "https://www.example.org/b5/21/1/14/n12687349.htm"
    assert original_url(source, url, "") == url  # the main page links the feed's address
    assert original_url(source, "https://www.example.org/b5/x.htm", "hant").endswith("/b5/x.htm")
    text = Renderer(config(tmp_path)).article_page(
        page_view(article=article(url=url), original_url=original_url(source, url, "hant"))
    )
    assert "原文地址（需翻墙访问）：[https://www.example.org/b5/21/1/14/n12687349.htm]" in text


@pytest.mark.parametrize(
    "value", [{"from": "", "to": "/b5/"}, {"to": "/b5/"}, {"from": "/gb/", "to": "/b5/", "x": 1}]
)
def test_a_malformed_variant_url_is_a_config_error_naming_the_key(
    tmp_path: Path, value: dict[str, Any]
) -> None:
    with pytest.raises(ConfigError, match=r"sources\[0\]\.variant_url"):
        config(tmp_path, source={"variant_url": value})


def test_a_site_in_one_script_has_its_labels_and_operator_words_in_it(tmp_path: Path) -> None:
    templates = {"menu": [{"title": "关于我们", "url": "/gb/关于.md"}], "footer": "欢迎转发"}
    hant = config(tmp_path, site={"script": "hant"}, templates=templates)
    text = main_renderer(hant).article_page(page_view())
    assert "發佈時間：" in text and "[關於我們](" in text and "歡迎轉發" in text
    assert "发布时间" not in text and "关于我们" not in text
    original = main_renderer(config(tmp_path, templates=templates)).article_page(page_view())
    assert "发布时间：" in original and "[关于我们](" in original
