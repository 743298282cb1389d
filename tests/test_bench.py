"""The benchmark scripts still work: a tiny site, one profiled sync, the table.

Timings are not checked (SPEC §6: measured, not asserted); that the scripts run is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def bench_importable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(REPO))


def test_a_tiny_site_is_mirrored_profiled_and_tabulated(tmp_path: Path) -> None:
    from bench import site
    from bench.harness import Result, check, serve, timed_sync
    from bench.report import report
    from bench.stages import STAGES

    root = tmp_path / "site"
    site.build_site(root, site.SiteSpec(channels=2, articles=3, summary_channels=1))
    assert len(site.add_articles(root, 2)) == 2
    with serve(root) as server:
        config = site.write_config(tmp_path, server.base_url, 2, summary_channels=1)
        run = timed_sync(config, profile=True)

    check(run, new=8, commit=True)
    assert run.rss_mb > 0 and run.wall > run.sync > 0
    assert set(STAGES) <= set(run.stages)
    assert run.stages["extract"] > 0 and run.stages["render"] > 0 and run.stages["git"] > 0

    results = tmp_path / "results"
    result = Result("cold_8", {"articles": 8, "channels": 2, "runs": 1}, runs=[run.as_dict()])
    result.summary = {
        key: {"median": 1.0, "min": 1.0, "max": 1.0, "spread_pct": 0.0, "n": 1}
        for key in ("wall_s", "articles_per_s", "articles_per_s_in_sync", "rss_mb")
    }
    result.save(results)
    table = report(results)
    assert "| cold 8 | articles/s, whole process |" in table


def test_the_converter_comparison_runs() -> None:
    pytest.importorskip("markdownify")
    from bench import scenarios

    result = scenarios.converter(synthetic=2, rounds=1)
    assert result.summary["corpus_samizdat_us"]["median"] > 0


def test_the_older_scripts_baseline_runs_beside_samizdat() -> None:
    pytest.importorskip("bs4")
    from bench import scenarios

    result = scenarios.baseline(20, 1, 1, noop_feeds=2)
    assert [r["case"] for r in result.runs] == ["cold", "noop_200", "noop_304"]
    for case in ("cold", "noop_200", "noop_304"):
        assert result.summary[case]["legacy_wall_s"]["median"] > 0
        assert result.summary[case]["samizdat_wall_s"]["median"] > 0


def test_the_extraction_bench_scores_a_tiny_corpus(tmp_path: Path) -> None:
    import shutil

    from bench import extraction

    for name in ("science_explore", "zh_gbk"):
        for suffix in (".html", ".txt"):
            shutil.copy(extraction.CORPUS / f"{name}{suffix}", tmp_path)

    result = extraction.measure(tmp_path, rounds=1)
    table = extraction.table(result)

    assert result["pages"] == 2
    ours, theirs = result["samizdat"], result["trafilatura"]
    assert isinstance(ours, dict) and isinstance(theirs, dict)
    assert 0 < theirs["f1"] <= ours["f1"] <= 1
    assert float(str(result["cpu_ratio"])) > 0
    assert "| samizdat |" in table and "CPU: samizdat / trafilatura alone" in table
    # CJK text is scored per character: a Chinese page is not one giant token.
    assert extraction.tokens("太阳能 heat")["太"] == 1
    assert extraction.tokens("太阳能 heat")["heat"] == 1


def test_a_tiny_year_is_simulated_measured_and_trimmed(tmp_path: Path) -> None:
    from bench import year

    spec = year.YearSpec(days=2, articles=6, runs_per_day=3, channels=2, retention=2, image_kb=4)
    results = year.year(spec, [2], tmp_path)

    assert results["simulated"]["commits"] == 6
    assert results["keep_all"]["commits"] == 6
    assert results["keep_2"]["commits"] == 2
    # Retention removed articles: their images stay in the full history only.
    assert results["keep_2"]["repository_mb"] < results["keep_all"]["repository_mb"]
    assert results["keep_all"]["depth1_clone_mb"] < results["keep_all"]["clone_mb"]
    assert "| keep_commits = 2 | 2 |" in (tmp_path / "year_2d_6a.md").read_text()


def test_the_table_shows_the_older_scripts_beside_cold_and_no_op_figures(tmp_path: Path) -> None:
    from bench.harness import Result
    from bench.report import report

    def stat(value: float) -> dict[str, float]:
        return {"median": value, "min": value, "max": value, "spread_pct": 0.0, "n": 1}

    cold = Result("cold_1000", {"articles": 1000, "channels": 10, "runs": 1})
    cold.summary = {
        "articles_per_s": stat(400.0),
        "articles_per_s_in_sync": stat(450.0),
        "rss_mb": stat(80.0),
    }
    noop = Result("noop", {"feeds": 100, "runs": 1})
    noop.summary = {"wall_s": stat(0.25), "startup_s": stat(0.15), "sync_s": stat(0.1)}
    baseline = Result("baseline_1000", {"articles": 1000, "pairs": 1, "noop_pairs": 1,
                                        "noop_feeds": 100})  # fmt: skip
    keys = ("samizdat_wall_s", "legacy_wall_s", "wall_ratio", "samizdat_cpu_s", "legacy_cpu_s",
            "cpu_ratio")  # fmt: skip
    figures = {"cold": (2.5, 10.0), "noop_200": (0.28, 0.4), "noop_304": (0.25, 0.8)}
    for case, (ours, theirs) in figures.items():
        values = (ours, theirs, ours / theirs, ours, theirs, ours / theirs)
        baseline.summary[case] = {key: stat(v) for key, v in zip(keys, values, strict=True)}
    for result in (cold, noop, baseline):
        result.save(tmp_path)

    table = report(tmp_path)

    assert "| 400; older scripts: 100 |" in table
    assert "| 0.250; older scripts: 0.800 |" in table
    assert "| ≥ 1,000/s | **no** |" in table  # 1,000 articles in 2.5 s
    assert "0.28 / 0.40 (0.70x) | ratio 0.70-0.70 (n=1) | < 0.3 s | yes |" in table


def test_the_qr_bench_times_codes_of_mirror_urls() -> None:
    from bench import qr

    result = qr.measure(codes=20, rounds=1)
    assert result["codes"] == 20
    assert 0 < float(result["cpu_ms_per_code"]) < 1000  # type: ignore[arg-type]
    assert 200 < float(result["png_bytes_mean"]) < 1000  # type: ignore[arg-type]


def test_the_extraction_pairs_bench_times_both_sides_page_by_page() -> None:
    from bench import extraction_pairs

    result = extraction_pairs.pairs(extraction_pairs.site_pages(2), rounds=1)
    assert result["pages"] == 2 and result["ratio"] > 0


ORPHAN = """
import os, resource, sys
if os.fork() == 0:  # the grandchild: burns CPU after its parent is gone, as a worker does
    os.getppid()
    total = sum(i * i for i in range(3_000_000))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    with open(sys.argv[1], "w") as out:
        out.write(str(usage.ru_utime + usage.ru_stime))
    os._exit(0)
os._exit(0)  # the child: leaves without waiting, as samizdat's fork server does
"""


def test_cpu_with_children_counts_descendants_left_behind(tmp_path: Path) -> None:
    import resource
    import subprocess
    import sys

    from bench.harness import reaping

    def children_cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    burned = tmp_path / "burned"
    before = children_cpu()
    with reaping():
        subprocess.run([sys.executable, "-c", ORPHAN, str(burned)], check=True)
    assert burned.exists()  # reaping waited for the grandchild to finish
    assert children_cpu() - before >= float(burned.read_text())
