"""Chinese script conversion (Simplified <-> Traditional) with OpenCC.

Only what a reader reads is converted: the title, summary and caption, the text of the
body and its images' alt and title attributes. Markup, URLs and other attributes are
left alone, so a link or an image path can never be changed by the conversion.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from html import escape
from typing import Literal

import lxml.html
import opencc

from samizdat.models import Article

Script = Literal["hans", "hant"]
Region = Literal["", "tw", "hk"]

# Region-aware OpenCC profiles: Taiwan gets its phrases too (s2twp: 软件 -> 軟體).
_PROFILES: dict[tuple[Script, Region], str] = {
    ("hant", ""): "s2t",
    ("hant", "tw"): "s2twp",
    ("hant", "hk"): "s2hk",
    ("hans", ""): "t2s",
    ("hans", "tw"): "tw2sp",
    ("hans", "hk"): "hk2s",
}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_TRANSLATED_ATTRIBUTES = ("alt", "title")
# What an operator's Markdown (menu, banners, footer) keeps as written: link targets,
# autolinks and HTML tags, code spans, bare URLs and link reference definitions.
_MARKDOWN_KEPT = re.compile(
    r"\]\((?:<[^>\n]*>|[^)\s]*)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\)"
    r"|<[^>\n]*>|(`+)[^`]*?\1|(?:https?|ftp)://\S+|www\.\S+|^ {0,3}\[[^\]\n]+\]:.*$",
    re.MULTILINE | re.IGNORECASE,
)


class ScriptConverter:
    """Converts text to one script; cheap to call, one OpenCC instance per profile."""

    def __init__(self, script: Script, region: Region = "") -> None:
        self.script = script
        self.profile = _PROFILES[(script, region)]
        self._opencc = _opencc(self.profile)

    def text(self, value: str) -> str:
        if not value or not _CJK.search(value):
            return value
        converted: str = self._opencc.convert(value)
        return converted

    def markdown(self, value: str) -> str:
        """The operator's Markdown with its words converted and its URLs, tags and code
        exactly as written."""
        if not value or not _CJK.search(value):
            return value
        out: list[str] = []
        done = 0
        for kept in _MARKDOWN_KEPT.finditer(value):
            out += [self.text(value[done : kept.start()]), kept[0]]
            done = kept.end()
        out.append(self.text(value[done:]))
        return "".join(out)

    def html(self, fragment: str) -> str:
        """A sanitized HTML fragment with its text (and alt/title) converted."""
        if not _CJK.search(fragment):
            return fragment
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
        for node in root.iter():
            parent = node.getparent()
            if parent is not None and node.tail and not _in_code(parent):
                node.tail = self.text(node.tail)
            if not isinstance(node.tag, str) or _in_code(node):
                continue
            if node.text:
                node.text = self.text(node.text)
            for attribute in _TRANSLATED_ATTRIBUTES:
                if value := node.get(attribute):
                    node.set(attribute, self.text(value))
        head = escape(root.text or "", quote=False)
        return head + "".join(
            lxml.html.tostring(child, encoding="unicode", with_tail=True) for child in root
        )

    def article(self, article: Article) -> Article:
        return replace(
            article,
            title=self.text(article.title),
            body_html=self.html(article.body_html),
            image_caption=self.text(article.image_caption),
            author=self.text(article.author),
        )


@lru_cache(maxsize=8)
def _opencc(profile: str) -> opencc.OpenCC:
    return opencc.OpenCC(profile)


def _in_code(node: lxml.html.HtmlElement) -> bool:
    """Code keeps its characters: it may be a program, a command or an identifier."""
    return any(n.tag in ("code", "pre") for n in (node, *node.iterancestors()))
