"""Pages weighed in the mirror for ``status``: each image once per page, from the files
of the tree; a symlink (say, to a large file outside the mirror) or a missing file
weighs nothing, and no budget (or no mirrored images) names no page."""

from __future__ import annotations

from pathlib import Path

from samizdat.config import ImagesConfig
from samizdat.models import PageOverBudget
from samizdat.status._weight import pages_over_budget


def test_pages_are_weighed_from_the_tree_without_following_links(tmp_path: Path) -> None:
    mirror, outside = tmp_path / "mirror", tmp_path / "outside.jpg"
    (mirror / "assets").mkdir(parents=True)
    (mirror / "assets" / "a.jpg").write_bytes(b"a" * 600)
    (mirror / "assets" / "b.jpg").write_bytes(b"b" * 500)
    outside.write_bytes(b"x" * 10_000)
    (mirror / "assets" / "link.jpg").symlink_to(outside)
    rows = [
        ("news", "pages/news/1.md", "assets/a.jpg"),
        ("news", "pages/news/1.md", "assets/b.jpg"),
        ("news", "pages/news/2.md", "assets/a.jpg"),
        ("news", "pages/news/3.md", "assets/link.jpg"),
        ("news", "pages/news/3.md", "assets/gone.jpg"),
    ]
    budget = ImagesConfig(page_budget=1000)
    assert pages_over_budget(rows, mirror, budget) == [
        PageOverBudget("news", "pages/news/1.md", 1100)
    ]
    assert pages_over_budget(rows, mirror, ImagesConfig(page_budget=0)) == []
    assert pages_over_budget(rows, mirror, ImagesConfig(page_budget=1000, mirror=False)) == []
