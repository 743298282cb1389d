from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping

import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st

from samizdat.config import LinkPolicy
from samizdat.transform.links import LinkResult, lookup_keys, normalise_url, rewrite_links

PAGE_URL = "https://www.example.com/world/2024/story-2001.html"
FROM_PATH = "pages/world/a2001.md"
ORIGIN = frozenset({"www.example.com", "example.com"})
MIRRORED = {
    "https://www.example.com/local/story-1001.html": "pages/local/a1001.md",
    "https://www.example.com/world/2024/story-2002.html": "pages/world/a2002.md",
}


def rewrite(
    html: str,
    policy: LinkPolicy = "text",
    *,
    mirrored: Mapping[str, str] = MIRRORED,
    from_path: str = FROM_PATH,
    archive_pattern: str = "https://web.archive.org/web/{url}",
) -> LinkResult:
    return rewrite_links(
        html,
        page_url=PAGE_URL,
        origin_hosts=ORIGIN,
        resolve=mirrored.get,
        from_path=from_path,
        policy=policy,
        archive_pattern=archive_pattern,
    )


def hrefs(html: str) -> list[str | None]:
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return [a.get("href") for a in root.iter("a")]


def text(html: str) -> str:
    return str(lxml.html.fragment_fromstring(html, create_parent="div").text_content())


def lands_on(href: str, from_path: str = FROM_PATH) -> str:
    """The mirror file a relative href on the page at ``from_path`` opens."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(from_path), href))


# --- mirrored articles ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("href", "target"),
    [
        ("/local/story-1001.html", "pages/local/a1001.md"),
        ("story-2002.html", "pages/world/a2002.md"),
        ("../2024/story-2002.html", "pages/world/a2002.md"),
        ("https://www.example.com/local/story-1001.html", "pages/local/a1001.md"),
    ],
)
@pytest.mark.parametrize("policy", ["keep", "text", "archive"])
def test_mirrored_link_points_at_its_mirror_page(
    href: str, target: str, policy: LinkPolicy
) -> None:
    result = rewrite(f'<p>See <a href="{href}">this</a>.</p>', policy)

    [relative] = hrefs(result.html)
    assert relative is not None
    assert not relative.startswith(("http", "/"))
    assert lands_on(relative) == target
    assert text(result.html) == "See this."


def test_mirrored_link_from_a_page_in_another_folder() -> None:
    result = rewrite('<a href="/local/story-1001.html">x</a>', from_path="pages/a/b/deep.md")

    assert hrefs(result.html) == ["../../local/a1001.md"]
    assert lands_on("../../local/a1001.md", "pages/a/b/deep.md") == "pages/local/a1001.md"


def test_fragment_is_kept_on_a_mirrored_link() -> None:
    result = rewrite('<a href="/local/story-1001.html#comments">x</a>')

    assert hrefs(result.html) == ["../local/a1001.md#comments"]


@pytest.mark.parametrize(
    "href",
    [
        "http://www.example.com/local/story-1001.html",
        "https://example.com/local/story-1001.html",
        "http://example.com/local/story-1001.html",
        "HTTPS://WWW.Example.COM:443/local/story-1001.html",
        "//example.com/local/story-1001.html",
    ],
)
def test_scheme_and_www_twins_and_spelling_variants_resolve(href: str) -> None:
    result = rewrite(f'<a href="{href}">x</a>')

    assert hrefs(result.html) == ["../local/a1001.md"]


def test_resolve_sees_the_url_as_written_first() -> None:
    asked: list[str] = []

    def resolve(url: str) -> str | None:
        asked.append(url)
        return None

    rewrite_links(
        '<a href="HTTP://Example.com:80/a?b=1#c">x</a>',
        page_url=PAGE_URL,
        origin_hosts=ORIGIN,
        resolve=resolve,
        from_path=FROM_PATH,
        policy="keep",
    )

    assert asked == [
        "http://Example.com:80/a?b=1",  # urljoin lowercases the scheme
        "http://example.com/a?b=1",
        "https://example.com/a?b=1",
        "http://www.example.com/a?b=1",
        "https://www.example.com/a?b=1",
    ]


def test_external_urls_get_no_twins() -> None:
    assert lookup_keys("http://Other.org/x#y", ORIGIN) == [
        "http://Other.org/x",
        "http://other.org/x",
    ]


def test_an_external_article_that_is_mirrored_is_linked_locally() -> None:
    # e.g. another source of the same mirror
    mirrored = {**MIRRORED, "https://other.org/a": "pages/other/a7.md"}

    result = rewrite('<a href="https://other.org/a">x</a>', mirrored=mirrored)

    assert hrefs(result.html) == ["../other/a7.md"]
    assert result.targets == ("https://other.org/a",)


# --- origin links that are not mirrored ------------------------------------------------


def test_policy_keep_makes_the_origin_link_absolute() -> None:
    result = rewrite('<p><a href="/sports/3003.html#top" title="T">x</a></p>', "keep")

    assert result.html == (
        '<p><a href="https://www.example.com/sports/3003.html#top" title="T">x</a></p>'
    )


def test_policy_text_keeps_the_words_and_drops_the_link() -> None:
    result = rewrite('<p>Read <a href="/sports/3003.html">the <b>match</b></a> report.</p>')

    assert result.html == "<p>Read the <b>match</b> report.</p>"


def test_policy_archive_points_at_the_web_archive() -> None:
    result = rewrite('<a href="/sports/3003.html?id=4#top">x</a>', "archive")

    assert hrefs(result.html) == [
        "https://web.archive.org/web/https://www.example.com/sports/3003.html?id=4#top"
    ]


def test_archive_pattern_is_configurable() -> None:
    result = rewrite(
        '<a href="/sports/3003.html">x</a>', "archive", archive_pattern="https://archive.ph/{url}"
    )

    assert hrefs(result.html) == ["https://archive.ph/https://www.example.com/sports/3003.html"]


@pytest.mark.parametrize("host", ["news.example.com", "m.www.example.com", "EXAMPLE.com."])
def test_a_subdomain_of_the_origin_counts_as_origin(host: str) -> None:
    result = rewrite(f'<a href="https://{host}/a.html">x</a>', "text")

    assert result.html == "x"
    assert len(result.targets) == 1


def test_a_lookalike_host_is_not_the_origin() -> None:
    result = rewrite('<a href="https://notexample.com/a">x</a>', "text")

    assert hrefs(result.html) == ["https://notexample.com/a"]
    assert result.targets == ()


def test_origin_host_given_with_a_port_still_matches() -> None:
    result = rewrite_links(
        '<a href="http://127.0.0.1:8123/b.html">x</a>',
        page_url="http://127.0.0.1:8123/a.html",
        origin_hosts=frozenset({"127.0.0.1:8123"}),
        resolve=lambda url: None,
        from_path=FROM_PATH,
        policy="text",
    )

    assert result.html == "x"


# --- other links -------------------------------------------------------------------


@pytest.mark.parametrize("policy", ["keep", "text", "archive"])
def test_external_links_are_kept_absolute(policy: LinkPolicy) -> None:
    html = '<a href="https://other.org/x?y=1#z">a</a> <a href="//cdn.other.org/f">b</a>'

    result = rewrite(html, policy)

    assert hrefs(result.html) == ["https://other.org/x?y=1#z", "https://cdn.other.org/f"]
    assert result.targets == ()


@pytest.mark.parametrize("policy", ["keep", "text", "archive"])
def test_fragment_only_and_mailto_links_are_left_as_written(policy: LinkPolicy) -> None:
    html = '<a href="#note-1">1</a> <a href="mailto:desk@example.com">mail</a>'

    result = rewrite(html, policy)

    assert result.html == html
    assert result.targets == ()


def test_a_link_without_href_is_unwrapped() -> None:
    result = rewrite('<p>a <a name="x">b</a> c <a href="">d</a> e</p>', "keep")

    assert result.html == "<p>a b c d e</p>"


def test_script_urls_are_reduced_to_words() -> None:
    result = rewrite('<p><a href="javascript:alert(1)">x</a></p>', "keep")

    assert result.html == "<p>x</p>"


def test_images_are_not_touched() -> None:
    html = '<p><a href="/sports/1.html"><img src="../x.jpg" alt="A"></a></p>'

    result = rewrite(html, "keep")

    assert result.html == (
        '<p><a href="https://www.example.com/sports/1.html"><img src="../x.jpg" alt="A"></a></p>'
    )


def test_html_without_links_is_returned_unchanged() -> None:
    html = "<p>nothing &amp; <b>more</b></p> tail"

    assert rewrite(html) == LinkResult(html, ())


# --- targets -------------------------------------------------------------------------


def test_targets_hold_every_origin_link_mirrored_or_not_and_no_external_ones() -> None:
    html = (
        '<a href="/local/story-1001.html#c">mirrored</a>'
        '<a href="http://EXAMPLE.com/sports/3003.html">not mirrored</a>'
        '<a href="https://news.example.com/n">subdomain</a>'
        '<a href="https://other.org/x">external</a>'
        '<a href="https://example.com:443/sports/3003.html#again">duplicate</a>'
        '<a href="#top">fragment</a>'
    )

    result = rewrite(html, "text")

    assert result.targets == (
        "https://www.example.com/local/story-1001.html",
        "http://example.com/sports/3003.html",
        "https://news.example.com/n",
        "https://example.com/sports/3003.html",
    )


def test_targets_are_the_same_whatever_the_policy() -> None:
    html = '<a href="/a">a</a><a href="/local/story-1001.html">b</a>'

    targets = {rewrite(html, policy).targets for policy in ("keep", "text", "archive")}

    assert len(targets) == 1


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://WWW.Example.COM:443/a#b", "https://www.example.com/a"),
        ("http://example.com:80", "http://example.com/"),
        ("http://example.com:8080/a?q=1", "http://example.com:8080/a?q=1"),
        ("https://[::1]:443/a", "https://[::1]/a"),
    ],
)
def test_normalise_url(url: str, expected: str) -> None:
    assert normalise_url(url) == expected


# --- unwrapping keeps text in order ----------------------------------------------------


def test_unwrapping_keeps_tail_text_in_order() -> None:
    result = rewrite('<p>a <a href="/x">b</a> c <a href="/y">d</a>e</p>', "text")

    assert result.html == "<p>a b c de</p>"


def test_unwrapping_keeps_nested_markup_in_order() -> None:
    html = '<p>0 <a href="/x"><strong>x</strong> y</a> z <a href="/y">1<em>2</em>3</a>4</p>'

    result = rewrite(html, "text")

    assert result.html == "<p>0 <strong>x</strong> y z 1<em>2</em>34</p>"


def test_unwrapping_at_the_top_level_of_the_fragment() -> None:
    result = rewrite('<a href="/x">a</a> b <a href="/y">c</a> &lt;d&gt;', "text")

    assert result.html == "a b c &lt;d&gt;"


def test_unwrapping_next_to_kept_links() -> None:
    html = 'a<a href="/x">b</a><a href="https://o.org/">c</a><a href="/y">d</a>e'

    result = rewrite(html, "text")

    assert result.html == 'ab<a href="https://o.org/">c</a>de'


_WORDS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("<>&\"' \n"),
    max_size=12,
)
_HREFS = st.sampled_from(
    [
        "/local/story-1001.html",
        "/x",
        "https://news.example.com/y",
        "https://other.org/z",
        "#a",
        "mailto:a@b.c",
        None,
    ]
)


@given(segments=st.lists(st.tuples(_WORDS, _HREFS, st.booleans()), max_size=8), tail=_WORDS)
def test_policy_text_never_changes_the_visible_text(
    segments: list[tuple[str, str | None, bool]], tail: str
) -> None:
    def esc(words: str) -> str:
        return words.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    parts: list[str] = []
    for words, href, bold in segments:
        inner = f"<b>{esc(words)}</b>" if bold else esc(words)
        parts.append(f"{esc(words)}<a href={href!r}>{inner}</a>" if href else f"<a>{inner}</a>")
    html = f"<p>{''.join(parts)}{esc(tail)}</p>"

    result = rewrite(html, "text")

    assert text(result.html) == text(html)
    assert all(h is not None and not h.startswith("/") for h in hrefs(result.html))
    assert not re.search(r"<a(?!\s+href=)", result.html)


HOSTILE_LINKS = [
    '<a href="/local/story-1001.html#p2">a</a>',
    '<a href="http://example.com/world/2024/story-2002.html">b</a>',
    '<a href="https://elsewhere.org/x?y=1">c</a> <a href="  ">d</a> <a href="#top">e</a>',
    '<a href="javascript:alert(1)">f</a> <a href="mailto:a@b.c">g</a>',
    '<a href="http://[::1">h</a> <a href="//cdn.example.com/v" data-samizdat-embed>i</a>',
    '<A HREF="HTTPS://WWW.EXAMPLE.COM:443/local/story-1001.html">j</A>',
]


@pytest.mark.parametrize("html", HOSTILE_LINKS)
def test_linked_urls_are_what_rewrite_links_looks_up(html: str) -> None:
    """A page's links are resolved before it is composed: the URLs found beforehand are
    every URL the rewrite asks about, so no link resolves differently."""
    from samizdat.transform.links import linked_urls

    asked: list[str] = []

    def resolve(url: str) -> str | None:
        asked.append(url)
        return MIRRORED.get(url)

    rewrite_links(
        html, page_url=PAGE_URL, origin_hosts=ORIGIN, resolve=resolve,
        from_path=FROM_PATH, policy="text",
    )  # fmt: skip
    found = {key for url in linked_urls(html, PAGE_URL) for key in lookup_keys(url, ORIGIN)}
    assert set(asked) <= found
