"""One Markdown -> HTML renderer, one allowlist: the site, the bundles and the preview."""

from __future__ import annotations

import samizdat.bundle._book as book
import samizdat.preview.render as preview
import samizdat.site._builder as site
from samizdat.html import markdown_to_html

HOSTILE = """\
# Title

<img src="x.png" onerror="alert(1)"><script>alert(2)</script>
<iframe src="https://evil.example/"></iframe>

- [x] done
- [ ] to do

| a | b |
|:-:|---|
| 1 | 2 |
"""


def test_site_bundles_and_preview_share_the_one_renderer() -> None:
    assert site.markdown_to_html is markdown_to_html
    assert book.markdown_to_html is markdown_to_html
    assert preview.markdown_to_html is markdown_to_html


def test_the_allowlist_drops_script_and_keeps_what_github_shows() -> None:
    html = markdown_to_html(HOSTILE)
    assert "<script" not in html and "onerror" not in html and "<iframe" not in html
    assert '<img src="x.png">' in html
    assert html.count('type="checkbox"') == 2 and "checked" in html
    assert 'style="text-align:center"' in html


def test_the_preview_page_carries_the_same_html() -> None:
    page = preview.markdown_page("pages/world/a.md", HOSTILE)
    assert markdown_to_html(HOSTILE) in page
    assert "<script" not in page.split("</style>", 1)[1]
