"""The package's shape: small modules, short functions, one path scheme, typed records."""

from __future__ import annotations

import ast
from pathlib import Path

import samizdat

PACKAGE = Path(samizdat.__file__).parent
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_the_package_has_modules_to_check() -> None:
    assert len(modules()) > 50


def test_no_module_is_over_400_lines() -> None:
    lines = {path: len(path.read_text(encoding="utf-8").splitlines()) for path in modules()}
    over = [f"{p.relative_to(PACKAGE)}: {n}" for p, n in lines.items() if n > MAX_MODULE_LINES]
    assert over == []


def test_no_function_is_over_80_lines() -> None:
    over = []
    for path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    over.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}: {length}")
    assert over == []


def test_the_path_scheme_is_defined_once() -> None:
    """``VARIANTS``, ``relative()`` and the mirror list's name live in ``layout`` only."""
    defined: dict[str, list[str]] = {}
    for path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in tree.body:
            names = []
            if isinstance(node, ast.FunctionDef):
                names = [node.name]
            elif isinstance(node, ast.Assign):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            for name in names:
                if name in ("VARIANTS", "relative", "MIRRORS_JSON", "classify"):
                    defined.setdefault(name, []).append(str(path.relative_to(PACKAGE)))
    assert defined == {
        name: ["layout.py"] for name in ("VARIANTS", "relative", "MIRRORS_JSON", "classify")
    }
    assert not any('"mirrors.json"' in p.read_text(encoding="utf-8") for p in modules()
                   if p.name != "layout.py")  # fmt: skip


def test_a_run_report_reads_back_as_it_was_written() -> None:
    """The report the store keeps is read through ``RunReport.from_json``, not by keys."""
    import json
    from datetime import UTC, datetime

    from samizdat.models import ItemFailure, PageOverBudget, RunReport
    from samizdat.pipeline.report import report_to_json

    report = RunReport(started=datetime(2026, 3, 1, 23, 59, 58, tzinfo=UTC))
    report.finished = datetime(2026, 3, 2, 0, 0, 3, tzinfo=UTC)
    report.counts("world").new = 3
    report.counts("gone").feed_failed = True
    report.failures.append(ItemFailure("src", "gone", "https://e.org/f", "HTTP 404", "feed"))
    report.pushed, report.push_failed = ["origin"], ["backup"]
    report.commit, report.unreachable = "abc123", {"e.org:443": "DNS: no such host"}
    report.store_rebuilt = "the store was rebuilt from the mirror: 3 articles"
    report.page_over_budget(PageOverBudget("world", "pages/world/a1.md", 412_000))
    again = RunReport.from_json(json.dumps(report_to_json(report)))
    assert again == report and again.exit_code == 1


def imported_modules(path: Path) -> set[str]:
    """Every ``samizdat`` module a file imports, at its top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module == "samizdat":
            found |= {f"samizdat.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {name for name in found if name.startswith("samizdat")}


def test_the_middle_is_pure() -> None:
    """transform, render and compose reach no store, network, tree or run."""
    edges = ("samizdat.store", "samizdat.fetch", "samizdat.publish", "samizdat.pipeline")
    middle = [
        *(PACKAGE / "transform").rglob("*.py"),
        *(PACKAGE / "render").rglob("*.py"),
    ]
    reaching = {
        f"{path.relative_to(PACKAGE)} -> {name}"
        for path in middle
        for name in imported_modules(path)
        if name.startswith(edges)
    }
    assert reaching == set()


def test_navigation_is_rendered_not_composed() -> None:
    """Indexes take the run's renderers: they neither compose pages nor transform text."""
    assert not {
        name
        for name in imported_modules(PACKAGE / "publish" / "indexes.py")
        if name.startswith(("samizdat.render.compose", "samizdat.transform"))
    }


# What every stage shares stays at the package's root; the rest lives in its stage's room.
ROOT_MODULES = {
    "__init__", "__main__", "cli", "clock", "errors", "faults", "layout", "localtime", "logs",
    "models",
}  # fmt: skip


def test_the_package_root_holds_only_what_every_stage_shares() -> None:
    assert {path.stem for path in PACKAGE.glob("*.py")} == ROOT_MODULES


def test_imports_point_down_to_the_tree_reader() -> None:
    """The store reads the tree through ``tree/``, not ``publish``; ``tree/`` imports
    no stage, so every reader of the mirror (store, publish, site, bundle) can use it."""
    below = ("samizdat.errors", "samizdat.layout", "samizdat.tree")
    upward = {
        f"{path.relative_to(PACKAGE)} -> {name}"
        for path in (PACKAGE / "tree").rglob("*.py")
        for name in imported_modules(path)
        if not name.startswith(below)
    }
    upward |= {
        f"{path.relative_to(PACKAGE)} -> {name}"
        for path in (PACKAGE / "store").rglob("*.py")
        for name in imported_modules(path)
        if name.startswith(("samizdat.publish", "samizdat.pipeline"))
    }
    assert upward == set()
