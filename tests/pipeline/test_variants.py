"""Script variants end to end: a channel published in both scripts, and a whole site
converted to one script."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from samizdat.config import load_config
from samizdat.demo.server import SiteServer
from samizdat.errors import ConfigError
from samizdat.models import RunReport
from samizdat.pipeline import sync
from support import write_config


def run_sync(config_path: Path) -> RunReport:
    return asyncio.run(sync(load_config(config_path), push=False))


def channels(origin_url: str, **local: str) -> list[dict[str, str]]:
    return [
        {"id": "local", "title": "本地新闻", "feed": f"{origin_url}/feeds/local.xml", **local},
        {"id": "culture", "title": "文化", "feed": f"{origin_url}/feeds/culture.xml"},
    ]


def test_a_channel_is_published_in_both_scripts(tmp_path: Path, origin: SiteServer) -> None:
    config = write_config(
        tmp_path, origin.base_url, channels=channels(origin.base_url, variant="hant")
    )
    report = run_sync(config)
    mirror = tmp_path / "mirror"
    local = mirror / "pages" / "local"

    main_pages = sorted(p for p in local.glob("*.md") if not p.name.endswith(".hant.md"))
    assert len(main_pages) == report.counts("local").new > 5
    for page in main_pages:
        variant = page.with_name(page.stem + ".hant.md")
        assert variant.is_file() and page.with_name(page.stem + ".hant.png").is_file()
        assert f"[繁體]({variant.name})" in page.read_text(encoding="utf-8")
        assert f"[简体]({page.name})" in variant.read_text(encoding="utf-8")
    # The culture channel has no variant.
    assert not list((mirror / "pages" / "culture").glob("*.hant.md"))

    simplified = (local / "a1003.md").read_text(encoding="utf-8")
    traditional = (local / "a1003.hant.md").read_text(encoding="utf-8")
    assert "地铁3号线北延段" in simplified and "地鐵3號線北延段" in traditional
    assert "地铁" not in traditional
    # Same pictures in both scripts, links to other articles stay in the same script.
    assets = [line for line in simplified.splitlines() if "../../assets/" in line]
    assert assets and all(line.split("](")[1] in traditional for line in assets)
    assert "](a1001.md)" in (local / "a1004.md").read_text(encoding="utf-8")
    assert "](a1001.hant.md)" in (local / "a1004.hant.md").read_text(encoding="utf-8")

    index = (mirror / "indexes" / "local.hant.md").read_text(encoding="utf-8")
    assert "# 本地新聞" in index
    assert index.count("../pages/local/") == len(main_pages)
    assert "](../pages/local/a1003.hant.md)" in index and "[简体](local.md)" in index
    assert "[繁體](local.hant.md)" in (mirror / "indexes" / "local.md").read_text(encoding="utf-8")


def test_retention_removes_an_article_in_both_scripts(tmp_path: Path, origin: SiteServer) -> None:
    config = write_config(
        tmp_path, origin.base_url, channels=channels(origin.base_url, variant="hant")
    )
    run_sync(config)
    write_config(
        tmp_path, origin.base_url, channels=channels(origin.base_url, variant="hant"), retention=3
    )
    report = run_sync(config)
    local = tmp_path / "mirror" / "pages" / "local"
    assert report.counts("local").removed > 0
    assert len(list(local.glob("*.hant.md"))) == 3
    assert len(list(local.glob("*.hant.png"))) == 3
    assert len([p for p in local.glob("*.md") if not p.name.endswith(".hant.md")]) == 3


def test_site_script_converts_every_page(tmp_path: Path, origin: SiteServer) -> None:
    config = write_config(
        tmp_path,
        origin.base_url,
        channels=channels(origin.base_url),
        site={"script": "hant", "script_region": "tw"},
    )
    run_sync(config)
    page = (tmp_path / "mirror" / "pages" / "local" / "a1003.md").read_text(encoding="utf-8")
    assert "地鐵3號線北延段" in page and "地铁" not in page
    index = (tmp_path / "mirror" / "indexes" / "local.md").read_text(encoding="utf-8")
    assert "地鐵3號線北延段" in index


def test_a_variant_in_the_site_script_is_refused(tmp_path: Path, origin: SiteServer) -> None:
    config = write_config(
        tmp_path,
        origin.base_url,
        channels=channels(origin.base_url, variant="hant"),
        site={"script": "hant"},
    )
    with pytest.raises(ConfigError, match=r"sources\[0\]\.channels\[0\]\.variant"):
        load_config(config)
