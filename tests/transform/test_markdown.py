# ruff: noqa: RUF001  (full-width punctuation is what these tests are about)
"""HTML → Markdown: what a reader sees once GitHub renders the page."""

from __future__ import annotations

import pytest

from samizdat.transform.markdown import html_to_markdown
from transform.roundtrip import parse, render, visible_text


def rendered(html: str, **kwargs: int) -> str:
    return render(html_to_markdown(html, **kwargs))


def rendered_text(html: str) -> str:
    return " ".join(visible_text(parse(rendered(html))).split())


@pytest.mark.parametrize(
    ("html", "tag"),
    [
        ("<p><strong>「文字」</strong>中文</p>", "strong"),
        ("<p>中文<strong>「文字」</strong></p>", "strong"),
        ("<p>他说：<strong>“我们会继续。”</strong>然后离开。</p>", "strong"),
        ("<p>见<em>《报告》</em>第三页</p>", "em"),
        ("<p>保留<del>（删除）</del>文字</p>", "del"),
        ("<p><b>（注）</b>以上内容</p>", "strong"),
        ("<p>普通<strong>加粗</strong>文字</p>", "strong"),
    ],
)
def test_emphasis_next_to_cjk_punctuation_renders(html: str, tag: str) -> None:
    out = rendered(html)
    assert f"<{tag}>" in out
    assert "*" not in out and "~" not in out


def test_plain_emphasis_uses_markdown_delimiters() -> None:
    assert html_to_markdown("<p>a <strong>b</strong> <em>c</em> <s>d</s></p>") == (
        "a **b** *c* ~~d~~\n"
    )


def test_nested_and_adjacent_emphasis_render() -> None:
    out = rendered("<p><strong><em>x</em></strong> <em>a</em><em>b</em> <em>a<em>b</em></em></p>")
    tree = parse(out)
    assert [e.text_content() for e in tree.iter("strong")] == ["x"]
    assert [e.text_content() for e in tree.iter("em")] == ["x", "ab", "ab"]


@pytest.mark.parametrize(
    "text",
    [
        "1. not a list",
        "2) nor this",
        "# not a heading",
        "###### six",
        "+ plus",
        "- minus",
        "> not a quote",
        "*stars* and **double**",
        "_under_ and __double__ snake_case",
        "[link](url) and [ref]: /x",
        "<b>tag</b> <!-- comment -->",
        "`code` and ``more``",
        "back\\slash \\* escaped",
        "~strike~ and ~~double~~",
        "a | b",
        "$x$ and $$y$$",
        "&copy; &#169; AT&T",
        "---",
        "===",
        "***",
        ":-- | --",
        "![not](an image)",
        "1986. A year",
        "「1. 中文」",
    ],
)
def test_markdown_looking_text_stays_literal(text: str) -> None:
    html = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert rendered_text(f"<p>{html}</p>") == text
    assert rendered_text(f"<p>x<br>{html}</p>") == "x " + text
    assert "<br" in rendered(f"<p>x<br>{html}</p>")


def test_markdown_looking_text_in_table_cell_stays_literal() -> None:
    out = rendered("<table><tr><th>h</th></tr><tr><td>a | b `c|d` *e*</td></tr></table>")
    assert [td.text_content() for td in parse(out).iter("td")] == ["a | b `c|d` *e*"]


def test_nested_lists_indent_under_their_item() -> None:
    html = (
        "<ul><li>one<ol><li>nine<ul><li>deep</li></ul></li><li>ten</li></ol></li><li>two</li></ul>"
    )
    assert html_to_markdown(html) == ("- one\n  1. nine\n     - deep\n  2. ten\n- two\n")
    tree = parse(render(html_to_markdown(html)))
    deep = tree.xpath("//ul/li/ol/li/ul/li")
    assert [li.text_content() for li in deep] == ["deep"]


def test_nested_ordered_list_not_starting_at_one_is_kept() -> None:
    tree = parse(rendered("<ul><li>item<ol start='5'><li>five</li></ol></li></ul>"))
    assert tree.xpath("//ul/li/ol[@start='5']/li/text()") == ["five"]


def test_adjacent_lists_stay_separate() -> None:
    tree = parse(rendered("<ul><li>a</li></ul><ul><li>b</li></ul>"))
    assert len(tree.findall("ul")) == 2


def test_table_escapes_pipes_and_keeps_breaks() -> None:
    html = (
        "<table><tr><td>cmd</td><td>meaning</td></tr>"
        "<tr><td><code>a|b</code></td><td>x | y<br>z</td></tr></table>"
    )
    md = html_to_markdown(html)
    assert md == "| cmd | meaning |\n| --- | --- |\n| `a\\|b` | x \\| y<br>z |\n"
    tree = parse(render(md))
    assert [th.text_content() for th in tree.iter("th")] == ["cmd", "meaning"]
    assert [td.text_content() for td in tree.iter("td")] == ["a|b", "x | yz"]
    assert len(tree.findall(".//td/br")) == 1


def test_table_with_thead_uses_it_as_header() -> None:
    tree = parse(
        rendered(
            "<table><thead><tr><th>A</th><th>B</th></tr></thead>"
            "<tbody><tr><td>1</td><td>2</td></tr></tbody></table>"
        )
    )
    assert [th.text for th in tree.iter("th")] == ["A", "B"]
    assert [td.text for td in tree.iter("td")] == ["1", "2"]


def test_code_fence_is_longer_than_backtick_runs_inside() -> None:
    md = html_to_markdown("<pre><code>a\n```\nb ````` c</code></pre>")
    assert md.startswith("``````\n") and md.endswith("\n``````\n")
    assert [c.text for c in parse(render(md)).iter("code")] == ["a\n```\nb ````` c\n"]


def test_inline_code_with_backticks() -> None:
    md = html_to_markdown("<p><code>a`b</code> <code>`edge`</code></p>")
    assert md == "``a`b`` `` `edge` ``\n"
    assert [c.text for c in parse(render(md)).iter("code")] == ["a`b", "`edge`"]


@pytest.mark.parametrize(
    ("offset", "expected"),
    [(1, ["h2", "h3", "h6", "h6"]), (0, ["h1", "h2", "h5", "h6"]), (2, ["h3", "h4", "h6", "h6"])],
)
def test_headings_are_demoted(offset: int, expected: list[str]) -> None:
    html = "<h1>a</h1><h2>b</h2><h5>c</h5><h6>d</h6>"
    tree = parse(rendered(html, heading_offset=offset))
    assert [h.tag for h in tree] == expected


def test_heading_ending_in_hash_keeps_it() -> None:
    assert rendered_text("<h2>Learn C#</h2>") == "Learn C#"


def test_no_space_between_cjk_across_source_newlines() -> None:
    md = html_to_markdown(
        "<p>市政府\n宣布，\n明年<strong>起</strong>\n推行。\nNext line\nwraps</p>"
    )
    assert md == "市政府宣布，明年**起**推行。 Next line wraps\n"


def test_line_breaks_are_backslashes() -> None:
    md = html_to_markdown("<p>a<br>b <br> c<br></p>")
    assert md == "a\\\nb\\\nc\n"


def test_figure_caption_follows_image_in_italics() -> None:
    md = html_to_markdown(
        '<figure><figcaption>桥（摄影）</figcaption><img src="a b(1).jpg" alt="桥"></figure>'
    )
    assert md == "![桥](a%20b%281%29.jpg)\n\n*桥（摄影）*\n"


def test_image_inside_link_and_title() -> None:
    md = html_to_markdown('<a href="/big"><img src="s.jpg" alt="s" title=\'say "hi"\'></a>')
    assert md == '[![s](s.jpg "say \\"hi\\"")](/big)\n'


def test_definition_list_degrades_to_bold_term() -> None:
    md = html_to_markdown("<dl><dt>Term</dt><dd>Meaning.</dd></dl>")
    assert md == "**Term**\n\nMeaning.\n"


def test_blockquotes_nest() -> None:
    md = html_to_markdown("<blockquote><p>a</p><blockquote><p>b</p></blockquote></blockquote>")
    assert md == "> a\n>\n> > b\n"


def test_sup_and_sub_stay_html() -> None:
    assert html_to_markdown("<p>H<sub>2</sub>O x<sup>2</sup></p>") == (
        "H<sub>2</sub>O x<sup>2</sup>\n"
    )


@pytest.mark.parametrize("html", ["", "   ", "<p> </p>", "<div>\n</div>", "<strong></strong>"])
def test_empty_input_gives_empty_output(html: str) -> None:
    assert html_to_markdown(html) == ""


def test_output_is_tidy() -> None:
    md = html_to_markdown("<p>a  </p>\n\n\n<p></p><pre>x  \n\n\n\ny</pre><ul><li></li></ul>")
    assert md.endswith("\n") and not md.endswith("\n\n")
    assert "\n\n\n" not in md
    assert all(line == line.rstrip() for line in md.split("\n"))
