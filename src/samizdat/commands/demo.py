"""`samizdat demo`: mirror the bundled sample site, no network needed."""

from __future__ import annotations

import argparse
from pathlib import Path

from samizdat.demo.runner import run_demo
from samizdat.report import summary_lines


def run(args: argparse.Namespace) -> int:
    report, config_path = run_demo(Path(args.dir))
    base = config_path.parent
    print(f"demo origin mirrored with config {config_path}")
    for line in summary_lines(report):
        print(line)
    print(f"mirror: {base / 'mirror'} (open README.md)")
    print(f"remotes: {base / 'remote.git'} (github), {base / 'remote-codeberg.git'} (codeberg)")
    print(f"folder copy: {base / 'www'}; mirror list: {base / 'mirror' / 'mirrors.json'}")
    return report.exit_code
