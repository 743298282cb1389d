"""Pages weighed for ``status``: each image once per page. A run stores each page's
weight when it writes it, so the pages over the budget are one query; a page the store
holds no weight for (a store from before weights were kept) is weighed from the files
of the tree, where a symlink (say, to a large file outside the mirror) or a missing
file weighs nothing. Both ways name the same pages with the same bytes, and a run
stores the weights the files give."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from samizdat.config import ImagesConfig
from samizdat.models import PageOverBudget
from samizdat.status._weight import pages_over_budget
from samizdat.store import ArticleRecord, Store, store_missing_weights

NOW = datetime(2026, 11, 29, 23, 58, tzinfo=UTC)
# (article, the images its page shows)
PAGES = {
    "1": ["assets/a.jpg", "assets/b.jpg"],
    "2": ["assets/a.jpg"],
    "3": ["assets/link.jpg", "assets/gone.jpg"],
    "4": [],
}
BUDGET = ImagesConfig(page_budget=1000)
HEAVY = [PageOverBudget("news", "pages/news/1.md", 1100)]


@pytest.fixture
def mirror(tmp_path: Path) -> Path:
    mirror, outside = tmp_path / "mirror", tmp_path / "outside.jpg"
    (mirror / "assets").mkdir(parents=True)
    (mirror / "assets" / "a.jpg").write_bytes(b"a" * 600)
    (mirror / "assets" / "b.jpg").write_bytes(b"b" * 500)
    outside.write_bytes(b"x" * 10_000)
    (mirror / "assets" / "link.jpg").symlink_to(outside)
    return mirror


def record(store: Store, weights: dict[str, int | None]) -> None:
    """The articles of ``PAGES``, each page's weight as given (None: not weighed)."""
    with store.transaction():
        for article_id, paths in PAGES.items():
            page = f"pages/news/{article_id}.md"
            row = ArticleRecord("news", article_id, "daily", f"https://example.net/{article_id}",
                                f"Story {article_id}", NOW, "e", "p", page)  # fmt: skip
            store.save_articles([row], NOW)
            store.set_article_assets("news", article_id, paths, weights.get(article_id))


def test_pages_not_weighed_yet_are_weighed_from_the_tree_without_following_links(
    mirror: Path, tmp_path: Path
) -> None:
    with Store(tmp_path / "state.db") as store:
        record(store, {})
        assert len(store.unweighed_images()) == 6  # every page, one row per image (or none)
        assert store.heavy_pages(1000) == []
        assert pages_over_budget(store, mirror, BUDGET) == HEAVY
        assert pages_over_budget(store, mirror, ImagesConfig(page_budget=0)) == []
        no_mirror = ImagesConfig(page_budget=1000, mirror=False)
        assert pages_over_budget(store, mirror, no_mirror) == []


def test_a_run_stores_the_weights_the_files_give_and_status_reads_them(
    mirror: Path, tmp_path: Path
) -> None:
    with Store(tmp_path / "state.db") as store:
        record(store, {"2": 600})  # one page weighed when written, the others not yet
        assert store_missing_weights(store, mirror) == 3
        assert store.unweighed_images() == []
        assert store_missing_weights(store, mirror) == 0
        weights = dict(store._db.execute("SELECT article_id, image_bytes FROM articles"))
        assert weights == {"1": 1100, "2": 600, "3": 0, "4": 0}
        # The stored weights alone now answer, with what the files said.
        assert store.heavy_pages(1000) == [("news", "pages/news/1.md", 1100)]
        (mirror / "assets" / "a.jpg").unlink()  # not looked at any more
        assert pages_over_budget(store, mirror, BUDGET) == HEAVY
        assert pages_over_budget(store, mirror, ImagesConfig(page_budget=1100)) == []


def test_a_store_from_before_weights_is_weighed_from_the_tree_then_migrated(
    mirror: Path, tmp_path: Path
) -> None:
    path = tmp_path / "state.db"
    with Store(path) as store:
        record(store, {"1": 1100, "2": 600, "3": 0, "4": 0})
    # What an older samizdat left: no weight column, schema 1.
    db = sqlite3.connect(path)
    db.execute("DROP INDEX articles_by_image_bytes")
    db.execute("ALTER TABLE articles DROP COLUMN image_bytes")
    db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    with Store(path, read_only=True) as old:  # status on it: every page from the files
        assert old.heavy_pages(1000) == []
        assert len(old.unweighed_images()) == 6
        assert pages_over_budget(old, mirror, BUDGET) == HEAVY
    with Store(path) as store:  # a run opens it: migrated, weights to be found
        assert store.meta("schema_version") == "2"
        assert len(store.unweighed_images()) == 6
        assert pages_over_budget(store, mirror, BUDGET) == HEAVY
        assert store_missing_weights(store, mirror) == 4
        assert store.heavy_pages(1000) == [("news", "pages/news/1.md", 1100)]
    with Store(path, read_only=True) as later:
        assert later.unweighed_images() == []
        assert pages_over_budget(later, mirror, BUDGET) == HEAVY
