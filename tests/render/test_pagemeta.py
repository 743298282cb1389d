"""Every page samizdat writes carries its metadata in a line git hosts hide."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import cmarkgfm
import pytest

from render.helpers import ConfigFactory, article, page_view, ref, to_html
from samizdat.render import Renderer
from samizdat.tree import pagemeta
from samizdat.tree.pagemeta import PageMeta

NOW = datetime(2024, 3, 5, 23, 59, tzinfo=UTC)


def hidden_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(pagemeta.MARKER)]


def test_an_article_page_says_what_it_is(make_config: ConfigFactory) -> None:
    text = Renderer(make_config()).article_page(page_view())
    assert len(hidden_lines(text)) == 1
    meta = pagemeta.parse(text)
    assert meta == PageMeta(
        "page",
        channel="local",
        article_id="n12687349",
        url="https://www.example.org/gb/21/1/14/n12687349.htm",
        title="Talks at the UN",
        published=datetime(2021, 1, 14, 3, 8, tzinfo=UTC),
        content_hash=pagemeta.content_hash("The first paragraph.\n\nThe second one.\n"),
    )
    assert pagemeta.owns("pages/local/n12687349.md", meta)
    assert not pagemeta.owns("pages/other/n12687349.md", meta)


def test_a_variant_page_names_its_script(make_config: ConfigFactory) -> None:
    view = page_view(
        page_path="pages/local/n1.hant.md", qr_path="pages/local/n1.hant.png", variant="hant"
    )
    meta = pagemeta.parse(Renderer(make_config()).article_page(view))
    assert meta is not None and (meta.article_id, meta.script) == ("n1", "hant")
    assert pagemeta.owns("pages/local/n1.hant.md", meta)


def test_indexes_and_the_home_page_say_what_they_are(make_config: ConfigFactory) -> None:
    renderer = Renderer(make_config())
    index = renderer.channel_index("local", "Local", [ref("a1", "One")], NOW)
    assert pagemeta.parse(index) == PageMeta("index", channel="local")
    assert pagemeta.owns("indexes/local.md", pagemeta.parse(index))
    home = renderer.home([("local", "Local", [ref("a1", "One")])], NOW)
    assert pagemeta.parse(home) == PageMeta("home")
    assert pagemeta.owns("README.md", pagemeta.parse(home))


def test_readers_do_not_see_it(make_config: ConfigFactory) -> None:
    text = Renderer(make_config()).article_page(page_view())
    shown = to_html(text).text_content()
    assert "samizdat:" not in shown and "n12687349.htm" in shown
    # GitHub's renderer (without unsafe HTML) drops it entirely.
    assert "samizdat:" not in cmarkgfm.github_flavored_markdown_to_html(text)


@pytest.mark.parametrize(
    "title",
    [
        "Ends the comment --> <!-- opens one",
        'Line\nbreak and "quotes" and \\ backslash',
        "中文标题「测试」—— 破折号 --!>",
    ],
)
def test_any_title_or_url_stays_inside_the_comment(make_config: ConfigFactory, title: str) -> None:
    url = "https://example.org/a--b?c=<d>&e=-->"
    when = datetime(2024, 3, 5, 23, 30, tzinfo=timezone(timedelta(hours=8)))
    view = page_view(article=article(title=title, url=url, published=when, updated=when))
    text = Renderer(make_config()).article_page(view)
    (line,) = hidden_lines(text)
    inner = line.removeprefix("<!--").removesuffix("-->")
    assert "--" not in inner and "<" not in inner and ">" not in inner
    meta = pagemeta.parse(text)
    assert meta is not None
    assert (meta.title, meta.url, meta.published, meta.updated) == (title, url, when, when)


def test_what_it_cannot_read_is_no_metadata() -> None:
    good = pagemeta.comment(PageMeta("page", channel="c", article_id="a", url="https://x/a"))
    assert pagemeta.parse(good) is not None
    assert pagemeta.parse(good.replace("samizdat:1", "samizdat:2")) is None
    assert pagemeta.parse(good.replace('"kind":"page"', '"kind":"other"')) is None
    assert pagemeta.parse(good.replace(',"channel":"c"', "")) is None  # a page needs all three
    assert pagemeta.parse("<!-- samizdat:1 {not json} -->") is None
    assert pagemeta.parse("# A page an older tool wrote\n") is None
