"""The "a year" scenario: how big a busy mirror's repository grows, with and without
``publish.keep_commits``.

    python -m bench.year                          # 365 days, 200 articles a day, hourly
    python -m bench.year --days 30 --articles 20  # smaller
    python -m bench.year --keep 168 --keep 720    # the limits to compare (commits)

Real syncs for a year of hourly runs would take days, so the history is simulated with
git's own plumbing (one ``git fast-import`` stream): every run is one commit that adds
that hour's articles (a Markdown page of ~4 kB, its QR code, and its images), rewrites
the home page, the channel indexes and the feed as a sync does, and removes what
retention drops (the newest ``--retention`` articles per channel stay, with their
images). Images are incompressible bytes of realistic sizes after samizdat's
recompression (log-normal around ``--image-kb``, capped at images.max_bytes, 400 kB).

Then it measures the repository as a git host would hold it (after ``git gc``), a fresh
clone and a ``--depth 1`` clone; and the same after samizdat's own history trimming
(``samizdat.publish.history.trim_history``) to each ``--keep`` limit, followed by the
host's garbage collection. Results: ``bench/results/year/year_<days>d.json`` and a
Markdown table printed and saved next to it.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

RESULTS = Path(__file__).resolve().parent / "results" / "year"
START = datetime(2026, 1, 1, tzinfo=UTC)
MAX_IMAGE = 400_000  # images.max_bytes: larger images are recompressed below it
_WORDS = (  # noqa: SIM905 (a sentence of words reads better than a list)
    "河湾 市议会 预算 图书馆 公交 社区 天气 寒潮 地铁 车站 学校 医院 记者 报道 居民 "
    "council budget library transit weather station school hospital reporter residents "
    "city river market bridge election court water energy health culture festival"
).split()


@dataclass(frozen=True)
class YearSpec:
    days: int = 365
    articles: int = 200  # per day
    runs_per_day: int = 24
    channels: int = 5
    retention: int = 300  # articles kept per channel
    images_per_article: float = 1.5
    image_kb: int = 90  # median image size after recompression
    seed: int = 2026


@dataclass
class Article:
    id: str
    channel: int
    title: str
    images: list[str]


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choices(_WORDS, k=words))


def _image_size(rng: random.Random, spec: YearSpec) -> int:
    size = int(rng.lognormvariate(math.log(spec.image_kb * 1000), 0.6))
    return max(8_000, min(MAX_IMAGE, size))


def _blob(out: list[bytes], path: str, data: bytes) -> None:
    out.append(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data))


class _Simulation:
    """Writes one fast-import stream: a commit per run, as a sync would make it."""

    def __init__(self, spec: YearSpec, out: IO[bytes]) -> None:
        self.spec, self.stream = spec, out
        self.out: list[bytes] = []  # this commit's changes, written after its header
        self.rng = random.Random(spec.seed)
        self.kept: list[list[Article]] = [[] for _ in range(spec.channels)]
        self.count = 0
        self.commits = 0
        self.image_bytes = 0

    def run(self) -> None:
        spec = self.spec
        runs = spec.days * spec.runs_per_day
        for index in range(runs):
            due = round((index + 1) * spec.articles / spec.runs_per_day) - self.count
            moment = START + timedelta(days=index / spec.runs_per_day)
            self._commit(moment, [self._new_article() for _ in range(due)])

    def _new_article(self) -> Article:
        self.count += 1
        channel = self.rng.randrange(self.spec.channels)
        images = []
        for _ in range(self._image_count()):
            data = self.rng.randbytes(_image_size(self.rng, self.spec))
            self.image_bytes += len(data)
            digest = f"{self.count:08d}{len(images):02d}".ljust(64, "0")
            images.append((f"assets/{digest[:2]}/{digest}.jpg", data))
        article = Article(f"n{self.count}", channel, _text(self.rng, 8), [p for p, _ in images])
        _blob(self.out, f"pages/c{channel}/{article.id}.md", self._page(article).encode())
        _blob(self.out, f"pages/c{channel}/{article.id}.png", self.rng.randbytes(900))
        for path, data in images:
            _blob(self.out, path, data)
        self.kept[channel].insert(0, article)
        return article

    def _image_count(self) -> int:
        whole = int(self.spec.images_per_article)
        return whole + (self.rng.random() < self.spec.images_per_article - whole)

    def _page(self, article: Article) -> str:
        figures = "".join(f"\n![photo](../../{path})\n" for path in article.images)
        return f"# {article.title}\n{figures}\n{_text(self.rng, 600)}\n"

    def _commit(self, moment: datetime, new: list[Article]) -> None:
        if not new and self.commits:
            return  # a run that changed nothing makes no commit
        epoch = int(moment.timestamp())
        message = f"samizdat sync {moment:%Y-%m-%d %H:%M} UTC: {len(new)} new".encode()
        header = b"commit refs/heads/main\ncommitter samizdat <samizdat@localhost> %d +0000\n"
        self.stream.write(header % epoch + b"data %d\n%s\n" % (len(message), message))
        for channel, articles in enumerate(self.kept):
            for old in articles[self.spec.retention :]:
                self.out.append(b"D pages/c%d/%s.md\n" % (channel, old.id.encode()))
                self.out.append(b"D pages/c%d/%s.png\n" % (channel, old.id.encode()))
                for path in old.images:
                    self.out.append(b"D %s\n" % path.encode())
            del articles[self.spec.retention :]
            index = "".join(f"- [{a.title}](../pages/c{channel}/{a.id}.md)\n" for a in articles)
            _blob(self.out, f"indexes/c{channel}.md", f"# c{channel}\n\n{index}".encode())
        latest = sorted((a for c in self.kept for a in c[:10]), key=lambda a: -int(a.id[1:]))
        home = "".join(f"- {a.title}\n" for a in latest)
        _blob(self.out, "README.md", f"# Mirror\n\n{home}\nupdated {moment}\n".encode())
        feed = "".join(f"<entry><title>{a.title}</title></entry>\n" for a in latest[:50])
        _blob(self.out, "feed.xml", f"<feed>{feed}</feed>\n".encode())
        self.stream.write(b"".join(self.out) + b"\n")
        self.out.clear()
        self.commits += 1


def _git(*args: str, cwd: Path | None = None) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)
    return result.stdout.strip()


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _measure(repo: Path, work: Path, label: str) -> dict[str, Any]:
    """Sizes as a host holds the repository (after gc) and as readers clone it."""
    _git("reflog", "expire", "--expire=now", "--all", cwd=repo)
    _git("gc", "-q", "--prune=now", cwd=repo)
    full, shallow = work / f"{label}-clone.git", work / f"{label}-depth1.git"
    _git("clone", "-q", "--bare", "--no-local", str(repo), str(full))
    _git("clone", "-q", "--bare", "--depth", "1", f"file://{repo}", str(shallow))
    sizes = {
        "commits": int(_git("rev-list", "--count", "HEAD", cwd=repo)),
        "repository_mb": _size(repo) / 1e6,
        "clone_mb": _size(full) / 1e6,
        "depth1_clone_mb": _size(shallow) / 1e6,
    }
    shutil.rmtree(full)
    shutil.rmtree(shallow)
    return sizes


def _trimmed(repo: Path, work: Path, keep: int) -> tuple[Path, float]:
    """A copy of ``repo`` trimmed by samizdat to ``keep`` commits; seconds it took."""
    from samizdat.config import Config
    from samizdat.models import RunReport
    from samizdat.publish.git import GitRepo
    from samizdat.publish.history import trim_history

    copy = work / f"keep-{keep}.git"
    _git("clone", "-q", "--mirror", "--no-local", str(repo), str(copy))
    config = Config.model_validate({
        "site": {"title": "year"},
        "publish": {"keep_commits": keep},
        "sources": [{"id": "s", "channels": [{"id": "c", "title": "c", "feed": "https://e.org/f"}]}],
    })  # fmt: skip
    started = time.perf_counter()
    report = RunReport(started=START)
    trim_history(config, GitRepo(copy, author_name="s", author_email="s@x"), report)
    seconds = time.perf_counter() - started
    if report.failures:
        raise RuntimeError(f"trimming to {keep} commits failed: {report.failures}")
    return copy, seconds


def year(spec: YearSpec, keeps: list[int], out: Path = RESULTS) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="samizdat-year-") as scratch:
        work = Path(scratch)
        repo = work / "mirror.git"
        _git("init", "-q", "--bare", "-b", "main", str(repo))
        started = time.perf_counter()
        importer = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=repo,
                                    stdin=subprocess.PIPE)  # fmt: skip
        assert importer.stdin is not None
        simulation = _Simulation(spec, importer.stdin)
        simulation.run()
        importer.stdin.close()
        if importer.wait() != 0:
            raise RuntimeError("git fast-import failed")
        simulated = time.perf_counter() - started
        results: dict[str, Any] = {
            "spec": asdict(spec),
            "simulated": {
                "commits": simulation.commits,
                "articles": simulation.count,
                "image_mb": simulation.image_bytes / 1e6,
                "seconds": simulated,
            },
            "keep_all": _measure(repo, work, "all"),
        }
        for keep in keeps:
            copy, seconds = _trimmed(repo, work, keep)
            results[f"keep_{keep}"] = {**_measure(copy, work, f"k{keep}"), "trim_s": seconds}
            shutil.rmtree(copy)
    out.mkdir(parents=True, exist_ok=True)
    name = f"year_{spec.days}d_{spec.articles}a"
    (out / f"{name}.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (out / f"{name}.md").write_text(table(results), encoding="utf-8")
    return results


def table(results: dict[str, Any]) -> str:
    spec = results["spec"]
    lines = [
        f"{spec['days']} days, {spec['articles']} articles/day, {spec['runs_per_day']} runs/day,"
        f" {spec['channels']} channels x {spec['retention']} kept,"
        f" {spec['images_per_article']} images/article (median {spec['image_kb']} kB):"
        f" {results['simulated']['image_mb']:.0f} MB of images published",
        "",
        "| history | commits | repository (MB) | fresh clone (MB) | --depth 1 clone (MB) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for key, row in results.items():
        if key.startswith("keep_"):
            label = "all kept" if key == "keep_all" else f"keep_commits = {key[5:]}"
            lines.append(
                f"| {label} | {row['commits']} | {row['repository_mb']:.1f} |"
                f" {row['clone_mb']:.1f} | {row['depth1_clone_mb']:.1f} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--articles", type=int, default=200, help="articles per day")
    parser.add_argument("--runs-per-day", type=int, default=24)
    parser.add_argument("--channels", type=int, default=5)
    parser.add_argument("--retention", type=int, default=300, help="articles kept per channel")
    parser.add_argument("--image-kb", type=int, default=90)
    parser.add_argument("--images-per-article", type=float, default=1.5)
    parser.add_argument("--keep", type=int, action="append", help="keep_commits to compare")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    spec = YearSpec(
        days=args.days, articles=args.articles, runs_per_day=args.runs_per_day,
        channels=args.channels, retention=args.retention, image_kb=args.image_kb,
        images_per_article=args.images_per_article,
    )  # fmt: skip
    print(table(year(spec, args.keep or [168, 720], args.out)), end="")


if __name__ == "__main__":
    main()
