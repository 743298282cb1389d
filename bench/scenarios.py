"""The benchmark scenarios. Each measures, repeats, and returns a ``Result``.

Sites are generated once per spec under bench/.cache/sites and reused; mirrors are
made in a scratch directory per run, except the large incremental mirror, which is
seeded once by a real cold sync and cached (see :func:`incremental`).
"""

from __future__ import annotations

import hashlib
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench import site
from bench.harness import CACHE, REPO, Result, check, reaping, serve, summarise, timed_sync


def cached_site(spec: site.SiteSpec) -> Path:
    """The site for ``spec``, generated on first use."""
    key = hashlib.sha256(json.dumps(asdict(spec), sort_keys=True).encode()).hexdigest()[:12]
    root = CACHE / "sites" / key
    if not (root / "site.json").exists():
        scratch = CACHE / "sites" / f"{key}.tmp"
        shutil.rmtree(scratch, ignore_errors=True)
        site.build_site(scratch, spec)
        shutil.rmtree(root, ignore_errors=True)
        scratch.rename(root)
    return root


@contextmanager
def scratch(name: str) -> Iterator[Path]:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=CACHE))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


# -- 1. cold -------------------------------------------------------------------------


def cold(articles: int, runs: int, *, per_channel: int = 100) -> Result:
    """A first sync of ``articles`` articles from full-content feeds, images included."""
    channels = max(1, articles // per_channel)
    spec = site.SiteSpec(channels=channels, articles=articles // channels)
    root = cached_site(spec)
    result = Result(f"cold_{articles}", {"articles": articles, "channels": channels, "runs": runs})
    with serve(root) as server:
        for _ in range(runs):
            with scratch("cold") as work:
                config = site.write_config(work, server.base_url, channels)
                run = timed_sync(config)
                check(run, new=articles, commit=True)
                result.runs.append(run.as_dict())
    walls = [r["wall_s"] for r in result.runs]
    result.summary = {
        "wall_s": summarise(walls),
        "articles_per_s": summarise([articles / w for w in walls]),
        "articles_per_s_in_sync": summarise([articles / r["sync_s"] for r in result.runs]),
        "rss_mb": summarise([r["rss_mb"] for r in result.runs]),
        "cpu_ms_per_article": summarise([1000 * r["cpu_s"] / articles for r in result.runs]),
    }
    return result


# -- 3. no-op ------------------------------------------------------------------------


def noop(channels: int, runs: int) -> Result:
    """A sync over ``channels`` feeds when nothing changed: every feed answers 304."""
    spec = site.SiteSpec(channels=channels, articles=10)
    root = cached_site(spec)
    result = Result("noop", {"feeds": channels, "runs": runs})
    with serve(root) as server, scratch("noop") as work:
        config = site.write_config(work, server.base_url, channels)
        check(timed_sync(config), new=channels * 10, commit=True)  # the cold run: not timed
        for _ in range(runs):
            run = timed_sync(config)
            check(run, new=0, commit=False)
            result.runs.append(run.as_dict())
    result.summary = {
        "wall_s": summarise([r["wall_s"] for r in result.runs]),
        "sync_s": summarise([r["sync_s"] for r in result.runs]),
        "startup_s": summarise([r["startup_s"] for r in result.runs]),
    }
    return result


# -- 4. incremental ------------------------------------------------------------------


INCREMENTAL_PORT = 38_517  # the seed's article URLs carry the origin's port


SEED_CHUNK = 100  # articles per channel published between two seeding syncs


def seeded_mirror(pages: int, channels: int, window: int, *, log: Callable[[str], None]) -> Path:
    """A mirror of ``pages`` articles made by real syncs, cached under bench/.cache.

    The mirror grows the way a real one does, by runs that each find a batch of new
    articles in the feeds (``SEED_CHUNK`` per channel, so 10,000 per run with 100
    channels). Seeding is slow (the cold runs of that many articles), so it is done
    once per machine; each use works on a copy (hard links for the tree and git
    objects, which samizdat and git replace rather than modify; a real copy of the
    state store).
    """
    seed = CACHE / f"seed-{pages}"
    if not (seed / "ready").exists():
        shutil.rmtree(seed, ignore_errors=True)
        seed.mkdir(parents=True)
        log(f"seeding a {pages:,}-page mirror by real syncs (once; cached in {seed})")
        per_channel = pages // channels
        site.build_site(seed / "site", site.SiteSpec(channels=channels, articles=per_channel))
        runs = []
        with serve(seed / "site", port=INCREMENTAL_PORT) as server:
            config = site.write_config(seed, server.base_url, channels)
            for published in range(SEED_CHUNK, per_channel + SEED_CHUNK, SEED_CHUNK):
                site.set_window(seed / "site", SEED_CHUNK, published=min(published, per_channel))
                run = timed_sync(config)
                check(run, commit=True)
                runs.append(run.as_dict())
                log(f"  {min(published, per_channel) * channels:,} pages: {run.wall:.0f} s")
            # Feeds as sites publish them: the newest items only.
            site.set_window(seed / "site", window)
            check(timed_sync(config), new=0)
        (seed / "seed.json").write_text(json.dumps(runs), encoding="utf-8")
        (seed / "ready").touch()
    return seed


def _copy_seed(seed: Path, work: Path) -> None:
    # The origin site and git's objects are hard links (neither is modified in place);
    # the mirror's work tree is a real copy: samizdat refuses to read a hard-linked file
    # of the tree (it would rewrite every page as if it were missing).
    subprocess.run(["cp", "-al", str(seed / "site"), str(work / "site")], check=True)
    mirror = work / "mirror"
    mirror.mkdir()
    for entry in (seed / "mirror").iterdir():
        command = "-al" if entry.name == ".git" else "-a"
        subprocess.run(["cp", command, str(entry), str(mirror / entry.name)], check=True)
    # git appends to its reflogs in place: those, the copy gets for itself.
    shutil.rmtree(mirror / ".git" / "logs")
    shutil.copytree(seed / "mirror" / ".git" / "logs", mirror / ".git" / "logs")
    for name in ("samizdat.toml", "samizdat.db", "samizdat.db-wal"):
        if (seed / name).exists():
            shutil.copy2(seed / name, work / name)


def incremental(pages: int, runs: int, *, new: int = 10, log: Callable[[str], None]) -> Result:
    """``new`` articles arrive in a mirror of ``pages`` pages: the whole run, git included."""
    channels = 100
    seed = seeded_mirror(pages, channels, window=20, log=log)
    result = Result(f"incremental_{pages}", {"pages": pages, "new": new, "runs": runs})
    with scratch("incremental") as work:
        _copy_seed(seed, work)
        with serve(work / "site", port=INCREMENTAL_PORT):
            config = work / "samizdat.toml"
            # The first run on a fresh copy does once what no later run does: git rewrites
            # its shared index, and a seed made by an older version has its store
            # migrated. It is timed apart, not among the runs.
            site.add_articles(work / "site", new)
            first = timed_sync(config)
            check(first, new=new, commit=True)
            result.params["first_run_s"] = round(first.wall, 3)
            for _ in range(runs):
                site.add_articles(work / "site", new)
                run = timed_sync(config)
                check(run, new=new, commit=True)
                result.runs.append(run.as_dict())
    result.summary = {
        "wall_s": summarise([r["wall_s"] for r in result.runs]),
        "sync_s": summarise([r["sync_s"] for r in result.runs]),
        "rss_mb": summarise([r["rss_mb"] for r in result.runs]),
    }
    seed_runs = json.loads((seed / "seed.json").read_text(encoding="utf-8"))
    result.notes.append(
        f"seeded by {len(seed_runs)} syncs of up to {SEED_CHUNK * 100:,} new articles each:"
        f" {sum(r['wall_s'] for r in seed_runs):.0f} s in all, the largest peak RSS"
        f" {max(r['rss_mb'] for r in seed_runs):.0f} MB"
    )
    result.params["seed_runs"] = seed_runs
    return result


# -- 5. stage profile ---------------------------------------------------------------


def profile(articles: int, *, per_channel: int = 100) -> Result:
    """Where a cold run's time goes, stage by stage (one run, stage clock installed)."""
    channels = max(1, articles // per_channel)
    root = cached_site(site.SiteSpec(channels=channels, articles=articles // channels))
    result = Result(f"profile_{articles}", {"articles": articles, "channels": channels})
    with serve(root) as server, scratch("profile") as work:
        config = site.write_config(work, server.base_url, channels)
        run = timed_sync(config, profile=True)
        check(run, new=articles, commit=True)
        result.runs.append(run.as_dict())
    stages = run.stages
    wall = stages["total (wall)"]
    result.summary = {
        "stages_s": stages,
        "stages_pct": {k: round(100 * v / wall, 1) for k, v in stages.items() if wall},
        "ms_per_article": {k: round(1000 * v / articles, 3) for k, v in stages.items()},
        # One process does all the work here (git apart): the CPU an article costs.
        "cpu_ms_per_article": round(1000 * run.cpu / articles, 3),
        # e.g. render: one article page and one QR code per article, plus pages
        # rendered again and the indexes.
        "stage_calls": run.stage_calls,
    }
    result.notes.append(
        "stage times are wall time of the stage's functions on the event loop's thread;"
        " the rest is the network (image and feed fetches), the loop itself, and glue"
    )
    return result


# -- 2. extraction -------------------------------------------------------------------


def extraction(pages: int, rounds: int) -> Result:
    """samizdat's page extraction against trafilatura.extract alone, on the same pages."""
    import trafilatura

    from samizdat.extract import article_from_page
    from samizdat.transform.images import select_images
    from samizdat.transform.markdown import html_to_markdown
    from samizdat.transform.sanitize import sanitize_html

    origin = "https://news.example.org"
    documents = []
    for k in range(pages):
        channel, number = k % 2, 1000 + k
        html = site.page_html(channel, number, images=True).replace(site.ORIGIN, origin)
        documents.append((site.article_url(channel, number).replace(site.ORIGIN, origin), html))
    bodies = [html.encode("utf-8") for _, html in documents]
    options = {
        "output_format": "html",
        "include_comments": False,
        "include_tables": True,
        "include_images": True,
        "include_links": True,
        "include_formatting": True,
    }

    def baseline() -> None:
        for body in bodies:
            trafilatura.extract(body, **options)

    def ours() -> None:
        for (url, _), body in zip(documents, bodies, strict=True):
            article_from_page(body, url)

    def ours_and_transform() -> None:
        for (url, _), body in zip(documents, bodies, strict=True):
            article = article_from_page(body, url)
            html, _ = select_images(article.body_html, url, max_width=1600)
            html_to_markdown(sanitize_html(html))

    size = sum(len(b) for b in bodies) / len(bodies)
    result = Result("extraction", {"pages": pages, "rounds": rounds, "page_kb": round(size / 1e3)})
    baseline()  # warm-up: imports, caches
    ours()
    for round_number in range(rounds):
        timings = {}
        order = [
            ("trafilatura", baseline),
            ("samizdat", ours),
            ("samizdat+transform", ours_and_transform),
        ]
        if round_number % 2:
            order.reverse()
        for name, work in order:
            timings[name] = _cpu_seconds(work) / pages
        result.runs.append({f"{k}_ms_per_page": round(1000 * v, 3) for k, v in timings.items()})
        result.runs[-1]["ratio"] = round(timings["samizdat"] / timings["trafilatura"], 3)
        result.runs[-1]["ratio_with_transform"] = round(
            timings["samizdat+transform"] / timings["trafilatura"], 3
        )
    result.summary = {key: summarise([r[key] for r in result.runs]) for key in result.runs[0]}
    result.notes.append("CPU time (time.process_time) per page; both sides get the page's bytes")
    return result


def _cpu_seconds(work: Callable[[], None]) -> float:
    started = time.process_time()
    work()
    return time.process_time() - started


# -- 6. converter --------------------------------------------------------------------


def converter(synthetic: int, rounds: int) -> Result:
    """samizdat's HTML -> Markdown converter against markdownify, per article."""
    from markdownify import markdownify

    from samizdat.transform.markdown import html_to_markdown

    corpus = sorted((REPO / "tests" / "transform" / "corpus").glob("*.html"))
    documents = {
        "corpus": [p.read_text(encoding="utf-8") for p in corpus],
        "synthetic": [
            site.body_html(k % 2, k, images=True).replace(site.ORIGIN, "https://e.org")
            for k in range(synthetic)
        ],
    }
    result = Result("converter", {"corpus_files": len(corpus), "synthetic": synthetic})
    for _ in range(rounds):
        run: dict[str, float] = {}
        for name, docs in documents.items():
            ours = _cpu_seconds(lambda docs=docs: [html_to_markdown(d) for d in docs])
            theirs = _cpu_seconds(lambda docs=docs: [markdownify(d) for d in docs])
            run[f"{name}_samizdat_us"] = round(1e6 * ours / len(docs), 1)
            run[f"{name}_markdownify_us"] = round(1e6 * theirs / len(docs), 1)
            run[f"{name}_ratio"] = round(ours / theirs, 3)
        result.runs.append(run)
    result.summary = {key: summarise([r[key] for r in result.runs]) for key in result.runs[0]}
    result.notes.append("CPU time per article (microseconds); ratio = samizdat / markdownify")
    return result


# -- 7. baseline: the older scripts, A/B interleaved ----------------------------------


def _tree_cpu() -> float:
    """CPU seconds of every child process waited for so far (and of their children)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed_samizdat(config: Path, *, new: int) -> dict[str, float]:
    before = _tree_cpu()
    run = timed_sync(config)
    check(run, new=new)
    return {"wall_s": run.wall, "cpu_s": _tree_cpu() - before, "rss_mb": run.rss_mb}


def _timed_legacy(work: Path, feeds: list[str], *, new: int) -> dict[str, Any]:
    before = _tree_cpu()
    with reaping():
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "bench.legacy", str(work), *feeds],
            cwd=REPO,
            capture_output=True,
            check=False,
        )
        wall = time.perf_counter() - started
    if done.returncode:
        raise RuntimeError(f"the legacy scripts failed: {done.stderr.decode()[-2000:]}")
    data = json.loads(done.stdout)
    if data["new"] != new:
        raise RuntimeError(f"expected {new} new legacy pages, got {data['new']}")
    return {"wall_s": wall, "cpu_s": _tree_cpu() - before, "qr": data["qr"]}


def _pairs(
    count: int, ours: Callable[[], dict[str, Any]], theirs: Callable[[], dict[str, Any]]
) -> list[dict[str, Any]]:
    """``count`` A/B pairs, the order alternating so that neither side always goes first."""
    runs = []
    for k in range(count):
        if k % 2 == 0:
            a, b = ours(), theirs()
        else:
            b, a = theirs(), ours()
        runs.append(
            {
                "samizdat_wall_s": round(a["wall_s"], 4),
                "samizdat_cpu_s": round(a["cpu_s"], 3),
                "legacy_wall_s": round(b["wall_s"], 4),
                "legacy_cpu_s": round(b["cpu_s"], 3),
                "wall_ratio": round(a["wall_s"] / b["wall_s"], 3),
                "cpu_ratio": round(a["cpu_s"] / b["cpu_s"], 3) if b["cpu_s"] else 0.0,
                "qr": b.get("qr", ""),
            }
        )
    return runs


def _feeds(server_url: str, channels: int) -> list[str]:
    return [f"{server_url}/{site.feed_path(c)}" for c in range(channels)]


def baseline(articles: int, pairs: int, noop_pairs: int, *, noop_feeds: int = 100) -> Result:
    """samizdat against the older scripts on the same origin, A/B interleaved: a cold run
    of ``articles`` articles (100 per feed), a run with nothing new on one feed of
    ``articles`` items served without ETag/Last-Modified, and a run with nothing new on
    ``noop_feeds`` feeds (samizdat gets 304s; the older scripts download every feed)."""
    result = Result(
        f"baseline_{articles}",
        {"articles": articles, "pairs": pairs, "noop_pairs": noop_pairs, "noop_feeds": noop_feeds},
    )
    channels = max(1, articles // 100)
    cold_root = cached_site(
        site.SiteSpec(channels=channels, articles=articles // channels, pages=True)
    )
    with serve(cold_root) as server:
        feeds = _feeds(server.base_url, channels)

        def ours() -> dict[str, Any]:
            with scratch("base-s") as work:
                config = site.write_config(work, server.base_url, channels)
                return _timed_samizdat(config, new=articles)

        def theirs() -> dict[str, Any]:
            with scratch("base-l") as work:
                return _timed_legacy(work, feeds, new=articles)

        cold_runs = _pairs(pairs, ours, theirs)
    one_feed = cached_site(site.SiteSpec(channels=1, articles=articles, pages=True))
    with serve(one_feed, validators=False) as server:
        noop_200 = _noop_pairs(server.base_url, 1, articles, noop_pairs)
    many = cached_site(site.SiteSpec(channels=noop_feeds, articles=10, pages=True))
    with serve(many) as server:
        noop_304 = _noop_pairs(server.base_url, noop_feeds, noop_feeds * 10, noop_pairs)
    for name, runs in (("cold", cold_runs), ("noop_200", noop_200), ("noop_304", noop_304)):
        result.runs += [{"case": name, **run} for run in runs]
        result.summary[name] = {
            key: summarise([r[key] for r in runs]) for key in runs[0] if key not in ("qr",)
        }
    result.notes.append(
        "wall: whole process, start-up included; cpu: the process and its children"
        f" (workers, git, QR processes); the older scripts' QR encoder: {cold_runs[0]['qr']}"
    )
    return result


def _noop_pairs(origin: str, channels: int, articles: int, count: int) -> list[dict[str, Any]]:
    with scratch("noop-s") as ours_dir, scratch("noop-l") as theirs_dir:
        config = site.write_config(ours_dir, origin, channels)
        feeds = _feeds(origin, channels)
        _timed_samizdat(config, new=articles)  # the cold runs: not timed
        _timed_legacy(theirs_dir, feeds, new=articles)
        return _pairs(
            count,
            lambda: _timed_samizdat(config, new=0),
            lambda: _timed_legacy(theirs_dir, feeds, new=0),
        )
