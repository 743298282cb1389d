"""Nothing outside the mirror enters what it publishes.

A real demo mirror gets the entries an attacker (or a careless hand) could leave in it:
symlinks to a secret file outside the tree, hard links to it, a symlinked folder, a FIFO.
The site, every bundle format, a directory target and ``serve`` must never carry the
secret's bytes; ``verify`` must name each entry. Published files are 0644, folders 0755,
whatever the umask; a killed folder copy's temporaries are swept; verify never walks
``.git``.
"""

from __future__ import annotations

import base64
import os
import stat
import sys
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from mirror_support import NOW, copy_demo, demo_config
from samizdat.bundle import FORMATS, make_bundle
from samizdat.config import Config, load_config
from samizdat.errors import PublishError
from samizdat.preview.server import PreviewServer
from samizdat.publish.directory import COPYING, sync_directory
from samizdat.publish.git import GitRepo
from samizdat.publish.tree import MirrorTree
from samizdat.publish.verify import verify
from samizdat.site import build_site
from samizdat.store import Store

SECRET = b"TOPSECRET-ghp_0123456789abcdef"


@pytest.fixture
def config(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Config:
    return load_config(copy_demo(demo_config(tmp_path_factory), tmp_path / "demo"))


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    folder = tmp_path / "private"
    folder.mkdir()
    (folder / "notes.md").write_bytes(b"# notes\n\n" + SECRET + b"\n")
    (folder / "mirrors.json").write_bytes(
        b'{"mirrors": [{"name": "x", "url": "https://example.org/' + SECRET + b'"}]}'
    )
    path = folder / "credentials.toml"
    path.write_bytes(SECRET)
    return path


def assets(mirror: Path) -> list[Path]:
    return sorted(p for p in (mirror / "assets").rglob("*") if p.is_file())


def plant(mirror: Path, secret: Path) -> dict[str, str]:
    """Every image the pages use becomes a symlink or a hard link to the secret; a page,
    mirrors.json and a folder become symlinks. Returns path -> what verify must say."""
    planted: dict[str, str] = {}
    for number, asset in enumerate(assets(mirror)):
        asset.unlink()
        if number % 2:
            os.link(secret, asset)
            planted[asset.relative_to(mirror).as_posix()] = "hard link"
        else:
            asset.symlink_to(secret)
            planted[asset.relative_to(mirror).as_posix()] = "symbolic link"
    page = sorted((mirror / "pages" / "local").glob("*.md"))[0]
    page.unlink()
    page.symlink_to(secret.with_name("notes.md"))
    planted[page.relative_to(mirror).as_posix()] = "symbolic link"
    (mirror / "mirrors.json").unlink(missing_ok=True)
    (mirror / "mirrors.json").symlink_to(secret.with_name("mirrors.json"))
    planted["mirrors.json"] = "symbolic link"
    (mirror / "pages" / "private").symlink_to(secret.parent, target_is_directory=True)
    planted["pages/private"] = "symbolic link"
    return planted


def files_under(root: Path) -> Iterator[tuple[str, bytes]]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path.relative_to(root).as_posix(), path.read_bytes()


def leaks(data: bytes) -> bool:
    return SECRET in data or base64.b64encode(SECRET) in data


def test_the_site_never_carries_a_file_from_outside_the_mirror(
    config: Config, secret: Path, tmp_path: Path
) -> None:
    plant(config.output_dir, secret)
    result = build_site(config, tmp_path / "site", now=NOW)
    written = dict(files_under(result.out))
    assert result.articles > 10 and "index.html" in written
    assert [path for path, data in written.items() if leaks(data)] == []
    assert not any(stat.S_ISLNK(p.lstat().st_mode) for p in result.out.rglob("*"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_bundle_carries_a_file_from_outside_the_mirror(
    config: Config, secret: Path, tmp_path: Path, fmt: str
) -> None:
    plant(config.output_dir, secret)
    result = make_bundle(config, 30, fmt, tmp_path / "out")  # type: ignore[arg-type]
    assert result.articles > 10
    data = result.path.read_bytes()
    if fmt == "html":
        assert not leaks(data)
    else:
        with zipfile.ZipFile(result.path) as archive:
            names = archive.namelist()
            assert [n for n in names if leaks(archive.read(n))] == []


def test_a_directory_target_refuses_committed_symlinks_and_hard_links(
    config: Config, secret: Path, tmp_path: Path
) -> None:
    mirror = config.output_dir
    plant(mirror, secret)
    (mirror / "pages" / "private").unlink()  # git would take the folder link as a file link
    repo = GitRepo(mirror, author_name="a", author_email="a@example.org")
    repo.commit_all("someone commits the links")
    target = tmp_path / "www"
    with pytest.raises(PublishError, match="symbolic link") as refused:
        sync_directory(repo, target, "")
    assert "hard link" in str(refused.value)
    copied = dict(files_under(target))
    assert "README.md" in copied and "index.md" not in copied  # the rest was copied
    assert [path for path, data in copied.items() if leaks(data)] == []
    assert not any(p.is_symlink() for p in target.rglob("*"))


def test_serve_never_answers_with_a_linked_file(config: Config, secret: Path) -> None:
    mirror = config.output_dir
    plant(mirror, secret)
    (mirror / "gitconfig").symlink_to(mirror / ".git" / "config")
    (mirror / "pages" / "git").symlink_to(mirror / ".git", target_is_directory=True)
    page = next(p for p, why in plant_listing(mirror) if why)
    with PreviewServer(mirror) as server:
        for path in ["gitconfig", "pages/git/config", "mirrors.json", page,
                     "pages/private/credentials.toml", "pages/private/"]:  # fmt: skip
            assert status(server.url + path) == 404, path
        listing = fetch(server.url + "pages/")
        assert b"private/" not in listing and b"git/" not in listing
        assert b"[core]" not in fetch(server.url) and not leaks(fetch(server.url))
        assert status(server.url + "README.md") == 200


def plant_listing(mirror: Path) -> Iterator[tuple[str, bool]]:
    for path in sorted(mirror.rglob("*")):
        if ".git" not in path.parts:
            yield path.relative_to(mirror).as_posix(), path.is_symlink() and path.is_file()


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:
        data: bytes = response.read()
        return data


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def test_verify_names_every_link_device_and_folder_link(config: Config, secret: Path) -> None:
    mirror = config.output_dir
    planted = plant(mirror, secret)
    os.mkfifo(mirror / "pages" / "local" / "pipe.md")
    planted["pages/local/pipe.md"] = "FIFO"
    with Store(config.state_path) as store:
        result = verify(config, store)
    found = {p.path: p.detail for p in result.problems if p.kind == "unsafe-entry"}
    assert set(found) == set(planted)
    for path, reason in planted.items():
        assert reason in found[path]
    assert not result.ok


def test_published_files_are_world_readable_whatever_the_umask(
    config: Config, tmp_path: Path
) -> None:
    repo = GitRepo(config.output_dir, author_name="a", author_email="a@example.org")
    old = os.umask(0o077)
    try:
        site = build_site(config, tmp_path / "site", now=NOW).out
        sync_directory(repo, tmp_path / "www", "")
    finally:
        os.umask(old)
    for root in (site, tmp_path / "www"):
        modes = {
            p.relative_to(root).as_posix(): stat.S_IMODE(p.stat().st_mode)
            for p in [root, *root.rglob("*")]
        }
        assert len(modes) > 20
        wrong = {
            p: oct(m) for p, m in modes.items() if m != (0o755 if (root / p).is_dir() else 0o644)
        }
        assert wrong == {}


def test_a_killed_folder_copy_leaves_no_temporaries_after_the_next(
    config: Config, tmp_path: Path
) -> None:
    repo = GitRepo(config.output_dir, author_name="a", author_email="a@example.org")
    target = tmp_path / "www"
    sync_directory(repo, target, "")
    head = repo.head()
    # What a copy killed between writing a temporary and renaming it leaves behind.
    (target / COPYING).write_bytes(b"")
    left = [target / "pages" / "local" / ".tmp-3f2a9c-a1001.md", target / ".tmp-81bc02-README.md"]
    for path in left:
        path.write_bytes(b"half a fi")
    sync_directory(repo, target, head)
    assert not any(p.name.startswith(".tmp-") for p in target.rglob("*"))
    assert not (target / COPYING).exists()
    assert (target / "README.md").read_bytes() == (config.output_dir / "README.md").read_bytes()


_SCANNED: list[str] = []


def _record_scans(event: str, args: tuple[object, ...]) -> None:
    if event == "os.scandir" and _SCANNED and args:
        where = args[0]
        _SCANNED.append(os.fsdecode(where) if isinstance(where, str | bytes | os.PathLike) else "")


sys.addaudithook(_record_scans)


def test_verify_never_walks_the_git_folder(config: Config) -> None:
    """A ``git gc --auto`` that sync detaches prunes .git/objects while verify runs: a
    walk of .git by hand would find files gone between listing and stat."""
    with Store(config.state_path) as store:
        _SCANNED[:] = ["start"]
        try:
            result = verify(config, store)
        finally:
            scanned, _SCANNED[:] = _SCANNED[1:], []
    assert result.ok, result.problems
    assert scanned, "verify lists the tree with os.scandir"
    assert [p for p in scanned if ".git" in Path(p).parts] == []


def test_the_work_tree_never_writes_or_removes_through_a_symlinked_folder(
    tmp_path: Path,
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "keep.md").write_text("not samizdat's\n")
    mirror = tmp_path / "mirror"
    (mirror / "pages").mkdir(parents=True)
    (mirror / "pages" / "local").symlink_to(outside, target_is_directory=True)
    (mirror / "README.md").symlink_to(outside / "keep.md")
    tree = MirrorTree(mirror)
    assert not tree.write_text("pages/local/a1.md", "# page\n")
    with pytest.raises(PublishError, match="pages/local in the mirror is a symbolic link"):
        tree.remove("pages/local/keep.md")
    assert tree.read_bytes("README.md") is None  # a link where a page belongs: not read
    assert not tree.write_text("README.md", "# home\n")  # ... nor written, nor replaced
    assert tree.refused == {
        "pages/local/a1.md": "its folder pages/local is a symbolic link",
        "README.md": "a symbolic link",
    }
    assert tree.changed == set()
    assert sorted(p.name for p in outside.iterdir()) == ["keep.md"]
    assert (outside / "keep.md").read_text() == "not samizdat's\n"
    assert (mirror / "README.md").is_symlink()
