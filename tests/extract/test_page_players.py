# ruff: noqa: RUF001  (Chinese fixtures: full-width punctuation is intended)
"""Players in a page's body come through the general extractor (trafilatura) in place."""

from __future__ import annotations

from lxml.html import fragment_fromstring

from samizdat.extract import article_from_page

URL = "https://news.example.cn/gb/2021/n1001.html"
TEXT = "记者现场采访了多位乘客，他们表示新线路让通勤时间缩短了将近一半。" * 3
CHROME = '<div class="nav"><a href="/">首页</a> <a href="/gb/world/">国际</a></div>'
FOOTER = '<div class="footer">版权所有 新闻网</div>'


def page(body: str) -> str:
    return (
        f"<html><head><title>新线</title></head><body>{CHROME}"
        f'<div class="article"><h1>新线</h1>{body}</div>{FOOTER}</body></html>'
    )


def tags(body_html: str) -> list[str]:
    root = fragment_fromstring(body_html, create_parent="div")
    return [str(e.tag) for e in root.iter() if e.tag in ("p", "iframe", "audio", "video")]


def test_each_player_keeps_its_place_and_attributes() -> None:
    body = (
        f"<p>{TEXT}</p>"
        '<div class="video-wrap"><iframe src="https://player.vimeo.com/video/76979871"></iframe></div>'
        f"<p>{TEXT}</p><p>听文章：</p>"
        '<audio controls><source src="/media/a.mp3" type="audio/mpeg"></audio>'
        f"<p>{TEXT}</p>"
    )
    article = article_from_page(page(body), URL)
    assert tags(article.body_html) == ["p", "iframe", "p", "p", "audio", "p"]
    assert 'src="https://player.vimeo.com/video/76979871"' in article.body_html
    assert 'src="https://news.example.cn/media/a.mp3"' in article.body_html  # made absolute


def test_a_player_inside_a_sentence_stays_inside_it() -> None:
    body = f'<p>{TEXT}请看<video poster="/p.jpg" src="/v.mp4"></video>这段视频。</p><p>{TEXT}</p>'
    article = article_from_page(page(body), URL)
    paragraph = fragment_fromstring(article.body_html, create_parent="div").find("p")
    assert paragraph is not None
    (video,) = paragraph.iter("video")
    assert video.get("poster") == "https://news.example.cn/p.jpg"
    assert (video.tail or "").startswith("这段视频")


def test_a_marker_written_on_the_page_is_no_player() -> None:
    forged = "samizdatplayer000000000000x0x"
    body = f"<p>{TEXT}</p><p>{forged}</p><iframe src='https://youtu.be/x'></iframe><p>{TEXT}</p>"
    article = article_from_page(page(body), URL)
    assert forged in article.body_html  # the page's own text, kept as it is
    assert article.body_html.count("<iframe") == 1


def test_markers_are_split_as_a_pattern_of_the_page_s_own_stamp_splits_them() -> None:
    # One precompiled pattern finds the markers; the result is what a pattern made for
    # the page's stamp alone gives, on text with real, forged and look-alike markers.
    import random
    import re

    from lxml.html import Element

    from samizdat.extract._players import _split, hide_players

    holder = Element("div")
    holder.append(Element("iframe"))
    hidden = hide_players(holder)
    own = f"samizdatplayer{hidden.stamp}"
    by_stamp = re.compile(rf"\s*{own}x(\d+)x\s*")
    pieces = [f"{own}x0x", f"{own}x7x", f"{own}x12", "samizdatplayer00000000000fx0x", "新闻",
              " ", "\n\t", "\u3000", "text ", " x", "0x", own, "samizdatplayer"]  # fmt: skip
    rng = random.Random(4)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 9)))
        expected = by_stamp.split(text) if by_stamp.search(text) else None
        if expected is None and own in text:
            expected = [text]  # the stamp alone, in no marker: the text as it is
        assert _split(text, hidden) == expected, repr(text)
