"""Progress as an operator sees it: bars on a terminal, lines in logs, silence with -q."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from samizdat.cli import main
from samizdat.commands.progress import BarProgress, LineProgress, make_progress
from samizdat.demo.server import SiteServer
from samizdat.pipeline import NoProgress
from support import write_config


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_bars_per_stage() -> None:
    screen = Terminal()
    with make_progress(quiet=False, stream=screen) as progress:
        assert isinstance(progress, BarProgress)
        progress.start("discover", 3)
        progress.advance("discover", 3)
        progress.start("articles", 40)
        progress.advance("articles", 40)
    assert "discover" in screen.getvalue()
    assert "40/40" in screen.getvalue()


def test_a_log_gets_a_line_per_stage_start_tenth_and_end() -> None:
    log = io.StringIO()
    with make_progress(quiet=False, stream=log) as progress:
        assert isinstance(progress, LineProgress)
        progress.start("discover", 3)
        for _ in range(3):
            progress.advance("discover")
        progress.start("articles", 100)
        for _ in range(100):
            progress.advance("articles")
    lines = [line.split(" ", 1)[1] for line in log.getvalue().splitlines()]
    assert all(re.match(r"\d\d:\d\d:\d\d ", line) for line in log.getvalue().splitlines())
    assert lines[0] == "discover: 3 to do"
    assert re.fullmatch(r"discover: 3/3 done in \d+\.\d s", lines[1])
    assert lines[2] == "articles: 100 to do"
    assert lines[3:12] == [f"articles: {n}/100" for n in range(10, 100, 10)]
    assert lines[12].startswith("articles: 100/100 done")
    assert len(lines) == 13


def test_quiet_is_silent() -> None:
    with make_progress(quiet=True, stream=Terminal()) as progress:
        assert isinstance(progress, NoProgress)


def test_sync_in_a_log_prints_progress_on_stderr_and_the_table_on_stdout(
    tmp_path: Path, origin: SiteServer, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, origin.base_url)
    assert main(["sync", "-c", str(config), "--no-push"]) == 0
    out, err = capsys.readouterr()
    assert "discover: 3 to do" in err and "articles: 32/32 done" in err
    assert "sync summary" in out
    assert re.search(r"│ total\s+│\s+32 │", out)
    assert "commit " in out

    assert main(["sync", "-c", str(config), "--no-push", "-q"]) == 0
    assert capsys.readouterr() == ("", "")
