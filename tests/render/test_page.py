# ruff: noqa: RUF001  (CJK labels: full-width punctuation is intended)
"""The article page: the shape operators know, rendered as GitHub renders it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from render.helpers import (
    ConfigFactory,
    article,
    assert_tidy,
    links,
    page_view,
    resolve,
    to_html,
)
from samizdat.errors import ConfigError
from samizdat.render import Renderer

MIRROR = "https://github.com/owner/repo/blob/main/pages/local/n12687349.md"
ORIGIN = "https://www.example.org/gb/21/1/14/n12687349.htm"


def test_page_has_title_menu_body_share_block_and_source(make_config: ConfigFactory) -> None:
    text = Renderer(make_config()).article_page(page_view())
    html = to_html(text)

    # The news order: the menu above, then title, byline right under it, then the body.
    assert text.startswith("[首页](../../README.md)")
    assert "\n# Talks at the UN\n\n作者：Zhong Yuan · 发布时间：2021" in text
    assert text.index("作者") < text.index("The first paragraph.") < text.index("手机上")
    assert [h.text_content() for h in html.iter("h1")] == ["Talks at the UN"]
    assert "The first paragraph." in text and "The second one." in text
    assert "手机上长按并复制下列链接或二维码分享本文章：" in text
    assert MIRROR in html.text_content()
    assert f"原文地址（需翻墙访问）：[{ORIGIN}]({ORIGIN})" in text
    assert links(text)[ORIGIN] == ORIGIN
    # The date never breaks inside: non-breaking hyphens and spaces.
    assert "作者：Zhong Yuan · 发布时间：2021\u201101\u201114\u00a003:08\u00a0UTC" in text
    assert_tidy(text)


def test_menu_links_resolve_from_the_page(make_config: ConfigFactory) -> None:
    config = make_config(
        templates={
            "menu": [
                {"title": "Guides", "url": "https://example.net/guides"},
                {"title": "About", "url": "docs/about.md"},
                {"title": "Rooted", "url": "/docs/rooted.md#top"},
            ]
        }
    )
    view = page_view()
    text = Renderer(config).article_page(view)
    anchors = [
        a
        for a in to_html(text).iter("a")
        if a.text_content() in {"首页", "Local", "About", "Rooted", "Guides"}
    ]
    # Top menu and footer menu: the same five links twice.
    assert len(anchors) == 10
    targets = {a.text_content(): a.get("href") for a in anchors}
    assert resolve(view.page_path, targets["首页"]) == "README.md"
    assert resolve(view.page_path, targets["Local"]) == "indexes/local.md"
    assert resolve(view.page_path, targets["About"]) == "docs/about.md"
    assert resolve(view.page_path, targets["Rooted"]) == "docs/rooted.md"
    assert targets["Rooted"].endswith("#top")
    assert targets["Guides"] == "https://example.net/guides"


def test_menu_link_may_leave_the_mirror_root(make_config: ConfigFactory) -> None:
    config = make_config(
        templates={"menu": [{"title": "Basic", "url": "../basic/blob/master/README.md"}]}
    )
    text = Renderer(config).article_page(page_view())
    assert links(text)["Basic"] == "../../../basic/blob/master/README.md"


def test_share_block_links_the_qr_image_to_the_mirror_url(make_config: ConfigFactory) -> None:
    text = Renderer(make_config()).article_page(page_view())
    images = [img for img in to_html(text).iter("img") if img.get("src") == "n12687349.png"]
    assert len(images) == 1
    assert images[0].getparent().tag == "a"
    assert images[0].getparent().get("href") == MIRROR


def test_share_link_without_page_url_pattern_stays_relative(make_config: ConfigFactory) -> None:
    config = make_config(site={"page_url": ""})
    view = page_view()
    text = Renderer(config).article_page(view)
    image = next(img for img in to_html(text).iter("img") if img.get("src") == "n12687349.png")
    assert resolve(view.page_path, image.getparent().get("href")) == view.page_path


def test_title_with_markdown_characters_renders_literally(make_config: ConfigFactory) -> None:
    title = "[PDF] *Breaking* _news_ `code` <b>bold</b> & C# #1 $5"
    text = Renderer(make_config()).article_page(page_view(article=article(title=title)))
    h1 = next(to_html(text).iter("h1"))
    assert h1.text_content() == title
    assert list(h1.iter("a", "em", "strong", "code", "b")) == []


@pytest.mark.parametrize(
    ("language", "share", "original", "home"),
    [
        (
            "zh-CN",
            "手机上长按并复制下列链接或二维码分享本文章：",
            "原文地址（需翻墙访问）：",
            "首页",
        ),
        (
            "zh-TW",
            "手機上長按並複製下列連結或二維碼分享本文章：",
            "原文地址（需翻牆訪問）：",
            "首頁",
        ),
        ("en", "long-press to copy the link", "Original (may need a circumvention tool): ", "Home"),
    ],
)
def test_labels_follow_the_site_language(
    make_config: ConfigFactory, language: str, share: str, original: str, home: str
) -> None:
    text = Renderer(make_config(site={"language": language})).article_page(page_view())
    assert share in text
    assert f"{original}[{ORIGIN}]" in text
    assert home in links(text)


def test_operator_overrides_a_label(make_config: ConfigFactory) -> None:
    config = make_config(templates={"labels": {"original": "Source: ", "home": "Start"}})
    text = Renderer(config).article_page(page_view())
    assert f"Source: [{ORIGIN}]" in text
    assert "Start" in links(text)
    assert "原文地址" not in text


def test_unknown_label_override_is_a_config_error(make_config: ConfigFactory) -> None:
    config = make_config(templates={"labels": {"orignal": "typo"}})
    with pytest.raises(ConfigError, match=r"templates\.labels\.orignal"):
        Renderer(config)


def test_operator_template_replaces_the_builtin_one(
    make_config: ConfigFactory, tmp_path: Path
) -> None:
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "page.md.j2").write_text("# {{ title }}\n\nCustom: {{ mirror_url }}\n")
    text = Renderer(make_config(templates={"dir": "tpl"})).article_page(page_view())
    page, _, hidden = text.partition("\n\n<!-- samizdat:")
    assert page == f"# Talks at the UN\n\nCustom: {MIRROR}"
    # A template that leaves out the hidden metadata line still gets it, at the end.
    assert hidden.endswith(" -->\n") and "\n" not in hidden[:-1]


def test_operator_template_can_extend_the_builtin_one(
    make_config: ConfigFactory, tmp_path: Path
) -> None:
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "page.md.j2").write_text(
        "{% include 'builtin/page.md.j2' %}\nExtra line.\n"
    )
    text = Renderer(make_config(templates={"dir": "tpl"})).article_page(page_view())
    assert "\n# Talks at the UN\n" in text and text.endswith("\nExtra line.\n")


def test_template_typo_fails_loudly(make_config: ConfigFactory, tmp_path: Path) -> None:
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "page.md.j2").write_text("{{ titel }}\n")
    with pytest.raises(ConfigError, match=r"template page\.md\.j2: 'titel' is undefined"):
        Renderer(make_config(templates={"dir": "tpl"})).article_page(page_view())
    (tmp_path / "tpl" / "page.md.j2").write_text("ok\n\n{% if %}\n")
    with pytest.raises(ConfigError, match=r"page\.md\.j2, line 3"):
        Renderer(make_config(templates={"dir": "tpl"})).article_page(page_view())


def test_missing_template_dir_is_a_config_error(make_config: ConfigFactory) -> None:
    with pytest.raises(ConfigError, match=r"templates\.dir: .*no-such-dir"):
        Renderer(make_config(templates={"dir": "no-such-dir"}))


def test_lead_image_shown_once_with_caption(make_config: ConfigFactory) -> None:
    view = page_view(lead_image="../../assets/ab/abcd.jpg", lead_image_caption="The *president*")
    text = Renderer(make_config()).article_page(view)
    images = [img for img in to_html(text).iter("img") if img.get("src") == view.lead_image]
    assert len(images) == 1
    assert images[0].get("alt") == "The *president*"
    # A Chinese page: no italics for the caption (CJK has none); an English one: italics.
    assert "\n<sub>The \\*president\\*</sub>\n" in text and "<em>" not in text
    english = Renderer(make_config(channel={"language": "en"})).article_page(view)
    assert "<em>The \\*president\\*</em>" in english


def test_caption_style_follows_the_page_language_not_the_site(
    make_config: ConfigFactory,
) -> None:
    view = page_view(lead_image="../../assets/ab/abcd.jpg", lead_image_caption="Caption")
    # Scripts without italics (Burmese, Tibetan, Persian, Uyghur): small text, as for CJK.
    for language in ("my", "bo", "fa", "ug", "zh-TW"):
        text = Renderer(make_config(channel={"language": language})).article_page(view)
        assert "\n<sub>Caption</sub>\n" in text and "<em>" not in text, language
    for language in ("en", "ru", "vi"):  # in a Chinese site, still italics
        text = Renderer(make_config(channel={"language": language})).article_page(view)
        assert "<em>Caption</em>" in text and "<sub>" not in text, language


def test_lead_image_without_caption_uses_the_title_as_alt(make_config: ConfigFactory) -> None:
    view = page_view(lead_image="../../assets/ab/abcd.jpg")
    text = Renderer(make_config()).article_page(view)
    image = next(img for img in to_html(text).iter("img") if img.get("src") == view.lead_image)
    assert image.get("alt") == "Talks at the UN"
    assert "<em>" not in text


def test_lead_image_already_in_body_is_not_repeated(make_config: ConfigFactory) -> None:
    src = "../../assets/ab/abcd.jpg"
    view = page_view(lead_image=src, body_markdown=f"![x]({src})\n\nText.\n")
    text = Renderer(make_config()).article_page(view)
    assert text.count(src) == 1


def test_no_stats_pixel_by_default(make_config: ConfigFactory) -> None:
    text = Renderer(make_config()).article_page(page_view())
    assert 'width="0"' not in text
    assert all(img.get("width") != "0" for img in to_html(text).iter("img"))


def test_stats_pixel_when_configured(make_config: ConfigFactory) -> None:
    config = make_config(
        templates={"stats_pixel": "https://stats.example.net/p.gif?page={path}&x=1"}
    )
    text = Renderer(config).article_page(page_view())
    pixels = [img for img in to_html(text).iter("img") if img.get("width") == "0"]
    assert len(pixels) == 1
    assert (
        pixels[0].get("src") == "https://stats.example.net/p.gif?page=pages/local/n12687349.md&x=1"
    )
    assert pixels[0].get("height") == "0"


def test_banners_and_footer_appear(make_config: ConfigFactory) -> None:
    config = make_config(
        templates={
            "banners": ["**Notice** one", "#### [Two](https://example.net/2)"],
            "footer": "Footer *text*",
        }
    )
    text = Renderer(config).article_page(page_view())
    html = to_html(text)
    assert "Notice" in [s.text_content() for s in html.iter("strong")]
    assert links(text)["Two"] == "https://example.net/2"
    assert text.index("Notice") < text.index("The first paragraph.")
    # The last thing a reader sees; only the hidden metadata line follows it.
    assert text.split("<!-- samizdat:")[0].rstrip().endswith("Footer *text*")


def test_byline_shows_an_update_and_skips_missing_parts(make_config: ConfigFactory) -> None:
    updated = article(
        author="",
        published=datetime(2021, 1, 14, 3, 8, tzinfo=UTC),
        updated=datetime(2021, 1, 15, 9, 30, tzinfo=UTC),
    )
    text = Renderer(make_config()).article_page(page_view(article=updated))
    unbroken = {ord("\u2011"): "-", ord("\u00a0"): " "}
    assert "发布时间：2021-01-14 03:08 UTC · 更新时间：2021-01-15 09:30 UTC" in text.translate(
        unbroken
    )
    assert "作者" not in text
    bare = Renderer(make_config()).article_page(
        page_view(article=article(author="", published=None))
    )
    assert "发布时间" not in bare
    assert_tidy(bare)


def test_output_is_tidy_whatever_the_body(make_config: ConfigFactory) -> None:
    body = (
        "\n\nLine one  \nline two\n\n\n\n\nAfter gap.   \n\n```\ncode\n\n\n\nmore code\n```\n\n\n"
    )
    text = Renderer(make_config()).article_page(page_view(body_markdown=body))
    assert_tidy(text.replace("code\n\n\n\nmore", "code\n\nmore"))
    assert "code\n\n\n\nmore code" in text  # fenced code keeps its blank lines
    assert "Line one\\\nline two" in text  # a trailing-space line break survives
    assert list(to_html(text).iter("br"))  # ... and renders as a line break
