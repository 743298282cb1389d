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
