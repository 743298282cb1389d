"""One timed ``samizdat sync``, run in a fresh interpreter by ``harness.timed_sync``.

    python -m bench.child CONFIG [--profile]

Prints one JSON object: seconds to import samizdat (after the interpreter started),
seconds inside the sync command,
peak RSS of this process (git's processes are not counted), the run report, and with
``--profile`` the time spent in each stage (see ``bench.stages``).
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import contextlib  # noqa: E402 - the clock starts before any import
import io  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402


def main() -> int:
    config = sys.argv[1]
    profile = "--profile" in sys.argv[2:]
    from samizdat import cli
    from samizdat.cli import main as samizdat_main

    # What the command imports, before the clock, the way `samizdat sync` imports it
    # (an older version, compared by bench.ab, imports it plainly).
    load_command = getattr(cli, "load_command", None)
    if load_command is not None:
        load_command("sync")
    else:
        import samizdat.commands.sync  # noqa: F401

    stages = None
    if profile:
        from bench.stages import StageClock

        stages = StageClock()
        stages.install()
    imported = time.perf_counter()
    captured = io.StringIO()
    with contextlib.redirect_stdout(captured):
        code = samizdat_main(["sync", "-c", config, "--no-push", "--json"])
    finished = time.perf_counter()
    own = resource.getrusage(resource.RUSAGE_SELF)
    result = {
        "startup_s": imported - STARTED,
        "sync_s": finished - imported,
        "rss_kb": own.ru_maxrss,
        "cpu_s": own.ru_utime + own.ru_stime,
        "exit_code": code,
        "report": json.loads(captured.getvalue() or "{}"),
    }
    if stages is not None:
        result["stages"] = stages.totals(finished - imported)
        result["stage_calls"] = dict(stages.calls)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
