"""Converting mirror Markdown: what is kept, and where each link and image points."""

from __future__ import annotations

from pathlib import Path

import pytest

from mirror_support import add_config, copy_demo, set_remote
from samizdat.config import Config, load_config
from samizdat.html import markdown_to_html
from samizdat.site._convert import inner_html, parse_fragment, rewrite_refs
from samizdat.site._links import locate, make_resolver
from samizdat.site._online import OnlineMirror, read_mirrors_file, remote_web_url

SHA = "5a" + "0" * 62


class FakeTargets:
    def __init__(self) -> None:
        self.files: list[str] = []

    def page(self, md_path: str) -> str | None:
        return {"pages/local/a1.md": "A1", "README.md": "HOME"}.get(md_path)

    def file(self, path: str) -> str | None:
        self.files.append(path)
        return f"FILE:{path}" if path.startswith("assets/") else None


@pytest.fixture
def online(demo: Config) -> OnlineMirror:
    return OnlineMirror(demo, demo.output_dir)


def test_markdown_keeps_gfm_and_drops_script() -> None:
    html = markdown_to_html(
        "# T\n\n| a | b |\n|--:|---|\n| 1 | 2 |\n\n<script>alert(1)</script>\n\n"
        '<img src="x.png" onerror="alert(1)">\n\n[x](javascript:alert(1))\n'
    )
    assert "<table>" in html and 'style="text-align:right"' in html
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html


def test_locate_names_mirror_files() -> None:
    assert locate("pages/local/a1.md", "../world/a2.md#x").path == "pages/world/a2.md"
    assert locate("pages/local/a1.md", "../world/a2.md#x").fragment == "#x"
    assert locate("indexes/x.md", "../README.md?t=11241200").path == "README.md"
    cdn = f"https://cdn.jsdelivr.net/gh/o/r@main/assets/5a/{SHA}.jpg"
    assert locate("pages/local/a1.md", cdn).path == f"assets/5a/{SHA}.jpg"  # images.link = raw
    assert locate("pages/local/a1.md", "https://example.org/").external == "https://example.org/"


def test_resolver_points_links_at_the_output_or_online(online: OnlineMirror) -> None:
    targets = FakeTargets()
    resolve = make_resolver("pages/local/a2.md", targets, online)
    assert resolve("a", "a1.md#p") == "A1#p"
    assert resolve("a", "../../README.md") == "HOME"
    # Not in this output: its online copy.
    assert resolve("a", "../world/a9.md") == (
        "https://github.com/example/lantern-mirror/blob/main/pages/world/a9.md"
    )
    # Climbing out of the mirror, like the legacy menus: resolved against the page's URL.
    assert resolve("a", "../../../../../basic/blob/master/README.md") == (
        "https://github.com/example/basic/blob/master/README.md"
    )
    assert resolve("img", f"../../assets/5a/{SHA}.jpg") == f"FILE:assets/5a/{SHA}.jpg"
    # An image the output does not have is dropped rather than loaded from elsewhere.
    assert resolve("img", "https://origin.example/photo.jpg") is None
    assert resolve("img", "https://stats.example.org/p.gif?page=x") is None
    assert resolve("a", "https://origin.example/story") == "https://origin.example/story"


def test_rewrite_unlinks_and_drops(online: OnlineMirror) -> None:
    root = parse_fragment(
        '<p><a href="mailto:x@example.org">mail</a> <a href="ftp://x/y">ftp</a>'
        ' <img src="https://origin.example/a.jpg" alt="gone">tail</p>'
    )
    rewrite_refs(root, make_resolver("pages/local/a2.md", FakeTargets(), online))
    html = inner_html(root)
    assert '<a href="mailto:x@example.org"' in html
    assert "ftp" in html and "ftp://" not in html  # unlinked, words kept
    assert "<img" not in html and "tail" in html


def test_remote_urls_lose_their_credentials() -> None:
    assert remote_web_url("https://x-access-token:${GITHUB_TOKEN}@github.com/o/r.git") == (
        "https://github.com/o/r"
    )
    assert remote_web_url("https://user:hunter2@gitlab.com/o/r.git/") == "https://gitlab.com/o/r"
    assert remote_web_url("git@codeberg.org:o/r.git") == "https://codeberg.org/o/r"
    assert remote_web_url("ssh://git@gitee.com/o/r.git") == "https://gitee.com/o/r"
    assert remote_web_url("/srv/git/mirror.git") is None
    assert remote_web_url("file:///srv/git/mirror.git") is None


def test_mirrors_file_is_read_leniently(tmp_path: Path) -> None:
    path = tmp_path / "mirrors.json"
    path.write_text(
        '{"mirrors": [{"name": "Codeberg", "page_url": "https://codeberg.org/o/r",'
        ' "updated": "2026-11-20"}, {"name": "bad", "page_url": "javascript:alert(1)"},'
        ' {"name": "tok", "page_url": "https://u:secret@example.net/m"}, "junk"]}',
        encoding="utf-8",
    )
    copies = read_mirrors_file(path)
    assert [(c.name, c.url, c.updated) for c in copies] == [
        ("Codeberg", "https://codeberg.org/o/r", "2026-11-20"),
        ("tok", "https://example.net/m", ""),
    ]
    path.write_text("not json", encoding="utf-8")
    assert read_mirrors_file(path) == []
    assert read_mirrors_file(tmp_path / "missing.json") == []


def test_online_copies_page_lists_config_and_mirrors_file(
    demo: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_path = copy_demo(demo.base_dir / "samizdat.toml", tmp_path / "demo")
    monkeypatch.setenv("MIRROR_TOKEN", "SECRET-TOKEN")
    set_remote(config_path, "https://x-access-token:${MIRROR_TOKEN}@github.com/o/r.git")
    # A remote with no page_url is listed by its web address.
    add_config(config_path, '[[publish.remotes]]\nname = "gitee"\nurl = "git@gitee.com:o/r.git"')
    config = load_config(config_path)
    (config.output_dir / "mirrors.json").write_text(
        '{"mirrors": [{"name": "Elsewhere", "page_url": "https://elsewhere.example/m/{path}"}]}',
        encoding="utf-8",
    )
    copies = OnlineMirror(config, config.output_dir).copies()
    assert [c.url for c in copies] == [
        "https://github.com/example/lantern-mirror/blob/main/README.md",
        "https://codeberg.org/example/lantern-mirror/src/branch/main/README.md",
        "https://gitee.com/o/r",
        "https://elsewhere.example/m/README.md",
    ]
    assert all("SECRET" not in c.url + c.name for c in copies)
