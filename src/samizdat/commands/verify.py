"""`samizdat verify [--repair]`: check that tree, store and git agree; fix what can be."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any

from samizdat.clock import system_clock
from samizdat.config import Config, load_config
from samizdat.pipeline import repair
from samizdat.pipeline._state import run_store
from samizdat.pipeline.lock import MirrorLock
from samizdat.publish.verify import Verification, verify
from samizdat.store import store_errors

NO_MIRROR = "no mirror yet: run `samizdat sync` first (nothing to verify)"
# Foreign files shown by name; a larger adopted archive is counted, not listed.
SHOWN_FOREIGN = 20


def no_mirror_yet(config: Config) -> bool:
    """Before the first sync: no store and no git work tree where the mirror goes."""
    return not config.state_path.exists() and not (config.output_dir / ".git").exists()


def check(config_path: str, notes: list[str] | None = None) -> Verification:
    """Verify the mirror; a lost or damaged store is rebuilt from the tree first (and
    said so in ``notes``)."""
    config = load_config(config_path)
    now = system_clock()
    with (
        MirrorLock(config.state_path, mirror=config.output_dir),
        store_errors(config.state_path, now),
        run_store(config, now) as (store, recovered),
    ):
        if recovered and notes is not None:
            notes.append(recovered.line())
        return verify(config, store)


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    if no_mirror_yet(config):
        if args.json:
            print(json.dumps({"ok": True, "mirror": False, "message": NO_MIRROR}, indent=2))
        else:
            print(NO_MIRROR)
        return 0
    notes: list[str] = []
    result = check(args.config, notes)
    if args.repair and not result.ok:
        with store_errors(config.state_path, system_clock()):
            report = asyncio.run(repair(config, result))
        for failure in report.failures:
            print(f"could not repair {failure.item}: {failure.reason}", file=sys.stderr)
        before = len(result.problems)
        removed = _removed(config, result)
        result = check(args.config, notes)
        notes += [f"removed {path}" for path in removed]
        if not args.json:
            notes.append(f"repaired {before - len(result.problems)} of {before} problems")
    if args.json:
        print(json.dumps(_as_json(result, notes), ensure_ascii=False, indent=2))
    else:
        _print(result, notes)
    return 0 if result.ok else 1


def _removed(config: Config, result: Verification) -> list[str]:
    """The orphans and temporaries a repair removed (those no longer on disk)."""
    return [
        p.path
        for p in result.problems
        if p.kind in ("orphan", "temporary") and not (config.output_dir / p.path).exists()
    ]


def _as_json(result: Verification, notes: list[str]) -> dict[str, Any]:
    return {
        "ok": result.ok,
        "pages": result.pages,
        "files": result.files,
        "problems": [{"kind": p.kind, "path": p.path, "detail": p.detail} for p in result.problems],
        "foreign": len(result.foreign),
        "foreign_files": list(result.foreign),
        "notes": notes,
    }


def _print(result: Verification, notes: list[str]) -> None:
    for note in notes:
        print(note)
    for problem in result.problems:
        print(problem)
    if result.foreign:
        for path in result.foreign[:SHOWN_FOREIGN]:
            print(f"foreign: {path} (not written by samizdat; left as it is)")
        if len(result.foreign) > SHOWN_FOREIGN:
            print(f"foreign: ... and {len(result.foreign) - SHOWN_FOREIGN} more")
    verdict = "ok" if result.ok else f"{len(result.problems)} problems"
    foreign = f", {len(result.foreign)} foreign files left as they are" if result.foreign else ""
    print(f"{result.files} files, {result.pages} Markdown pages checked: {verdict}{foreign}")
