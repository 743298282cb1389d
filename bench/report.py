"""The results table: bench/results/<quick|full>/*.json summarised in Markdown."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

# The targets of the performance issue (2 cores, loopback origin).
RSS_MB = 150
COLD_PER_S = 1000
NOOP_S = 0.3
EXTRACTION_RATIO = 1.1
INCREMENTAL_S = 1.0


def _load(directory: Path) -> dict[str, dict[str, Any]]:
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(directory.glob("*.json"))
    }


def _range(stat: dict[str, float], fmt: str) -> str:
    return f"{stat['min']:{fmt}}-{stat['max']:{fmt}} (n={stat['n']})"


def _rss_row(s: dict[str, Any]) -> str:
    """The peak-RSS row of a scenario's summary ``s``."""
    rss = s["rss_mb"]
    return _row("", "peak RSS (MB)", f"{rss['median']:.0f}", _range(rss, ".0f"), f"< {RSS_MB}",
                _met(rss["max"] < RSS_MB))  # fmt: skip


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def report(directory: Path) -> str:
    results = _load(directory)
    if not results:
        return "no results yet\n"
    lines = _header(results)
    lines += [
        _row("scenario", "measure", "median", "range", "target", "met"),
        _row(*["---"] * 6),
    ]
    for name in sorted(results, key=_order):
        lines += _rows(name, results[name], _baseline(results))
    rss = [
        r["rss_mb"]
        for data in results.values()
        for r in data["runs"]
        if "rss_mb" in r and not data["scenario"].startswith("noop")
    ]
    if rss:
        lines.append(
            _row(
                "all runs",
                "peak RSS of samizdat (MB)",
                f"{max(rss):.0f} (max)",
                "",
                f"< {RSS_MB}",
                _met(max(rss) < RSS_MB),
            )
        )
    if profile := next((d for n, d in results.items() if n.startswith("profile")), None):
        lines += ["", *_profile(profile)]
    return "\n".join(lines) + "\n"


def _order(name: str) -> tuple[int, int]:
    order = ("cold", "baseline", "extraction", "noop", "incremental", "converter", "profile")
    kind = next((i for i, prefix in enumerate(order) if name.startswith(prefix)), len(order))
    size = int(name.rsplit("_", 1)[1]) if name.rsplit("_", 1)[-1].isdigit() else 0
    return kind, size


def _header(results: dict[str, dict[str, Any]]) -> list[str]:
    first = next(iter(results.values()))
    m = first["machine"]
    loads = [x for d in results.values() for x in (*d["load_before"][:1], *d["load_after"][:1])]
    load = f"{min(loads):.1f}-{max(loads):.1f}" if loads else "?"
    dates = sorted(d["measured_at"] for d in results.values())
    return [
        f"Machine: {m['cpu']}, {m['cores']} cores; Python {m['python']}; git {m['git']};"
        f" {m['system']}. 1-minute load average during the runs: {load}."
        f" Measured {dates[0][:16]} to {dates[-1][:16]}.",
        "",
    ]


def _met(ok: bool) -> str:
    return "yes" if ok else "**no**"


def _baseline(results: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The older scripts' figures of this run's baseline scenario, by case (or none)."""
    found = next((d for n, d in sorted(results.items()) if n.startswith("baseline")), None)
    return found["summary"] | {"params": found["params"]} if found else {}


def _beside(baseline: dict[str, Any], case: str, fmt: Callable[[float], str]) -> str:
    """The older scripts' median wall time for ``case``, as ``fmt`` shows it."""
    if case not in baseline:
        return ""
    return f"; older scripts: {fmt(baseline[case]['legacy_wall_s']['median'])}"


def _rows(name: str, data: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
    s, p = data["summary"], data["params"]
    if name.startswith("cold"):
        rate = s["articles_per_s"]
        return [
            _row(
                f"cold {p['articles']:,}",
                "articles/s, whole process",
                f"{rate['median']:.0f}" + _cold_beside(baseline, p["articles"]),
                _range(rate, ".0f"),
                f"≥ {COLD_PER_S:,}",
                _met(rate["median"] >= COLD_PER_S),
            ),
            _row(
                "",
                "articles/s, inside sync (no start-up)",
                f"{s['articles_per_s_in_sync']['median']:.0f}",
                _range(s["articles_per_s_in_sync"], ".0f"),
                "",
                "",
            ),
            _rss_row(s),
            *_cpu_row(s),
        ]
    if name == "extraction":
        ratio = s["ratio"]
        return [
            _row(
                f"extraction {p['pages']} pages (~{p['page_kb']} kB)",
                "samizdat / trafilatura.extract (CPU per page)",
                f"{ratio['median']:.2f}x",
                _range(ratio, ".2f"),
                f"≤ {EXTRACTION_RATIO}x",
                _met(ratio["median"] <= EXTRACTION_RATIO),
            ),
            _row(
                "",
                "ms per page: trafilatura / samizdat",
                f"{s['trafilatura_ms_per_page']['median']:.2f} /"
                f" {s['samizdat_ms_per_page']['median']:.2f}",
                "",
                "",
                "",
            ),
            _row(
                "",
                "extract + transform / trafilatura",
                f"{s['ratio_with_transform']['median']:.2f}x",
                _range(s["ratio_with_transform"], ".2f"),
                "",
                "",
            ),
        ]
    if name == "noop":
        wall = s["wall_s"]
        return [
            _row(
                f"no-op, {p['feeds']} feeds (304)",
                "wall time of the run (s)",
                f"{wall['median']:.3f}" + _beside(baseline, "noop_304", lambda v: f"{v:.3f}"),
                _range(wall, ".3f"),
                f"< {NOOP_S}",
                _met(wall["median"] < NOOP_S),
            ),
            _row(
                "",
                "of which start-up + imports / sync (s)",
                f"{s['startup_s']['median']:.3f} / {s['sync_s']['median']:.3f}",
                "",
                "",
                "",
            ),
        ]
    if name.startswith("incremental"):
        wall = s["wall_s"]
        target = p["pages"] >= 100_000
        return [
            _row(
                f"incremental, {p['new']} new into {p['pages']:,}",
                "wall time incl. git commit (s)",
                f"{wall['median']:.3f}",
                _range(wall, ".3f"),
                f"< {INCREMENTAL_S:g}" if target else f"(< {INCREMENTAL_S:g} at 100,000)",
                _met(wall["median"] < INCREMENTAL_S) if target else "",
            ),
            _rss_row(s),
        ]
    if name == "converter":
        rows = []
        for kind in ("corpus", "synthetic"):
            label = (
                f"{p['corpus_files']} test-corpus files"
                if kind == "corpus"
                else f"{p['synthetic']} synthetic articles"
            )
            rows.append(
                _row(
                    f"converter, {label}",
                    "µs per article: samizdat / markdownify",
                    f"{s[f'{kind}_samizdat_us']['median']:.0f} /"
                    f" {s[f'{kind}_markdownify_us']['median']:.0f}",
                    f"ratio {s[f'{kind}_ratio']['median']:.2f}x",
                    "",
                    "",
                )
            )
        return rows
    if name.startswith("baseline"):
        return _baseline_rows(s, p)
    return []


_BASELINE_CASES = (
    ("cold", "cold, {articles:,} articles"),
    ("noop_200", "nothing new, one {articles:,}-item feed (200, no validators)"),
    ("noop_304", "nothing new, {noop_feeds} feeds (samizdat: 304)"),
)


def _baseline_rows(s: dict[str, Any], p: dict[str, Any]) -> list[str]:
    """samizdat beside the older scripts, measured in the same run, A/B interleaved."""
    rows = []
    for case, label in _BASELINE_CASES:
        if case not in s:
            continue
        c = s[case]
        wall = c["samizdat_wall_s"]["median"]
        if case == "cold":
            target, met = f"≥ {COLD_PER_S:,}/s", _met(p["articles"] / wall >= COLD_PER_S)
        else:
            target, met = f"< {NOOP_S} s", _met(wall < NOOP_S)
        rows.append(
            _row(
                label.format(**p),
                "wall s: samizdat / older scripts (ratio)",
                f"{wall:.2f} / {c['legacy_wall_s']['median']:.2f}"
                f" ({c['wall_ratio']['median']:.2f}x)",
                f"ratio {_range(c['wall_ratio'], '.2f')}",
                target,
                met,
            )
        )
        rows.append(
            _row(
                "",
                "CPU s with children: samizdat / older scripts",
                f"{c['samizdat_cpu_s']['median']:.2f} / {c['legacy_cpu_s']['median']:.2f}"
                f" ({c['cpu_ratio']['median']:.2f}x)",
                "",
                "",
                "",
            )
        )
    return rows


def _cold_beside(baseline: dict[str, Any], articles: int) -> str:
    """The older scripts' rate on a cold run of as many articles, when measured."""
    if "cold" not in baseline or baseline["params"]["articles"] != articles:
        return ""
    return _beside(baseline, "cold", lambda wall: f"{articles / wall:.0f}")


def _cpu_row(s: dict[str, Any]) -> list[str]:
    if "cpu_ms_per_article" not in s:
        return []
    cpu = s["cpu_ms_per_article"]
    label = "CPU ms per article in the run's own process (not its workers)"
    return [_row("", label, f"{cpu['median']:.2f}", _range(cpu, ".2f"), "", "")]


def _profile(data: dict[str, Any]) -> list[str]:
    s, p = data["summary"], data["params"]
    lines = [
        f"Stage profile of a cold run of {p['articles']:,} articles:",
        "",
        _row("stage", "seconds", "share of wall time", "ms per article"),
        _row(*["---"] * 4),
    ]
    for stage, seconds in s["stages_s"].items():
        share = f"{s['stages_pct'][stage]:.0f} %" if not stage.startswith("images") else "(beside)"
        lines.append(_row(stage, f"{seconds:.2f}", share, f"{s['ms_per_article'][stage]:.2f}"))
    if "cpu_ms_per_article" in s:
        lines += [
            "",
            f"Everything in one process (no workers), an article costs"
            f" {s['cpu_ms_per_article']:.2f} ms of CPU (git's own processes apart).",
        ]
    return lines
