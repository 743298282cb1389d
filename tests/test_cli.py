"""The command line as an operator uses it: exit codes and messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from samizdat.cli import main
from samizdat.config import load_config
from samizdat.demo.server import SiteServer
from support import write_config


def run_cli(*args: str) -> int:
    return main(list(args))


@pytest.mark.parametrize(
    ("toml", "key", "problem"),
    [
        ("[site]\ntitle='x'\n", "sources", "required key is missing"),
        (
            "[site]\ntitle='x'\nlanguage='fr'\n[[sources]]\nid='a'\n"
            "[[sources.channels]]\nid='c'\ntitle='C'\nfeed='http://e.org/f'\n",
            "site.language",
            "zh-CN",
        ),
        (
            "[site]\ntitle='x'\n[[sources]]\nid='a'\n"
            "[[sources.channels]]\nid='c'\ntitle='C'\nfeed='ftp://e.org/f'\n",
            "sources[0].channels[0].feed",
            "http",
        ),
        (
            "[site]\ntitle='x'\n[[sources]]\nid='a'\n"
            "[[sources.channels]]\nid='../etc'\ntitle='C'\nfeed='http://e.org/f'\n",
            "sources[0].channels[0].id",
            "letters",
        ),
        (
            "[site]\ntitle='x'\n[[sources]]\nid='a'\nexclude=['(']\n"
            "[[sources.channels]]\nid='c'\ntitle='C'\nfeed='http://e.org/f'\n",
            "sources[0].exclude",
            "regular expression",
        ),
        (
            "[site]\ntitle='x'\n[fetch]\ntimeout='soon'\n[[sources]]\nid='a'\n"
            "[[sources.channels]]\nid='c'\ntitle='C'\nfeed='http://e.org/f'\n",
            "fetch.timeout",
            "number",
        ),
        (
            "[site]\ntitle='x'\ntitel='y'\n[[sources]]\nid='a'\n"
            "[[sources.channels]]\nid='c'\ntitle='C'\nfeed='http://e.org/f'\n",
            "site.titel",
            "unknown key",
        ),
        (
            "[site]\ntitle='x'\n[[sources]]\nid='a'\n"
            "[[sources.channels]]\nid='c'\ntitle='C'\nfeed='http://e.org/f'\n"
            "[[sources.channels]]\nid='c'\ntitle='D'\nfeed='http://e.org/g'\n",
            "sources[0].channels[1].id",
            "duplicate",
        ),
        ("[site\ntitle='x'\n", "line 1", "not valid TOML"),
    ],
)
def test_invalid_config_exits_2_naming_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], toml: str, key: str, problem: str
) -> None:
    config = tmp_path / "samizdat.toml"
    config.write_text(toml, encoding="utf-8")
    assert run_cli("sync", "-c", str(config)) == 2
    err = capsys.readouterr().err
    assert key in err
    assert problem in err
    assert str(config) in err


def test_missing_config_exits_2_and_says_how_to_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli("sync", "-c", str(tmp_path / "nope.toml")) == 2
    assert "samizdat init" in capsys.readouterr().err


def test_init_writes_a_config_that_loads(tmp_path: Path) -> None:
    assert run_cli("init", str(tmp_path)) == 0
    config = load_config(tmp_path / "samizdat.toml")
    assert config.sources[0].channels[0].feed.startswith("https://")
    # It refuses to overwrite an operator's file.
    assert run_cli("init", str(tmp_path)) == 2


def test_sync_json_report_and_exit_code(
    tmp_path: Path, origin: SiteServer, capsys: pytest.CaptureFixture[str]
) -> None:
    channels = [
        {"id": "world", "title": "World", "feed": f"{origin.base_url}/feeds/world.atom"},
        {"id": "gone", "title": "Gone", "feed": f"{origin.base_url}/feeds/nothing.xml"},
    ]
    config = write_config(tmp_path, origin.base_url, channels=channels)
    assert run_cli("sync", "-c", str(config), "--json", "--no-push") == 1
    report = json.loads(capsys.readouterr().out)
    assert report["totals"]["new"] > 0
    assert report["exit_code"] == 1
    assert report["failures"][0]["channel"] == "gone"


def test_sync_only_one_channel(tmp_path: Path, origin: SiteServer) -> None:
    config = write_config(tmp_path, origin.base_url)
    assert run_cli("sync", "-c", str(config), "--only", "lantern/world", "-q") == 0
    assert (tmp_path / "mirror" / "pages" / "world").is_dir()
    assert not (tmp_path / "mirror" / "pages" / "local").exists()
    assert run_cli("sync", "-c", str(config), "--only", "nosuch") == 2


def test_module_entry_point_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "samizdat", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith("samizdat ")
