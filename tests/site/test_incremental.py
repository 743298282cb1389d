"""An incremental `build-site`: pages whose inputs did not change are not converted again,
and what a rebuild makes is byte for byte what a fresh build makes."""

from __future__ import annotations

from pathlib import Path

from mirror_support import NOW, add_config, copy_demo
from samizdat.config import Config, load_config
from samizdat.site import build_site
from samizdat.site._cache import CACHE


def site_files(root: Path) -> dict[str, bytes]:
    """Every file a reader gets (the build's own bookkeeping apart)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def same_as_fresh(config: Config, out: Path, fresh: Path) -> None:
    build_site(config, fresh, now=NOW)
    assert site_files(out) == site_files(fresh)


def private_demo(demo: Config, tmp_path: Path) -> Config:
    return load_config(copy_demo(demo.base_dir / "samizdat.toml", tmp_path / "demo"))


def test_second_build_converts_nothing(demo: Config, tmp_path: Path) -> None:
    config = private_demo(demo, tmp_path)
    out = tmp_path / "site"
    first = build_site(config, out, now=NOW)
    assert first.converted == first.pages - 1  # the front page is made, not converted
    second = build_site(config, out, now=NOW)
    assert (second.converted, second.changed, second.removed) == (0, 0, 0)
    assert second.pages == first.pages and second.articles == first.articles
    same_as_fresh(config, out, tmp_path / "fresh")


def test_a_changed_page_alone_is_converted_again(demo: Config, tmp_path: Path) -> None:
    config = private_demo(demo, tmp_path)
    out = tmp_path / "site"
    build_site(config, out, now=NOW)
    page = config.output_dir / "pages/world/a2010.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("\n\n", "\n\nZanzibarword appears here.\n\n", 1))
    again = build_site(config, out, now=NOW)
    assert again.converted == 1
    assert "Zanzibarword" in (out / "pages/world/a2010.html").read_text(encoding="utf-8")
    # The search index and the front page are made from every page, reused ones too.
    assert "zanzibarword" in "".join(
        p.read_text(encoding="utf-8") for p in (out / "search").glob("*.js")
    )
    same_as_fresh(config, out, tmp_path / "fresh")


def test_pages_linking_to_a_removed_page_are_converted_again(demo: Config, tmp_path: Path) -> None:
    config = private_demo(demo, tmp_path)
    out = tmp_path / "site"
    first = build_site(config, out, now=NOW)
    (config.output_dir / "pages/world/a2010.md").unlink()
    again = build_site(config, out, now=NOW)
    # The pages that listed or linked to it (its channel's index...), not all of them.
    assert 1 <= again.converted < first.converted // 2
    index = (out / "indexes/world.html").read_text(encoding="utf-8")
    assert "a2010.html" not in index
    same_as_fresh(config, out, tmp_path / "fresh")


def test_a_changed_template_or_config_converts_every_page(demo: Config, tmp_path: Path) -> None:
    config_path = copy_demo(demo.base_dir / "samizdat.toml", tmp_path / "demo")
    templates = tmp_path / "demo" / "tpl"
    templates.mkdir()
    add_config(config_path, '[html]\ntemplates_dir = "tpl"')
    config = load_config(config_path)
    out = tmp_path / "site"
    first = build_site(config, out, now=NOW)
    (templates / "page.html.j2").write_text(
        '{% extends "builtin/page.html.j2" %}{% block main %}<p>mine</p>{{ super() }}'
        "{% endblock %}",
        encoding="utf-8",
    )
    again = build_site(config, out, now=NOW)
    assert again.converted == first.converted
    assert "<p>mine</p>" in (out / "pages/world/a2010.html").read_text(encoding="utf-8")
    config_path.write_text(
        config_path.read_text(encoding="utf-8").replace('title = "', 'title = "New ', 1),
        encoding="utf-8",
    )
    assert build_site(load_config(config_path), out, now=NOW).converted == first.converted


def test_an_edited_html_file_or_a_damaged_cache_is_made_again(demo: Config, tmp_path: Path) -> None:
    config = private_demo(demo, tmp_path)
    out = tmp_path / "site"
    first = build_site(config, out, now=NOW)
    page = out / "pages/world/a2010.html"
    page.write_text("defaced", encoding="utf-8")
    again = build_site(config, out, now=NOW)
    assert again.converted == 1 and "defaced" not in page.read_text(encoding="utf-8")
    (out / CACHE).write_text("{not json", encoding="utf-8")
    assert build_site(config, out, now=NOW).converted == first.converted
    (out / CACHE).unlink()
    (out / CACHE).symlink_to(tmp_path / "elsewhere.json")
    (tmp_path / "elsewhere.json").write_text("{}", encoding="utf-8")
    assert build_site(config, out, now=NOW).converted == first.converted
    assert (tmp_path / "elsewhere.json").read_text(encoding="utf-8") == "{}"
    same_as_fresh(config, out, tmp_path / "fresh")
