"""`samizdat bundle`: zip, EPUB and single HTML of the demo's newest articles.

Each format is checked for what a reader needs (it opens offline and shows the
articles with their images), for reproducibility (byte-identical when built again)
and for listing where the online copies are.
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest

from mirror_support import copy_demo, set_remote
from samizdat.bundle import make_bundle
from samizdat.cli import main
from samizdat.config import Config, load_config

HOME_URL = "https://github.com/example/lantern-mirror/blob/main/README.md"
NEWEST = ["world/a2001", "local/a1001", "culture/a3001"]


def test_zip_is_the_static_site_of_the_newest_articles(demo: Config, tmp_path: Path) -> None:
    result = make_bundle(demo, 3, "zip", tmp_path)
    assert result.path.name == "lantern-20261118-latest3.zip"
    with zipfile.ZipFile(result.path) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert all(n.startswith("lantern-20261118-latest3/") for n in names)
        archive.extractall(tmp_path / "x")
        times = {info.date_time for info in archive.infolist()}
    assert times == {(2026, 11, 18, 6, 0, 0)}  # the newest article's time
    site = tmp_path / "x" / "lantern-20261118-latest3"
    pages = sorted(p.relative_to(site / "pages").as_posix() for p in site.rglob("pages/*/*.html"))
    # The demo's local channel is also published in Traditional script: both come along.
    assert pages == sorted([*(f"{p}.html" for p in NEWEST), "local/a1001.hant.html"])
    for name in ("index.html", "search.html", "mirrors.html", "style.css", "search/docs.js"):
        assert (site / name).is_file(), name
    home = lxml.html.fromstring((site / "index.html").read_bytes())
    assert home.xpath(f"//ul[@class='copies']//a[@href='{HOME_URL}']")
    assert len(home.xpath("//ul[@class='articles']/li/a")) == 3
    for page in site.rglob("*.html"):
        for _, attribute, ref, _ in lxml.html.fromstring(page.read_bytes()).iterlinks():
            if attribute in ("href", "src") and not re.match(r"^[a-z]+:|^#", ref):
                target = page.parent / unquote(urlsplit(ref).path)
                assert target.is_file(), f"{page.name}: {ref}"
    # A menu link to an index lands on the bundle's own index of the channel.
    article = lxml.html.fromstring((site / "pages/local/a1001.html").read_bytes())
    assert article.xpath("//article//a[@href='../../indexes/local.html']")
    assert (
        len(
            lxml.html.fromstring((site / "indexes/local.html").read_bytes()).xpath(
                "//ul[@class='articles']/li"
            )
        )
        == 1
    )


@pytest.mark.parametrize("fmt", ["zip", "epub", "html"])
def test_same_articles_give_the_same_bytes(demo: Config, tmp_path: Path, fmt: str) -> None:
    config = load_config(copy_demo(demo.base_dir / "samizdat.toml", tmp_path / "demo"))
    first = make_bundle(config, 4, fmt, tmp_path / "one")  # type: ignore[arg-type]
    # File times in the mirror do not matter, only the articles do.
    for path in config.output_dir.rglob("*"):
        os.utime(path, (1_000_000_000, 1_000_000_000))
    second = make_bundle(config, 4, fmt, tmp_path / "two")  # type: ignore[arg-type]
    assert first.path.name == second.path.name
    assert first.path.read_bytes() == second.path.read_bytes()


def test_single_html_loads_nothing_from_outside(demo: Config, tmp_path: Path) -> None:
    result = make_bundle(demo, 10, "html", tmp_path)
    data = result.path.read_bytes()
    assert result.size < 3_000_000, result.size
    root = lxml.html.fromstring(data)
    assert not root.xpath("//script | //link | //iframe | //object | //embed | //base")
    assert not root.xpath("//@*[starts-with(name(), 'on')]")
    sources = root.xpath("//@src | //@srcset | //@poster | //@data")
    assert len(sources) >= 10
    assert all(s.startswith("data:image/") for s in sources), sources[:3]
    styles = " ".join(root.xpath("//style/text() | //@style"))
    assert "@import" not in styles and "url(" not in styles and "@font-face" not in styles
    hrefs = root.xpath("//a/@href")
    assert not [h for h in hrefs if h.lower().startswith("data:") and "image/" not in h]
    ids = set(root.xpath("//@id"))
    internal = [h[1:] for h in hrefs if h.startswith("#")]
    assert internal and all(target in ids for target in internal), set(internal) - ids
    # Grouped by channel, channels in order of their newest article, newest first in each.
    assert [a.get("id") for a in root.xpath("//article")][:4] == [
        "a-world-a2001", "a-world-a2002", "a-world-a2003", "a-local-a1001",
    ]  # fmt: skip
    assert root.xpath(f"//section[@class='copies']//a[@href='{HOME_URL}']")
    # Each article says where its own online copy is (its share block).
    assert root.xpath(
        "//article[@id='a-world-a2001']"
        "//a[@href='https://github.com/example/lantern-mirror/blob/main/pages/world/a2001.md']"
    )
    # The menus are gone: a book's contents replace them.
    assert not root.xpath("//article//a[.='首页']")


def test_bundles_list_online_copies_without_credentials(
    demo: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_path = copy_demo(demo.base_dir / "samizdat.toml", tmp_path / "demo")
    monkeypatch.setenv("MIRROR_TOKEN", "SECRET-TOKEN")
    set_remote(config_path, "https://x-access-token:${MIRROR_TOKEN}@github.com/o/r.git")
    config = load_config(config_path)
    (config.output_dir / "mirrors.json").write_text(
        '{"mirrors": [{"name": "Codeberg copy", "page_url": "https://codeberg.org/o/r",'
        ' "updated": "2026-11-20T08:00:00Z"}]}',
        encoding="utf-8",
    )
    for fmt in ("html", "epub", "zip"):
        result = make_bundle(config, 2, fmt, tmp_path / "out")  # type: ignore[arg-type]
        if fmt == "html":
            texts = [result.path.read_text(encoding="utf-8")]
        else:
            with zipfile.ZipFile(result.path) as archive:
                texts = [archive.read(n).decode("utf-8", "replace") for n in archive.namelist()]
        everything = "\n".join(texts)
        assert "SECRET" not in everything, fmt
        # The github remote has a page_url: its copy is listed by that, not by its git URL.
        for url in (HOME_URL, "https://codeberg.org/o/r"):
            assert f'href="{url}"' in everything, (fmt, url)
        assert "2026-11-20 08:00 UTC" in everything  # as readers see times


def test_cli_writes_to_the_current_folder_by_default(
    demo_config_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["bundle", "-c", str(demo_config_path), "--latest", "2", "--format", "html"]) == 0
    assert (tmp_path / "lantern-20261118-latest2.html").is_file()
    with pytest.raises(SystemExit) as exit_info:
        main(["bundle", "-c", str(demo_config_path), "--latest", "0"])
    assert exit_info.value.code == 2


def test_no_state_store_is_a_clear_error(demo: Config, tmp_path: Path) -> None:
    config_path = copy_demo(demo.base_dir / "samizdat.toml", tmp_path / "demo")
    (config_path.parent / "samizdat.db").unlink()
    assert main(["bundle", "-c", str(config_path), "--out", str(tmp_path)]) == 1
