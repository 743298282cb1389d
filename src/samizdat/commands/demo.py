"""`samizdat demo`: mirror the bundled sample site, no network needed.

With ``--serve`` the sample origin keeps running after the demo's sync (until Ctrl-C or
SIGTERM), so a newcomer can try `sync`, `status`, `watch` and `verify` against it with
the config the demo wrote.
"""

from __future__ import annotations

import argparse
import shlex
import signal
import threading
from pathlib import Path
from types import FrameType

from samizdat.demo.runner import run_demo
from samizdat.demo.server import SiteServer
from samizdat.models import RunReport
from samizdat.pipeline.report import summary_lines


def _print_summary(report: RunReport, config_path: Path) -> None:
    base = config_path.parent
    print(f"demo origin mirrored with config {config_path}")
    for line in summary_lines(report):
        print(line)
    print(f"mirror: {base / 'mirror'} (open README.md)")
    print(f"remotes: {base / 'remote.git'} (github), {base / 'remote-codeberg.git'} (codeberg)")
    print(f"folder copy: {base / 'www'}; mirror list: {base / 'mirror' / 'mirrors.json'}")


def _serve_until_stopped(report: RunReport, config_path: Path, server: SiteServer) -> None:
    """Print what to try against the running origin, then wait for Ctrl-C or SIGTERM."""
    _print_summary(report, config_path)
    config = shlex.quote(str(config_path))
    print(f"\nthe demo origin stays up at {server.base_url}; in another terminal, try:")
    for command in (
        f"samizdat sync -c {config}",
        f"samizdat status -c {config}",
        f"samizdat watch -c {config} --every 1m",
        f"samizdat verify -c {config}",
        f"samizdat serve -c {config}",
    ):
        print(f"  {command}")
    print("Ctrl-C to stop the demo origin", flush=True)
    stopped = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        stopped.set()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        while not stopped.wait(3600):
            pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("demo origin stopped", flush=True)


def run(args: argparse.Namespace) -> int:
    if getattr(args, "serve", False):
        report, _ = run_demo(Path(args.dir), then=_serve_until_stopped)
        return report.exit_code
    report, config_path = run_demo(Path(args.dir))
    _print_summary(report, config_path)
    return report.exit_code
