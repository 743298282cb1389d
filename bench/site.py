"""Synthetic origin sites of any size: channels x articles, feeds, pages and images.

Deterministic: the same spec gives the same bytes. Absolute URLs are written as
``{{ORIGIN}}``, which ``samizdat.demo.server.SiteServer`` replaces when serving, so a
site is generated once and served at any port.

    feeds/cNNN.xml                       RSS 2.0; full content (content:encoded) or summaries
    news/cNNN/NNNNNN.html                article pages (summary-only channels only: full
                                         content channels never need their pages)
    img/cNNN/NNNNNN.png                  one small, unique, metadata-free image per article
    site.json                            the spec and how many articles each channel has

Channel ``c`` is summary-only when ``c < spec.summary_channels``. Article ``n`` of a
channel is published ``n`` minutes after a fixed epoch, so higher numbers are newer.
"""

# ruff: noqa: RUF001 - Chinese prose: full-width punctuation is intended.
from __future__ import annotations

import html
import io
import json
import os
import random
import zlib
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

ORIGIN = "{{ORIGIN}}"
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)

_ZH = (
    "市议会周二表决通过了新的公共交通补贴方案，夜班公交将延伸到四个新区。",
    "气象部门提醒，本周末将有一次明显降温过程，最低气温可能降到零度以下。",
    "图书馆从下个月起周日也将开放，儿童阅览区会增加座位和绘本。",
    "研究人员在四十所学校的操场测量了空气质量，并公布了详细数据。",
    "港口管理部门表示，航运延误的原因仍在调查之中，暂时不便评论。",
    "居民们聚集在市政厅外，希望垃圾清运的频率能够提高。",
    "老城区的改造计划引起了不少讨论，有人担心历史街巷会因此消失。",
    "这家开了三十年的书店决定搬到地铁站旁边，店主说租金涨得太快。",
)
_EN = (
    "The city council voted on Tuesday to extend the night bus network to four districts.",
    "Officials said the bridge would remain closed until engineers finish a safety review.",
    "Farmers in the valley reported the earliest harvest in a decade after a warm spring.",
    "The library will open on Sundays from next month, according to a notice posted online.",
    "Researchers published a survey of air quality in forty school yards across the city.",
    "A spokesperson for the port authority declined to comment on the shipping delays.",
    "Residents gathered outside the town hall to ask for more frequent rubbish collection.",
    "The bookshop, open for thirty years, is moving next to the new metro station.",
)
_WORDS_EN = ("river", "bridge", "council", "library", "harbour", "station", "market", "night")
_WORDS_ZH = ("河湾", "大桥", "议会", "图书馆", "港口", "车站", "市场", "夜班", "天气", "预算")


@dataclass(frozen=True, slots=True)
class SiteSpec:
    channels: int = 10
    articles: int = 100  # per channel, at generation time
    summary_channels: int = 0  # channels whose feed carries summaries only
    images: bool = True  # one unique image per article
    window: int = 0  # a feed lists only its newest `window` articles (0: all of them)
    seed: int = 1
    pages: bool = False  # article pages for full-content channels too (the legacy baseline)


def channel_id(index: int) -> str:
    return f"c{index:03d}"


def article_url(channel: int, number: int) -> str:
    return f"{ORIGIN}/news/{channel_id(channel)}/{number:06d}.html"


def image_url(channel: int, number: int) -> str:
    return f"{ORIGIN}/img/{channel_id(channel)}/{number:06d}.png"


def feed_path(channel: int) -> str:
    return f"feeds/{channel_id(channel)}.xml"


def is_english(channel: int) -> bool:
    return channel % 2 == 1


def published(number: int) -> datetime:
    return EPOCH + timedelta(minutes=number)


# -- content ---------------------------------------------------------------------


def _sentences(rng: random.Random, english: bool, count: int) -> str:
    pool = _EN if english else _ZH
    joiner = " " if english else ""
    return joiner.join(rng.choice(pool) for _ in range(count))


def title_of(channel: int, number: int) -> str:
    rng = random.Random(channel * 1_000_003 + number)
    if is_english(channel):
        words = " ".join(rng.choice(_WORDS_EN) for _ in range(5))
        return f"{words.capitalize()} ({channel_id(channel)} #{number})"
    return "".join(rng.choice(_WORDS_ZH) for _ in range(5)) + f"：第{number}号报道"


def body_html(channel: int, number: int, *, images: bool) -> str:
    """An article body of about 3-4 kB: paragraphs, a heading, a list, a figure, links."""
    rng = random.Random(channel * 7_919 + number)
    english = is_english(channel)
    parts: list[str] = []
    if images:
        caption = _sentences(rng, english, 1)
        parts.append(
            f'<figure class="story-image"><img src="{image_url(channel, number)}"'
            f' alt="{html.escape(caption)}" width="96" height="54">'
            f"<figcaption>{html.escape(caption)}</figcaption></figure>"
        )
    for i in range(rng.randint(5, 8)):
        text = html.escape(_sentences(rng, english, rng.randint(2, 4)))
        if i == 1 and number > 0:
            earlier = rng.randrange(max(0, number - 50), number)
            label = html.escape(title_of(channel, earlier))
            text += f' <a href="{article_url(channel, earlier)}">{label}</a>'
        if i == 2:
            text = f"<strong>{text[:40]}</strong>{text[40:]} <em>{rng.choice(_WORDS_EN)}</em>"
        if i == 3:
            text += ' <a href="https://example.org/report.pdf">report</a>'
        parts.append(f"<p>{text}</p>")
        if i == 2:
            parts.append(f"<h2>{html.escape(_sentences(rng, english, 1)[:30])}</h2>")
        if i == 4:
            items = "".join(
                f"<li>{html.escape(_sentences(rng, english, 1))}</li>" for _ in range(3)
            )
            parts.append(f"<ul>{items}</ul>")
    return "\n".join(parts)


def summary_of(channel: int, number: int) -> str:
    return _sentences(random.Random(number), is_english(channel), 1)


def page_html(channel: int, number: int, *, images: bool) -> str:
    """An article page with the chrome of a real news site around the body (~25 kB)."""
    cid = channel_id(channel)
    title = html.escape(title_of(channel, number))
    when = published(number).isoformat()
    url = article_url(channel, number)
    nav = "".join(f'<li><a href="/news/{channel_id(c)}/">Section {c}</a></li>' for c in range(40))
    popular = "".join(
        f'<li><a href="{article_url(channel, max(0, number - k))}">'
        f"{html.escape(title_of(channel, max(0, number - k)))}</a></li>"
        for k in range(1, 11)
    )
    style = "".join(f".s{k}{{margin:{k}px;padding:{k}px}}" for k in range(300))
    tracking = json.dumps({"site": "bench", "slots": [f"slot-{k}" for k in range(200)]})
    lang = "en" if is_english(channel) else "zh-CN"
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>{title} - Bench Daily</title>
<meta name="description" content="{html.escape(summary_of(channel, number))}">
<meta name="author" content="Reporter {number % 17}">
<meta property="og:type" content="article"><meta property="og:title" content="{title}">
<meta property="og:url" content="{url}">
{f'<meta property="og:image" content="{image_url(channel, number)}">' if images else ""}
<meta property="article:published_time" content="{when}">
<link rel="canonical" href="{url}">
<style>{style}</style>
<script>window.config = {tracking};</script>
<script async src="https://analytics.example.net/tag.js"></script>
</head><body>
<div class="cookie-banner">We use cookies. <button>OK</button></div>
<header class="site-header"><a class="logo" href="{ORIGIN}/">Bench Daily</a>
<nav class="main-nav"><ul>{nav}</ul></nav></header>
<div class="layout"><main id="content">
<nav class="breadcrumbs"><a href="{ORIGIN}/">Home</a> › <a href="/news/{cid}/">{cid}</a></nav>
<article class="story">
<header><h1 class="headline">{title}</h1>
<p class="byline">By <span class="author">Reporter {number % 17}</span>
<time datetime="{when}">{when}</time></p></header>
<div class="story-body">
{body_html(channel, number, images=images)}
</div></article>
<div class="share-bar"><a href="javascript:void(0)">Share</a></div>
<section class="related"><h3>Related</h3><ul>{popular}</ul></section>
<section class="comments"><h3>Comments (0)</h3><p>Log in to comment</p></section>
</main>
<aside class="sidebar"><section class="popular"><h3>Most read</h3><ol>{popular}</ol></section>
<div class="ad-slot"><a href="https://ads.example.net/click?id=1">
<img src="https://ads.example.net/banner.png" alt="" width="300" height="250"></a></div>
</aside></div>
<footer class="site-footer"><p>© 2026 Bench Daily. All content is synthetic.</p>
<ul><li><a href="/about.html">About</a></li><li><a href="{ORIGIN}/sitemap.xml">Sitemap</a></li></ul>
</footer></body></html>
"""


def image_png(channel: int, number: int) -> bytes:
    """A 96x54 PNG with no metadata chunk, unique to the article (a colour per pixel row)."""
    rng = random.Random(channel * 104_729 + number)
    width, height = 96, 54
    rows = bytearray()
    for _ in range(height):
        colour = bytes((rng.randrange(256), rng.randrange(256), rng.randrange(256)))
        rows += b"\x00" + colour * width
    return _png(width, height, bytes(rows))


def _png(width: int, height: int, raw: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes((8, 2, 0, 0, 0))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 6))
        + chunk(b"IEND", b"")
    )


# -- files -----------------------------------------------------------------------


def _feed(spec: SiteSpec, channel: int, count: int) -> str:
    """The feed of a channel that has published ``count`` articles, newest first."""
    cid = channel_id(channel)
    full = channel >= spec.summary_channels
    newest = range(count - 1, -1, -1)
    if spec.window:
        newest = range(count - 1, max(-1, count - 1 - spec.window), -1)
    out = io.StringIO()
    out.write(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n'
        f"<title>Bench Daily · {cid}</title>\n<link>{ORIGIN}/news/{cid}/</link>\n"
        f"<description>Synthetic channel {cid}</description>\n"
        f"<language>{'en' if is_english(channel) else 'zh-cn'}</language>\n"
    )
    for number in newest:
        url = article_url(channel, number)
        out.write(
            f"<item>\n<title>{html.escape(title_of(channel, number))}</title>\n"
            f'<link>{url}</link>\n<guid isPermaLink="true">{url}</guid>\n'
            f"<pubDate>{format_datetime(published(number))}</pubDate>\n"
            f"<dc:creator>Reporter {number % 17}</dc:creator>\n"
            f"<description>{html.escape(summary_of(channel, number))}</description>\n"
        )
        if full:
            body = body_html(channel, number, images=spec.images)
            out.write(f"<content:encoded><![CDATA[{body}]]></content:encoded>\n")
        out.write("</item>\n")
    out.write("</channel>\n</rss>\n")
    return out.getvalue()


def _write(path: Path, data: str | bytes) -> None:
    """Replace ``path`` by a new file: a site copied with hard links stays apart."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    os.replace(tmp, path)


def _write_article_files(root: Path, spec: SiteSpec, channel: int, numbers: range) -> None:
    cid = channel_id(channel)
    if channel < spec.summary_channels or spec.pages:
        pages = root / "news" / cid
        pages.mkdir(parents=True, exist_ok=True)
        for number in numbers:
            page = page_html(channel, number, images=spec.images)
            _write(pages / f"{number:06d}.html", page)
    if spec.images:
        images = root / "img" / cid
        images.mkdir(parents=True, exist_ok=True)
        for number in numbers:
            _write(images / f"{number:06d}.png", image_png(channel, number))


def _save_state(root: Path, spec: SiteSpec, counts: list[int]) -> None:
    state = {"spec": asdict(spec), "counts": counts}
    _write(root / "site.json", json.dumps(state))


def load_state(root: Path) -> tuple[SiteSpec, list[int]]:
    state = json.loads((root / "site.json").read_text(encoding="utf-8"))
    return SiteSpec(**state["spec"]), list(state["counts"])


def build_site(root: Path, spec: SiteSpec) -> None:
    """Write the site for ``spec`` under ``root`` (which should be empty)."""
    (root / "feeds").mkdir(parents=True, exist_ok=True)
    counts = [spec.articles] * spec.channels
    for channel in range(spec.channels):
        _write_article_files(root, spec, channel, range(spec.articles))
        _write(root / feed_path(channel), _feed(spec, channel, spec.articles))
    _save_state(root, spec, counts)


def set_window(root: Path, window: int, *, published: int | None = None) -> None:
    """Rewrite every feed to list only its newest ``window`` articles (0: all), as if
    each channel had published ``published`` of its articles so far (None: all)."""
    spec, counts = load_state(root)
    spec = SiteSpec(**{**asdict(spec), "window": window})
    for channel, count in enumerate(counts):
        shown = count if published is None else min(count, published)
        _write(root / feed_path(channel), _feed(spec, channel, shown))
    _save_state(root, spec, counts)


def add_articles(root: Path, total: int) -> list[str]:
    """Publish ``total`` new articles, one per channel in turn; returns their URLs."""
    spec, counts = load_state(root)
    before = list(counts)
    urls = []
    for k in range(total):
        channel = k % spec.channels
        urls.append(article_url(channel, counts[channel]))
        counts[channel] += 1
    for channel, count in enumerate(counts):
        if count != before[channel]:
            _write_article_files(root, spec, channel, range(before[channel], count))
            _write(root / feed_path(channel), _feed(spec, channel, count))
    _save_state(root, spec, counts)
    return urls


def write_config(
    directory: Path,
    origin: str,
    channels: int,
    *,
    retention: int = 0,
    summary_channels: int = 0,
) -> Path:
    """A samizdat.toml mirroring ``channels`` channels of the site at ``origin``."""
    lines = [
        "[site]",
        'title = "Bench Mirror"',
        'language = "en"',
        'page_url = "https://github.com/bench/mirror/blob/{branch}/{path}"',
        'raw_url = "https://cdn.example.net/gh/bench/mirror@{branch}/{path}"',
        "[fetch]",
        "allow_private = true",
        "retries = 1",
        "timeout = 30",
        "[retention]",
        f"max_per_channel = {retention}",
        "[publish]",
        'branch = "main"',
        "[[sources]]",
        'id = "bench"',
        'title = "Bench Daily"',
    ]
    for channel in range(channels):
        cid = channel_id(channel)
        lines += [
            "[[sources.channels]]",
            f'id = "{cid}"',
            f'title = "Channel {cid}"',
            f'feed = "{origin}/{feed_path(channel)}"',
        ]
        if channel < summary_channels:
            lines.append('content = "extract"')
    path = directory / "samizdat.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
