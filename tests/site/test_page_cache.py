"""The build cache keeps each page's search entry (its tokens, not its text): a rebuild
reads and tokenises only the pages that changed, and its index is a fresh build's; and
what else a build keeps while it runs (postings on disk, the front page's teasers)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from mirror_support import NOW, copy_demo
from samizdat.config import Config, load_config
from samizdat.site import build_site
from samizdat.site._cache import CACHE, PageCache, PageRecord
from samizdat.site._front import LatestTeasers, Teaser, front_sections
from samizdat.site._postings import BUCKETS
from samizdat.site._search import SearchDoc, SearchEntry, SearchIndex, index_tokens, shard_of

PAGE = "pages/world/a2010.md"
_SHARD = re.compile(r"window\.samizdatShard\((\d+),(.*)\);\n$", re.S)


def same_as_fresh(config: Config, out: Path, fresh: Path) -> None:
    """Every file a reader gets (the build's bookkeeping apart) is a fresh build's."""
    build_site(config, fresh, now=NOW)

    def files(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.startswith(".")
        }

    assert files(out) == files(fresh)


def private_demo(demo: Config, tmp_path: Path) -> Config:
    return load_config(copy_demo(demo.base_dir / "samizdat.toml", tmp_path / "demo"))


def postings(site: Path) -> dict[str, list[int]]:
    """Token -> the numbers of the documents found by it, from the site's shards."""
    found: dict[str, list[int]] = {}
    for shard in sorted((site / "search").glob("s*.js")):
        match = _SHARD.match(shard.read_text(encoding="utf-8"))
        assert match, shard
        found.update(json.loads(match.group(2)))
    return found


def listing(site: Path) -> list[str]:
    text = (site / "search/docs.js").read_text(encoding="utf-8")
    docs = json.loads(text.removeprefix("window.samizdatDocs=").removesuffix(";\n"))
    return [row[0] for row in docs["docs"]]


def cache_lines(site: Path) -> list[str]:
    return (site / CACHE).read_text(encoding="utf-8").splitlines()


def edit(config: Config, old: str, new: str) -> None:
    page = config.output_dir / PAGE
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_changed_page_changes_its_postings(demo: Config, tmp_path: Path) -> None:
    config = private_demo(demo, tmp_path)
    out = tmp_path / "site"
    build_site(config, out, now=NOW)
    edit(config, "\n\n", "\n\nQuokkaword appears here.\n\n")
    assert build_site(config, out, now=NOW).converted == 1
    number = listing(out).index("pages/world/a2010.html")
    assert postings(out)["quokkaword"] == [number]
    edit(config, "Quokkaword", "Wombatword")
    assert build_site(config, out, now=NOW).converted == 1
    found = postings(out)
    assert "quokkaword" not in found and "quokk" not in found
    assert found["wombatword"] == [number]
    same_as_fresh(config, out, tmp_path / "fresh")


def test_a_removed_page_leaves_the_index(demo: Config, tmp_path: Path) -> None:
    config = private_demo(demo, tmp_path)
    out = tmp_path / "site"
    edit(config, "\n\n", "\n\nNumbatword appears here.\n\n")
    build_site(config, out, now=NOW)
    assert "numbatword" in postings(out)
    (config.output_dir / PAGE).unlink()
    build_site(config, out, now=NOW)
    assert "numbatword" not in postings(out)
    assert "pages/world/a2010.html" not in listing(out)
    assert not any(line.startswith(json.dumps(PAGE)) for line in cache_lines(out))
    same_as_fresh(config, out, tmp_path / "fresh")


def test_an_unchanged_page_is_indexed_from_its_cached_tokens(demo: Config, tmp_path: Path) -> None:
    config = private_demo(demo, tmp_path)
    out = tmp_path / "site"
    build_site(config, out, now=NOW)
    cache = PageCache(out)
    record = cache.reusable(PAGE, cache_key(out, PAGE))
    assert record is not None and record.entry is not None
    # The page's text is not kept, only its listing row and tokens.
    text = (config.output_dir / PAGE).read_text(encoding="utf-8")
    body = max(text.split("\n\n"), key=len).strip()
    assert len(body) > 200 and body[100:200] not in (out / CACHE).read_text(encoding="utf-8")
    # A token planted in the cached entry reaches the index: the page was not read again.
    planted = SearchEntry(record.entry.row, record.entry.tokens + " plantedtoken")
    cache.keep(PAGE, PageRecord(**{**record_fields(record), "entry": planted}))
    for line in cache_lines(out)[1:]:
        path = json.loads(line.partition("\t")[0])
        if path != PAGE:
            cache.keep_unchanged(path)
    cache.save()
    again = build_site(config, out, now=NOW)
    assert again.converted == 0
    number = listing(out).index("pages/world/a2010.html")
    assert postings(out)["plantedtoken"] == [number]


def test_a_cut_or_foreign_cache_converts_every_page(demo: Config, tmp_path: Path) -> None:
    config = private_demo(demo, tmp_path)
    out = tmp_path / "site"
    first = build_site(config, out, now=NOW)
    data = (out / CACHE).read_bytes()
    (out / CACHE).write_bytes(data[: len(data) - 10])  # the last line cut short
    assert build_site(config, out, now=NOW).converted == first.converted
    old_format = {"format": 1, "pages": {}}
    (out / CACHE).write_text(json.dumps(old_format), encoding="utf-8")
    assert build_site(config, out, now=NOW).converted == first.converted
    assert build_site(config, out, now=NOW).converted == 0
    same_as_fresh(config, out, tmp_path / "fresh")


def cache_key(out: Path, path: str) -> str:
    for line in cache_lines(out)[1:]:
        name, _, row = line.partition("\t")
        if json.loads(name) == path:
            return str(json.loads(row)[0])
    raise AssertionError(path)


def record_fields(record: PageRecord) -> dict[str, object]:
    return {name: getattr(record, name) for name in PageRecord.__slots__}


def test_postings_kept_on_disk_come_back_whole_in_their_shards() -> None:
    # Enough postings for several shards and for buckets to go to disk many times.
    words = [f"{w}{n}" for w in ("river", "budget", "council", "lantern") for n in range(60)]
    common = " ".join(words[:30])  # each of these in more postings than a buffer holds
    docs = [
        SearchDoc(f"p{i}.html", f"title{i % 7}", "world", "", f"{common} {words[i % 240]}")
        for i in range(5000)
    ]
    expected: dict[str, list[int]] = {}
    for number, doc in enumerate(docs):
        for token in index_tokens(f"{doc.title}\n{doc.section}\n{doc.text}"):
            expected.setdefault(token, []).append(number)
    index = SearchIndex()
    for number, doc in enumerate(docs):
        index.add(doc, (number,))
    spilled = [blocks for blocks in index._postings._blocks if blocks]
    assert spilled and len(spilled) < BUCKETS  # some buckets on disk, some in memory
    files = dict(index.files())
    listing = json.loads(files["search/docs.js"].removeprefix("window.samizdatDocs=")[:-2])
    shards = listing["shards"]
    assert shards >= 4
    found: dict[str, list[int]] = {}
    for number in range(shards):
        match = _SHARD.match(files[f"search/s{number:03d}.js"])
        assert match and int(match.group(1)) == number
        part = json.loads(match.group(2))
        assert all(shard_of(token, shards) == number for token in part)
        found.update(part)
    assert found == expected


def test_the_front_page_keeps_only_each_channels_newest_teasers() -> None:
    pairs = [
        ((0, f"{n:04d}", f"p{n}"), Teaser(("world", "local")[n % 2], f"t{n}", f"p{n}", "", ""))
        for n in range(200)
    ]
    channels = [("world", "World", "w.html"), ("local", "Local", "l.html")]
    kept = LatestTeasers(3)
    for pair in reversed(pairs):  # in any order: the oldest first here
        kept.append(pair)
    assert len(list(kept)) == 6
    sections = front_sections(kept, channels, 3)
    assert sections == front_sections(pairs, channels, 3)
    assert [t.title for t in sections[0].teasers] == ["t0", "t2", "t4"]
