# ruff: noqa: RUF001  (CJK and full-width text is intended)
"""The static search index: CJK-aware tokens, and the browser script reading it the same way.

The script is run with node (when installed) against the demo site's real index, so
the Python indexer and the JavaScript searcher are checked to agree token for token.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from samizdat.site._search import SearchDoc, build_index, index_tokens, query_tokens, shard_of
from samizdat.site._site import SiteResult

NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")
SAMPLES = ["河湾市议会", "Northern Lights", "２０２７年度预算", "ＡＢＣ def", "雨", "議會 council"]


def test_cjk_text_gives_characters_and_bigrams() -> None:
    assert index_tokens("图书馆") == {"图", "书", "馆", "图书", "书馆"}
    assert query_tokens("图书馆") == ["图书", "书馆"]
    assert query_tokens("雨") == ["雨"]


def test_mixed_text_is_split_into_words_and_cjk_runs() -> None:
    assert query_tokens("2027年度预算 Budget, libraries!") == [
        "2027", "年度", "度预", "预算", "budget", "libraries",
    ]  # fmt: skip
    # NFKC: full-width letters and digits are the ASCII ones.
    assert query_tokens("ＡＢＣ２０２７") == ["abc2027"]


def test_index_is_sharded_by_token_hash() -> None:
    docs = [SearchDoc(f"p{i}.html", f"标题{i}", "频道", "", f"正文 word{i}") for i in range(3)]
    files = build_index(docs)
    listing = json.loads(files["search/docs.js"].removeprefix("window.samizdatDocs=")[:-2])
    shards = listing["shards"]
    assert [d[0] for d in listing["docs"]] == ["p0.html", "p1.html", "p2.html"]
    assert len(files) == shards + 2  # the listing, the shards, the script folding map
    shard = files[f"search/s{shard_of('正文', shards):03d}.js"]
    assert '"正文":[0,1,2]' in shard


def test_titles_cannot_break_out_of_the_script() -> None:
    files = build_index([SearchDoc("p.html", "</script><script>alert(1)", "", "", "")])
    assert "</script>" not in files["search/docs.js"]


def _node(script: str) -> object:
    assert NODE is not None
    done = subprocess.run([NODE, "-e", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _load(site: Path) -> str:
    shards = sorted((site / "search").glob("s*.js"))
    # The page's order: the listing, the script, then (on demand) the shards.
    files = [site / "search/docs.js", site / "search.js", *shards]
    return "globalThis.window = globalThis;\n" + "".join(
        f"require({json.dumps(str(f))});\n" for f in files
    )


@needs_node
def test_script_tokenizes_and_hashes_like_the_indexer(demo_site: SiteResult) -> None:
    script = _load(demo_site.out) + (
        f"const samples = {json.dumps(SAMPLES)};\n"
        "console.log(JSON.stringify(samples.map(s => {\n"
        "  const t = window.samizdatSearch.queryTokens(s);\n"
        "  return [t, t.map(x => window.samizdatSearch.shardOf(x, 64))];\n"
        "})));"
    )
    expected = [[query_tokens(s), [shard_of(t, 64) for t in query_tokens(s)]] for s in SAMPLES]
    assert _node(script) == expected


@needs_node
def test_script_finds_demo_articles_from_the_static_index(demo_site: SiteResult) -> None:
    queries = ["河湾市议会", "图书馆", "northern lights", "剪纸", "no-such-word-anywhere"]
    script = _load(demo_site.out) + (
        f"const queries = {json.dumps(queries, ensure_ascii=False)};\n"
        "const found = {};\n"
        "queries.forEach(q => window.samizdatSearch.search(q, hits => {\n"
        "  found[q] = hits.map(h => h.doc[0]);\n"
        "}));\n"
        "console.log(JSON.stringify(found));"
    )
    found = _node(script)
    assert isinstance(found, dict)
    assert found["河湾市议会"][0] == "pages/local/a1001.html"  # its title holds the words
    assert "pages/local/a1004.html" in found["图书馆"]
    assert found["northern lights"][0] == "pages/world/a2001.html"
    assert found["剪纸"][0] == "pages/culture/a3002.html"
    assert found["no-such-word-anywhere"] == []
    # Menus and share blocks are not indexed: "首页" is on every page, in no article.
    assert (
        _node(
            _load(demo_site.out)
            + ("window.samizdatSearch.search('首页', h => console.log(JSON.stringify(h.length)));")
        )
        == 0
    )


def test_search_page_works_without_script_by_linking_the_indexes(demo_site: SiteResult) -> None:
    import lxml.html

    root = lxml.html.fromstring((demo_site.out / "search.html").read_bytes())
    links = root.xpath("//noscript//a/@href")
    assert links == [
        "index.html",
        "indexes/culture.html",
        "indexes/local.html",
        "indexes/world.html",
    ]
    assert root.xpath("//form[@id='search-form'][@action='search.html']/input[@name='q']")
