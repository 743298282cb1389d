# ruff: noqa: RUF001  (CJK and Persian text is intended)
"""The site for its readers: each page in its channel's language and direction, one
script switch, a front page, the operator's own look, and search made for people."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest

from mirror_support import NOW, add_config, copy_demo
from samizdat.config import Config, load_config
from samizdat.site import SiteResult, build_site
from samizdat.site._labels import path_language
from samizdat.site._search import SearchDoc, build_index, index_tokens, query_tokens

NODE = shutil.which("node")


def _page(site: Path, path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / path).read_bytes())


def _rebuilt(demo: Config, tmp_path: Path, toml: str, replace: tuple[str, str] = ("", "")) -> Path:
    path = copy_demo(demo.base_dir / "samizdat.toml", tmp_path / "demo")
    if toml:
        add_config(path, toml)
    if replace[0]:
        path.write_text(path.read_text(encoding="utf-8").replace(*replace), encoding="utf-8")
    return build_site(load_config(path), tmp_path / "site", now=NOW).out


def test_each_page_has_its_channel_language(demo_site: SiteResult) -> None:
    site = demo_site.out
    english = _page(site, "pages/world/a2001.html")
    assert english.get("lang") == "en" and english.get("dir") == "ltr"
    assert english.xpath("//footer//a/text()")[0] == "Home"
    assert "By Maya Okafor" in english.text_content() and "作者" not in english.text_content()
    chinese = _page(site, "pages/local/a1001.html")
    assert chinese.get("lang") == "zh-CN"
    assert _page(site, "pages/local/a1001.hant.html").get("lang") == "zh-Hant"
    assert _page(site, "indexes/world.html").get("lang") == "en"
    assert _page(site, "index.html").get("lang") == "zh-CN"


def test_one_script_switch_named_for_scripts(demo_site: SiteResult) -> None:
    page = _page(demo_site.out, "pages/local/a1001.html")
    switches = page.xpath("//nav[@class='variants']")
    assert len(switches) == 1 and switches[0].text.strip() == "简繁："
    assert "字体" not in page.text_content()
    article = page.xpath("//article")[0].text_content()
    assert "简体 · 繁體" not in article


def test_byline_right_under_the_title(demo_site: SiteResult) -> None:
    article = _page(demo_site.out, "pages/world/a2001.html").xpath("//article")[0]
    blocks = [child for child in article if isinstance(child.tag, str)]
    heading = next(i for i, child in enumerate(blocks) if child.tag == "h1")
    assert blocks[heading + 1].text_content().startswith("By Maya Okafor · Published: 2026")


def test_rtl_channel_mirrors_the_page(demo: Config, tmp_path: Path) -> None:
    site = _rebuilt(
        demo, tmp_path, "", ('kind = "atom"\nlanguage = "en"', 'kind = "atom"\nlanguage = "fa"')
    )
    page = _page(site, "pages/world/a2001.html")
    assert page.get("lang") == "fa" and page.get("dir") == "rtl"
    assert page.xpath("//footer//a/text()")[0] == "صفحهٔ اصلی"
    assert _page(site, "pages/local/a1001.html").get("dir") == "ltr"
    css = (site / "style.css").read_text(encoding="utf-8")
    assert "border-left" not in css and "padding-left" not in css  # logical properties only


def test_front_page_shows_each_channel_newest_articles(demo_site: SiteResult) -> None:
    site = demo_site.out
    front = _page(site, "index.html")
    assert len(front.xpath("//h1")) == 1  # the site's title, once
    sections = front.xpath("//section[@class='front']")
    assert [s.xpath("h2/a/@href")[0] for s in sections] == [
        "indexes/local.html",
        "indexes/world.html",
        "indexes/culture.html",
    ]
    top = sections[1].xpath(".//li")[0]
    assert top.xpath(".//a[@class='headline']/text()") == [
        "Northern lights seen much further south than usual this week"
    ]
    assert top.xpath(".//p[@class='lead']/text()")[0].startswith("Skywatchers far from")
    thumbs = front.xpath("//li[contains(@class, 'teaser')]//img/@src")
    assert len(thumbs) >= 10 and all(src.startswith("thumbs/") for src in thumbs)
    assert all((site / src).stat().st_size < 40_000 for src in thumbs)
    # Each channel's newest first, from the store's dates.
    dates = sections[0].xpath(".//time/@datetime")
    assert dates == sorted(dates, reverse=True)


def test_operator_overrides_the_site_look(demo: Config, tmp_path: Path) -> None:
    look = tmp_path / "look"
    look.mkdir(parents=True)
    (look / "style.css").write_text("body { color: rebeccapurple; }\n", encoding="utf-8")
    (look / "base.html.j2").write_text(
        '{% extends "builtin/base.html.j2" %}'
        '{% block brand %}<b class="mine">Mine</b>{% endblock %}',
        encoding="utf-8",
    )
    site = _rebuilt(demo, tmp_path, f'[html]\ntemplates_dir = "{look.as_posix()}"')
    css = (site / "style.css").read_text(encoding="utf-8")
    # The operator's stylesheet replaces the built-in one; the status page's own rules
    # (its table and charts on a phone) still follow it.
    assert css.startswith("body { color: rebeccapurple; }\n")
    assert "svg.chart" in css and ":root {" not in css
    assert _page(site, "pages/world/a2001.html").xpath("//b[@class='mine']/text()") == ["Mine"]


def test_missing_site_templates_dir_is_a_config_error(demo: Config, tmp_path: Path) -> None:
    from samizdat.errors import ConfigError

    with pytest.raises(ConfigError, match=r"html\.templates_dir: .*nowhere"):
        _rebuilt(demo, tmp_path, '[html]\ntemplates_dir = "nowhere"')


def test_path_language(demo: Config) -> None:
    assert path_language(demo, "pages/world/a2001.md") == "en"
    assert path_language(demo, "indexes/world.md") == "en"
    assert path_language(demo, "pages/local/a1001.hant.md") == "zh-Hant"
    assert path_language(demo, "README.md") == "zh-CN"


def test_snippets_are_the_article_text(demo_site: SiteResult) -> None:
    text = (demo_site.out / "search/docs.js").read_text(encoding="utf-8")
    docs = json.loads(text.removeprefix("window.samizdatDocs=").rstrip().rstrip(";"))["docs"]
    by_href = {doc[0]: doc for doc in docs}
    assert by_href["pages/local/a1001.html"][4].startswith("河湾市议会17日晚以二十一票赞成")
    assert by_href["pages/world/a2001.html"][4].startswith("Skywatchers far from")
    for doc in docs:
        assert not doc[4].startswith(("简体", "繁體", "作者", "By ")), doc


def test_words_are_found_by_prefix_and_scripts_fold() -> None:
    assert {"ele", "elec", "elect", "electi", "election"} <= index_tokens("election")
    assert "el" not in index_tokens("election")
    assert "ထုတ်ဝေ" in index_tokens("ထုတ်ဝေချိန်")  # Burmese: vowel signs stay in words
    assert query_tokens("مریم") == ["مریم"]
    files = build_index(
        [
            SearchDoc("a.html", "公共圖書館", "", "", ""),
            SearchDoc("b.html", "公共图书馆", "", "", ""),
        ],
        fold=True,
    )
    fold = json.loads(files["search/fold.js"].removeprefix("window.samizdatFold=").strip()[:-1])
    assert fold["圖"] == "图" and fold["書"] == "书" and fold["館"] == "馆"
    shard_text = "".join(v for k, v in files.items() if k.startswith("search/s"))
    assert '"图书":[0,1]' in shard_text  # both pages, whatever their script


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_script_highlights_the_query_in_either_script(demo_site: SiteResult) -> None:
    site = demo_site.out
    fake_dom = (
        "globalThis.window = globalThis;\n"
        "const node = (tag) => ({tag, kids: [], appendChild(k) { this.kids.push(k); }});\n"
        "globalThis.document = {createElement: node,"
        " createTextNode: (t) => ({text: t}), getElementById: () => null};\n"
        "globalThis.location = {search: ''};\n"
    )
    requires = "".join(
        f"require({json.dumps(str(site / name))});\n"
        for name in ("search/docs.js", "search/fold.js", "search.js")
    )
    script = (
        fake_dom
        + requires
        + "const p = document.createElement('p');\n"
        + "window.samizdatSearch.highlight(p,"
        + " '新的公共圖書館和图书馆 Elections', '图书馆 elect');\n"
        + "console.log(JSON.stringify(p.kids.map(k => k.text || ('[' + k.textContent + ']'))));"
    )
    done = subprocess.run([NODE or "node", "-e", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        "新的公共", "[圖書館]", "和", "[图书馆]", " ", "[Elect]", "ions",
    ]  # fmt: skip
