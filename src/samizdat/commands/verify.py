"""`samizdat verify [--repair]`: check that tree, store and git agree; fix what can be."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from samizdat.config import load_config
from samizdat.lock import MirrorLock
from samizdat.pipeline import repair
from samizdat.store import Store
from samizdat.verify import Verification, verify


def check(config_path: str) -> Verification:
    config = load_config(config_path)
    with MirrorLock(config.state_path, mirror=config.output_dir), Store(config.state_path) as store:
        return verify(config, store)


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    result = check(args.config)
    if args.repair and not result.ok:
        report = asyncio.run(repair(config, result))
        for failure in report.failures:
            print(f"could not repair {failure.item}: {failure.reason}", file=sys.stderr)
        before = len(result.problems)
        result = check(args.config)
        if not args.json:
            print(f"repaired {before - len(result.problems)} of {before} problems")
    if args.json:
        print(
            json.dumps(
                {
                    "ok": result.ok,
                    "pages": result.pages,
                    "files": result.files,
                    "problems": [
                        {"kind": p.kind, "path": p.path, "detail": p.detail}
                        for p in result.problems
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for problem in result.problems:
            print(problem)
        verdict = "ok" if result.ok else f"{len(result.problems)} problems"
        print(f"{result.files} files, {result.pages} Markdown pages checked: {verdict}")
    return 0 if result.ok else 1
