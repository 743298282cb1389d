"""A run keeps its templates compiled next to the state store, never stale, never in
the mirror, and a dry run keeps none."""

from __future__ import annotations

from pathlib import Path

from samizdat.cli import main
from samizdat.demo.server import SiteServer
from support import write_config

BUILTIN = Path(__file__).parents[2] / "src" / "samizdat" / "render" / "templates"


def edit_origin(site_dir: Path, old: str, new: str) -> None:
    feed = site_dir / "feeds" / "local.xml"
    text = feed.read_text(encoding="utf-8")
    assert old in text
    feed.write_text(text.replace(old, new, 1), "utf-8")


def operator_index(folder: Path, word: str) -> None:
    folder.mkdir(exist_ok=True)
    template = (BUILTIN / "index.md.j2").read_text(encoding="utf-8")
    (folder / "index.md.j2").write_text(template.replace("# {{ title }}", f"# {word}"), "utf-8")


def test_compiled_templates_are_kept_for_the_next_run_and_follow_their_source(
    tmp_path: Path, site_dir: Path, origin: SiteServer
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    config = write_config(work, origin.base_url)
    with config.open("a", encoding="utf-8") as file:
        file.write('\n[templates]\ndir = "operator"\n')
    operator_index(work / "operator", "FIRST")
    assert main(["sync", "-c", str(config), "--dry-run", "-q"]) == 0
    assert not (work / ".samizdat-templates").exists()

    assert main(["sync", "-c", str(config), "-q"]) == 0
    kept = sorted(p.name for p in (work / ".samizdat-templates").iterdir())
    assert len(kept) == 4  # page, index, home, feed
    assert all(name.startswith("samizdat-") and name.endswith(".cache") for name in kept)
    assert not list((work / "mirror").rglob("*.cache"))
    index = work / "mirror" / "indexes" / "local.md"
    assert index.read_text(encoding="utf-8").startswith("# FIRST\n")

    # The operator edits the template: the next run compiles it again.
    operator_index(work / "operator", "SECOND")
    edit_origin(site_dir, "公共图书馆经费增加12%", "公共图书馆经费增加15%")
    assert main(["sync", "-c", str(config), "-q"]) == 0
    assert index.read_text(encoding="utf-8").startswith("# SECOND\n")
    assert len(list((work / ".samizdat-templates").iterdir())) == 4  # replaced


def test_no_compiled_templates_when_the_store_is_inside_the_mirror(
    tmp_path: Path, origin: SiteServer
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    config = write_config(work, origin.base_url)
    text = config.read_text(encoding="utf-8")
    config.write_text(text + '\n[paths]\nstate = "mirror/samizdat.db"\n', "utf-8")
    assert main(["sync", "-c", str(config), "-q"]) == 0
    assert (work / "mirror" / "indexes" / "local.md").exists()
    assert not list(work.rglob(".samizdat-templates"))
