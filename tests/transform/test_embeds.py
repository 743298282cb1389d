# ruff: noqa: RUF001  (Chinese fixtures: full-width punctuation is intended)
"""Embedded players are kept as visible, labelled link lines, never silently dropped."""

from __future__ import annotations

import pytest

from samizdat.render import labels_for
from samizdat.transform.embeds import MARK, keep_embeds, label_embeds
from samizdat.transform.markdown import html_to_markdown
from samizdat.transform.sanitize import sanitize_html

BASE = "https://www.example.org/gb/2021/10/01/n1001.html"
YOUTUBE = (
    '<p>现场视频：</p><div class="video-container"><iframe width="560" height="315"'
    ' src="https://www.youtube.com/embed/dQw4w9WgXcQ?si=Xy1" title="YouTube video player"'
    ' frameborder="0" allow="accelerometer; autoplay" allowfullscreen></iframe></div>'
)
LISTEN = (
    '<p>听文章：</p><audio controls src="/media/n1001.mp3">您的浏览器不支持 audio 元素。</audio>'
)


def page(html: str, language: str = "zh-CN") -> str:
    """What the page body shows: kept, sanitized, labelled, converted."""
    kept = sanitize_html(keep_embeds(html, BASE))
    return html_to_markdown(label_embeds(kept, labels_for(language, {})))


def test_a_youtube_iframe_becomes_a_labelled_link_to_its_watch_page() -> None:
    text = page(YOUTUBE)
    watch = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert f"视频：[{watch}]({watch})" in text
    assert "iframe" not in text and MARK not in text


@pytest.mark.parametrize(
    ("language", "label"), [("zh-CN", "视频："), ("zh-TW", "影片："), ("en", "Video: ")]
)
def test_the_label_is_in_the_pages_language(language: str, label: str) -> None:
    assert f"{label}[https://www.youtube.com/watch" in page(YOUTUBE, language)


def test_a_listen_lead_in_carries_the_audio_link_and_is_never_left_alone() -> None:
    text = page(LISTEN)
    mp3 = "https://www.example.org/media/n1001.mp3"
    assert f"听文章：[{mp3}]({mp3})" in text
    assert "浏览器不支持" not in text  # the player's fallback text is no content
    assert not [line for line in text.splitlines() if line.strip() == "听文章："]


def test_audio_without_a_lead_in_gets_its_label() -> None:
    text = page('<p>正文。</p><audio controls><source src="a.mp3" type="audio/mpeg"></audio>')
    assert "音频：[https://www.example.org/gb/2021/10/01/a.mp3]" in text


def test_a_video_keeps_its_poster_as_an_image_to_mirror() -> None:
    kept = keep_embeds('<video controls poster="/p.jpg"><source src="/v.mp4"></video>', BASE)
    assert '<img src="https://www.example.org/p.jpg"' in kept
    text = page('<video controls poster="/p.jpg"><source src="/v.mp4"></video>')
    assert "![](https://www.example.org/p.jpg)" in text
    assert "视频：[https://www.example.org/v.mp4]" in text


@pytest.mark.parametrize(
    ("src", "watch", "label"),
    [
        (
            "https://player.vimeo.com/video/76979871?h=8272103f6e",
            "https://vimeo.com/76979871",
            "视频：",
        ),
        (
            "//player.bilibili.com/player.html?bvid=BV1xx411c7mD&page=1",
            "https://www.bilibili.com/video/BV1xx411c7mD",
            "视频：",
        ),
        (
            "https://www.youtube-nocookie.com/embed/abcdefghijk",
            "https://www.youtube.com/watch?v=abcdefghijk",
            "视频：",
        ),
        (
            "https://w.soundcloud.com/player/?url=x",
            "https://w.soundcloud.com/player/?url=x",
            "音频：",
        ),
        (
            "https://www.google.com/maps/embed?pb=1",
            "https://www.google.com/maps/embed?pb=1",
            "嵌入内容：",
        ),
    ],
)
def test_players_link_to_what_a_reader_can_open(src: str, watch: str, label: str) -> None:
    text = page(f'<p>正文。</p><iframe src="{src}"></iframe>')
    assert f"{label}[{watch}]" in text


def test_a_lazy_iframe_uses_its_data_src() -> None:
    text = page(
        '<p>正文。</p><iframe data-src="https://www.youtube.com/embed/abcdefghijk"></iframe>'
    )
    assert "视频：[https://www.youtube.com/watch?v=abcdefghijk]" in text


@pytest.mark.parametrize(
    "src", ["javascript:alert(1)", "data:text/html,<b>x</b>", "", "about:blank"]
)
def test_a_player_with_nothing_to_open_is_removed_and_its_text_kept(src: str) -> None:
    text = page(f'<p>前文</p><iframe src="{src}">x</iframe><p>后文</p>')
    assert "前文" in text and "后文" in text
    assert "javascript" not in text and "data:" not in text and "视频" not in text


def test_the_lead_in_of_a_player_with_nothing_to_open_goes_with_it() -> None:
    text = page("<p>前文</p><p>听文章：</p><audio controls>不支持音频。</audio><p>后文</p>")
    assert "前文" in text and "后文" in text
    assert "听文章" not in text


def test_a_player_inside_a_paragraph_stays_in_its_sentence() -> None:
    text = page(
        '<p>请看 <iframe src="https://www.youtube.com/embed/abcdefghijk"></iframe> 的报道</p>'
    )
    assert text.strip().startswith("请看 视频：[https://www.youtube.com/watch?v=abcdefghijk]")
    assert text.strip().endswith("的报道")


def test_an_article_without_players_is_untouched() -> None:
    html = "<p>只有文字。</p>"
    assert keep_embeds(html, BASE) is html
    assert label_embeds(html, labels_for("zh-CN", {})) is html


def test_a_mark_written_by_the_origin_is_removed() -> None:
    forged = f'<p><a href="https://www.example.org/gb/other.html" {MARK}="video">x</a></p>'
    assert MARK not in keep_embeds(forged, BASE)
