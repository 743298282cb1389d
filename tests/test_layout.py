"""Mirror paths and the links between them."""

from __future__ import annotations

import posixpath

from hypothesis import given
from hypothesis import strategies as st

from samizdat import layout

segment = st.sampled_from(
    ["pages", "c1", "a.md", "README.md", "indexes", "assets", ".", "..", "中文"]
)
path = st.lists(segment, min_size=1, max_size=4).map("/".join)


def test_links_between_the_mirror_files() -> None:
    assert layout.relative("pages/c/a.md", "assets/ab/h.png") == "../../assets/ab/h.png"
    assert layout.relative("indexes/c.md", "pages/c/a.md") == "../pages/c/a.md"
    assert layout.relative("README.md", "indexes/c.md") == "indexes/c.md"
    assert layout.relative("pages/c/a.md", "pages/c/a.png") == "a.png"


@given(path, path)
def test_relative_is_what_posixpath_relpath_says(from_path: str, to_path: str) -> None:
    expected = posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")
    assert layout.relative(from_path, to_path) == expected
