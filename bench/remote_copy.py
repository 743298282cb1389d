"""What a git remote's own copy costs (a remote with its own ``raw_url``): the first
derived commit of a mirror of N pages (every page rewritten), then the next one after a
run that added 10 articles.

    .venv/bin/python -m bench.remote_copy [--pages N]

The mirror is generated straight into git with ``git fast-import`` (N Markdown pages of
~2 kB, each loading an image and its QR code through ``site.raw_url``, plus one PNG
per page and an index per 1,000 pages); the copy is made from git's objects alone, as a
run makes it.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import tempfile
import time
from pathlib import Path

from samizdat.config import Config
from samizdat.publish.copies import copy_rule, derive
from samizdat.publish.git import GitRepo

CDN = "https://cdn.jsdelivr.net/gh/o/r@{branch}/{path}"
OWN = "https://files.example.net/{branch}/{path}"
BODY = "这是一段用来填充页面的正文，内容与真实的新闻稿件长度相近。" * 8  # noqa: RUF001


def page(n: int, day: int) -> bytes:
    base = CDN.replace("{branch}", "main")
    image = base.replace("{path}", f"assets/{n % 256:02x}/{n:064x}.jpg")
    qr = base.replace("{path}", f"pages/c{n % 10}/a{n}.png")
    text = (
        f"# 第 {n} 篇文章\n\n*2026-03-{day:02d}*\n\n![图片]({image})\n\n"
        + "\n\n".join(BODY for _ in range(3))
        + f"\n\n[![QR code]({qr})](https://github.com/o/r/blob/main/pages/c{n % 10}/a{n}.md)\n"
    )
    return text.encode("utf-8")


def blob(path: str, data: bytes) -> bytes:
    return b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data)


def commit(repo: Path, first: int, last: int, day: int, parent: bool) -> None:
    """Commit pages ``first``..``last`` (and their PNGs, and the indexes) to main."""
    stream = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=repo, stdin=subprocess.PIPE)
    assert stream.stdin is not None
    message = b"samizdat: day %d" % day
    stream.stdin.write(
        b"commit refs/heads/main\ncommitter s <s@example.org> %d +0000\ndata %d\n%s\n"
        % (1_700_000_000 + day * 86400, len(message), message)
    )
    if parent:
        stream.stdin.write(b"from refs/heads/main^0\n")
    for n in range(first, last):
        stream.stdin.write(blob(f"pages/c{n % 10}/a{n}.md", page(n, day)))
        stream.stdin.write(blob(f"pages/c{n % 10}/a{n}.png", b"\x89PNG%d" % n))
    for index in range(0, last, 1000):
        block = range(index, min(index + 1000, last))
        lines = "".join(f"- [a{n}](../pages/c{n % 10}/a{n}.md)\n" for n in block)
        stream.stdin.write(blob(f"indexes/i{index // 1000}.md", lines.encode()))
    stream.stdin.close()
    assert stream.wait() == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100_000)
    pages = parser.parse_args().pages
    load_before = os.getloadavg()[0]
    config = Config.model_validate(
        {
            "site": {"title": "t", "raw_url": CDN},
            "images": {"link": "raw"},
            "publish": {"remotes": [{"name": "cdn", "url": "/nowhere", "raw_url": OWN}]},
            "sources": [],
        }
    )
    rule = copy_rule(config, config.publish.remotes[0])
    assert rule is not None
    with tempfile.TemporaryDirectory(prefix="samizdat-bench-") as scratch:
        path = Path(scratch) / "mirror"
        repo = GitRepo(path, author_name="s", author_email="s@example.org")
        repo.ensure("main")
        start = time.perf_counter()
        commit(path, 0, pages, 1, parent=False)
        made = time.perf_counter() - start
        subprocess.run(["git", "symbolic-ref", "HEAD", "refs/heads/main"], cwd=path, check=True)
        start = time.perf_counter()
        first = derive(repo, rule, repo.head())
        whole = time.perf_counter() - start
        commit(path, pages, pages + 10, 2, parent=True)
        start = time.perf_counter()
        second = derive(repo, rule, repo.head(), first)
        step = time.perf_counter() - start
        changed = repo.plumbing("diff", "--name-only", first, second).splitlines()
        sample = repo.plumbing("show", f"{first}:pages/c3/a3.md")
        assert "files.example.net/main/pages/c3/a3.png" in sample and "jsdelivr" not in sample
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"mirror of {pages:,} pages generated in {made:.1f} s")
    print(f"first copy (every page rewritten): {whole:.1f} s")
    print(f"next copy (10 new articles, {len(changed)} files changed): {step:.2f} s")
    print(f"peak RSS of this process: {rss:.0f} MB")
    print(f"1-minute load average: {load_before:.1f} before, {os.getloadavg()[0]:.1f} after")


if __name__ == "__main__":
    main()
