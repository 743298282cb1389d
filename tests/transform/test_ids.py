from __future__ import annotations

import pytest

from samizdat.transform.ids import article_id, disambiguate


def test_last_path_segment_without_extension() -> None:
    assert article_id("https://www.example.com/gb/21/1/14/n12687349.htm") == "n12687349"


def test_pattern_group_id_wins() -> None:
    url = "https://news.example.org/story/2026/123456/some-title"
    assert article_id(url, r"/story/\d+/(?P<id>\d+)/") == "123456"


def test_query_urls_and_generic_names_get_a_stable_hash() -> None:
    one = article_id("https://example.org/article.php?id=1")
    two = article_id("https://example.org/article.php?id=2")
    assert one != two
    assert one == article_id("https://example.org/article.php?id=1")
    assert article_id("https://example.org/2026/index.html").startswith("h")


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/../../etc/passwd",
        "https://example.org/a/%2e%2e%2f%2e%2e%2fsecret",
        "https://example.org/a/CON",
        "https://example.org/a/.hidden",
        "https://example.org/a/%00nul",
        "https://example.org/a/" + "x" * 500,
        "https://example.org/新闻/文章",
    ],
)
def test_ids_are_always_safe_file_names(url: str) -> None:
    value = article_id(url)
    assert value
    assert "/" not in value and "\\" not in value and "\0" not in value
    assert not value.startswith(".")
    assert value.upper() not in {"CON", "PRN", "AUX", "NUL"}
    assert len(value) <= 80
    assert all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in value)


def test_disambiguate_differs_per_url() -> None:
    assert disambiguate("a1", "http://x/1") != disambiguate("a1", "http://x/2")
