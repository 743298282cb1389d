from __future__ import annotations

from pathlib import Path

import pytest

from samizdat.errors import PublishError
from samizdat.publish.tree import MirrorTree


def test_write_reports_change_only_when_bytes_differ(tmp_path: Path) -> None:
    tree = MirrorTree(tmp_path)
    assert tree.write_text("pages/a/b.md", "one") is True
    assert tree.write_text("pages/a/b.md", "one") is False
    assert tree.write_text("pages/a/b.md", "two") is True
    assert (tmp_path / "pages/a/b.md").read_text() == "two"
    assert not list(tmp_path.rglob(".tmp-*"))


@pytest.mark.parametrize(
    "path", ["../outside.md", "/etc/passwd", "pages/../../x", "pages/\0/x", ""]
)
def test_paths_leaving_the_mirror_are_refused(tmp_path: Path, path: str) -> None:
    tree = MirrorTree(tmp_path / "mirror")
    with pytest.raises(PublishError, match="outside the mirror"):
        tree.write_text(path, "x")
    assert not (tmp_path / "outside.md").exists()


def test_dry_run_records_but_does_not_write(tmp_path: Path) -> None:
    tree = MirrorTree(tmp_path, dry_run=True)
    assert tree.write_text("README.md", "x")
    assert tree.changed == {"README.md"}
    assert not (tmp_path / "README.md").exists()


def test_leftover_temporaries_are_swept(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / ".tmp-abc").write_text("half")
    assert MirrorTree(tmp_path).sweep_temporaries() == 1
    assert not (tmp_path / "pages" / ".tmp-abc").exists()


def test_a_temporary_left_in_the_way_is_replaced_never_followed(tmp_path: Path) -> None:
    """A killed run's half-written temporary, or a symlink put at a temporary's name,
    is removed and the write goes on; nothing is written through the link."""
    mirror, outside = tmp_path / "mirror", tmp_path / "outside.md"
    outside.write_bytes(b"not samizdat's\n")
    (mirror / "pages").mkdir(parents=True)
    (mirror / "pages/.tmp-a.md").write_bytes(b"half")
    (mirror / "pages/.tmp-b.md").symlink_to(outside)
    big = bytes(range(256)) * 4096  # more than one write(2) may take
    tree = MirrorTree(mirror)
    assert tree.write_bytes("pages/a.md", big) and tree.write_bytes("pages/b.md", b"b\n")
    assert (mirror / "pages/a.md").read_bytes() == big
    assert (mirror / "pages/b.md").read_bytes() == b"b\n"
    assert outside.read_bytes() == b"not samizdat's\n"
    assert sorted(p.name for p in (mirror / "pages").iterdir()) == ["a.md", "b.md"]
