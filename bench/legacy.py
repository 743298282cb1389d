"""The older mirror scripts' work, ported to Python 3: the baseline samizdat is timed against.

Written for this project from the description of the shell + Python 2 tools operators
ran before samizdat (SPEC §1 and its reference page): cron starts a script that, for
each channel, downloads the RSS feed (no ETag, no Last-Modified), parses it, and for
every item whose page file does not exist yet fetches the article page, cleans the
item's HTML with BeautifulSoup's ``html.parser`` and ``prettify()``, writes
``pages/<channel>/<id>.md`` and makes its QR code with one ``qrencode`` process
(``<id>.md.png``, the legacy name); then it rewrites each channel's index (newest 300)
and runs ``git add -A`` and ``git commit``. Images stay on the origin and nothing is
remembered but the files: that is the work samizdat replaces, not a straw man (it keeps
the legacy scripts' shortcut of skipping items whose page exists).

    python -m bench.legacy WORKDIR FEED_URL [FEED_URL ...]

Prints one JSON object: new pages, wall and CPU seconds of this process and of its
children (``qrencode``, git), and which QR encoder ran (``qrencode`` when installed,
else segno's command line, also one process per page).
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import json  # noqa: E402 - the clock starts before any import
import os  # noqa: E402
import posixpath  # noqa: E402
import resource  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import urllib.request  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402

import feedparser  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402

KEEP = 300
ORIGINAL = "原文地址（需翻墙访问）："  # noqa: RUF001 - the legacy pages' own wording
PAGE_URL = "https://github.com/bench/legacy/blob/master/{path}"


def qr_command() -> list[str]:
    """One process per QR code, as the legacy scripts ran ``qrencode``."""
    if shutil.which("qrencode"):
        return ["qrencode", "-s", "3", "-o"]
    segno = Path(sys.executable).with_name("segno")
    return [str(segno), "--scale", "3", "--output"]


def download(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        body: bytes = response.read()
        return body


def article_id(url: str) -> str:
    return posixpath.splitext(posixpath.basename(urlsplit(url).path))[0] or "index"


def write_page(work: Path, channel: str, entry: dict, qr: list[str]) -> None:  # type: ignore[type-arg]
    ident = article_id(entry["link"])
    page = work / "pages" / channel / f"{ident}.md"
    download(entry["link"])  # the page fetch every item got
    content = entry.get("content", [{}])[0].get("value") or entry.get("summary", "")
    body = BeautifulSoup(content, "html.parser").prettify()
    path = f"pages/{channel}/{ident}.md"
    mirror_url = PAGE_URL.format(path=path)
    menu = f"[首页](../../README.md) | [{channel}](../../indexes/{channel}.md)"
    page.write_text(
        f"# {entry.get('title', '')}\n\n{menu}\n\n{body}\n\n{entry.get('published', '')}\n\n"
        f"---\n\n长按复制链接或二维码分享本文\n\n{mirror_url}\n\n![]({ident}.md.png)\n\n"
        f"{ORIGINAL}{entry['link']}\n",
        encoding="utf-8",
    )
    subprocess.run([*qr, str(page) + ".png", mirror_url], check=True)


def run(work: Path, feeds: list[str]) -> int:
    qr = qr_command()
    new = 0
    for feed_url in feeds:
        channel = posixpath.splitext(posixpath.basename(urlsplit(feed_url).path))[0]
        (work / "pages" / channel).mkdir(parents=True, exist_ok=True)
        (work / "indexes").mkdir(exist_ok=True)
        parsed = feedparser.parse(download(feed_url))
        lines = [f"# {channel}\n"]
        for entry in parsed.entries:
            ident = article_id(entry["link"])
            if not (work / "pages" / channel / f"{ident}.md").exists():
                write_page(work, channel, entry, qr)
                new += 1
            if len(lines) <= KEEP:
                lines.append(f"- [{entry.get('title', '')}](../pages/{channel}/{ident}.md)")
        (work / "indexes" / f"{channel}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    git = ["git", "-C", str(work)]
    subprocess.run([*git, "add", "-A"], check=True)
    if subprocess.run([*git, "diff", "--cached", "--quiet"]).returncode:
        subprocess.run([*git, "commit", "-q", "-m", f"update {time.ctime()}"], check=True)
    return new


def main() -> int:
    work = Path(sys.argv[1])
    if not (work / ".git").exists():
        env = {**os.environ}
        subprocess.run(["git", "init", "-q", "-b", "master", str(work)], check=True, env=env)
        for key, value in (("user.name", "legacy"), ("user.email", "legacy@bench.invalid")):
            subprocess.run(["git", "-C", str(work), "config", key, value], check=True)
    started = time.perf_counter()
    new = run(work, sys.argv[2:])
    finished = time.perf_counter()
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "new": new,
                "startup_s": started - STARTED,
                "run_s": finished - started,
                "cpu_s": own.ru_utime + own.ru_stime,
                "children_cpu_s": children.ru_utime + children.ru_stime,
                "rss_kb": own.ru_maxrss,
                "qr": Path(qr_command()[0]).name,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
