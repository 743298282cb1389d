# ruff: noqa: RUF001  (CJK labels: full-width punctuation is intended)
"""Channel indexes and the home page."""

from __future__ import annotations

from render.helpers import NOW, ConfigFactory, assert_tidy, links, ref, resolve, to_html
from samizdat import layout
from samizdat.render import Renderer


def list_links(markdown: str) -> list[tuple[str, str]]:
    return [
        (a.text_content(), a.get("href"))
        for li in to_html(markdown).iter("li")
        for a in li.iter("a")
    ]


def test_index_lists_articles_in_the_order_given(make_config: ConfigFactory) -> None:
    # The caller sorts newest first; the index must not re-sort (here: deliberately not
    # by date, to tell the two apart).
    refs = [ref("a3", "Third", 3), ref("a1", "First", 1), ref("a2", "Second", 2)]
    text = Renderer(make_config()).channel_index("local", "Local", refs, NOW)
    items = list_links(text)
    assert [title for title, _ in items] == ["Third", "First", "Second"]
    path = layout.index_path("local")
    assert [resolve(path, href) for _, href in items] == [r.page_path for r in refs]
    # The date first, unbreakable (non-breaking hyphens): never "2024-⏎03-03".
    assert "- 2024\u201103\u201103 [Third](../pages/local/a3.md)" in text
    assert text.startswith("# Local\n")
    assert_tidy(text)


def test_index_menu_links_home_and_operator_links(make_config: ConfigFactory) -> None:
    config = make_config(templates={"menu": [{"title": "About", "url": "docs/about.md"}]})
    text = Renderer(config).channel_index("local", "Local", [ref("a1", "One")], NOW)
    found = links(text)
    path = layout.index_path("local")
    assert resolve(path, found["首页"]) == "README.md"
    assert resolve(path, found["About"]) == "docs/about.md"


def test_index_of_an_empty_channel(make_config: ConfigFactory) -> None:
    text = Renderer(make_config()).channel_index("local", "Local", [], NOW)
    assert "暂无文章。" in text
    assert list_links(text) == []
    assert_tidy(text)


def test_index_without_date_keeps_the_link(make_config: ConfigFactory) -> None:
    text = Renderer(make_config()).channel_index("local", "Local", [ref("a1", "One", None)], NOW)
    assert "- [One](../pages/local/a1.md)\n" in text


def test_cache_busting_query_on_index_links(make_config: ConfigFactory) -> None:
    plain = Renderer(make_config()).home([("local", "Local", [ref("a1", "One")])], NOW)
    assert "?t=" not in plain
    busted = Renderer(make_config(site={"cache_bust": True}))
    home = busted.home([("local", "Local", [ref("a1", "One")])], NOW)
    assert links(home)["Local"] == "indexes/local.md?t=03050607"
    assert resolve(layout.HOME, links(home)["Local"]) == "indexes/local.md"
    # Article links are not indexes: no query.
    assert ("One", "pages/local/a1.md") in list_links(home)
    index = busted.channel_index("local", "Local", [ref("a1", "One")], NOW)
    assert links(index)["首页"] == "../README.md?t=03050607"


def test_titles_with_markdown_characters_render_literally(make_config: ConfigFactory) -> None:
    title = "[Video] *Live*: a_b_c `x` <script>alert(1)</script> | ~~no~~ & more"
    text = Renderer(make_config()).channel_index("local", "Local", [ref("a1", title)], NOW)
    items = list_links(text)
    assert items == [(title, "../pages/local/a1.md")]
    html = to_html(text)
    assert list(html.iter("em", "strong", "code", "del", "script")) == []


def test_channel_title_is_escaped_in_the_index_heading(make_config: ConfigFactory) -> None:
    text = Renderer(make_config()).channel_index("local", "*Local* [news]", [], NOW)
    assert next(to_html(text).iter("h1")).text_content() == "*Local* [news]"


def test_home_lists_channels_and_their_latest_items(make_config: ConfigFactory) -> None:
    channels = [
        ("local", "Local", [ref("a2", "Two", 2), ref("a1", "One", 1)]),
        ("world", "World", []),
    ]
    text = Renderer(make_config(site={"title": "Good *News*"})).home(channels, NOW)
    html = to_html(text)
    assert next(html.iter("h1")).text_content() == "Good *News*"
    headings = [(h.text_content(), h.find("a").get("href")) for h in html.iter("h2")]
    assert headings == [("Local", "indexes/local.md"), ("World", "indexes/world.md")]
    assert list_links(text) == [("Two", "pages/local/a2.md"), ("One", "pages/local/a1.md")]
    menu = links(text)
    assert menu["首页"] == "README.md"
    assert menu["更多文章…"] == "indexes/local.md"
    assert "暂无文章。" in text
    assert "最后更新：2024\u201103\u201105\u00a006:07\u00a0UTC" in text  # unbreakable
    assert_tidy(text)


def test_home_shows_at_most_home_latest_items(make_config: ConfigFactory) -> None:
    refs = [ref(f"a{i}", f"Item {i}", i) for i in range(1, 6)]
    text = Renderer(make_config(site={"home_latest": 2})).home([("local", "Local", refs)], NOW)
    assert [t for t, _ in list_links(text)] == ["Item 1", "Item 2"]


def test_home_links_the_feed(make_config: ConfigFactory) -> None:
    raw = "https://cdn.example.net/gh/owner/repo@{branch}/{path}"
    text = Renderer(make_config(site={"raw_url": raw})).home([], NOW)
    assert links(text)["订阅本站（Atom）"] == "https://cdn.example.net/gh/owner/repo@main/feed.xml"
    local = Renderer(make_config()).home([], NOW)
    assert links(local)["订阅本站（Atom）"] == "feed.xml"


def test_stats_pixel_on_index_and_home_only_when_configured(make_config: ConfigFactory) -> None:
    assert "<img" not in Renderer(make_config()).home([], NOW)
    config = make_config(templates={"stats_pixel": "https://stats.example.net/{path}"})
    home = Renderer(config).home([], NOW)
    assert '<img src="https://stats.example.net/README.md" width="0" height="0" alt="">' in home
