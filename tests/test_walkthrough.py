"""The README's "Operating a mirror" walk-through, step by step, as an operator types it.

init -> edit the worked example -> sync --dry-run -> sync -> status -> serve -> sync
again. The origin is the demo newspaper on 127.0.0.1 and the remote a bare repository.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from samizdat.cli import main
from samizdat.config import load_config
from samizdat.demo.server import SiteServer
from samizdat.preview.server import PreviewServer
from support import git


def edit_worked_example(config: Path, origin: str, remote: Path) -> None:
    """What the operator does in $EDITOR: their feeds, their remote."""
    text = config.read_text(encoding="utf-8")
    text = text.replace("https://example.org/rss/china.xml", f"{origin}/feeds/local.xml")
    text = text.replace("https://example.org/atom/world.xml", f"{origin}/feeds/world.atom")
    text = text.replace("[fetch]\n", "[fetch]\nallow_private = true   # the test origin\n")
    text = text.replace(
        '# [[publish.remotes]]\n# name = "github"\n# url = ',
        f'[[publish.remotes]]\nname = "origin"\nurl = "{remote}"\n# was: ',
    )
    config.write_text(text, encoding="utf-8")


def test_operator_walkthrough(
    tmp_path: Path,
    origin: SiteServer,
    bare_remote: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ops = tmp_path / "mirror-ops"
    config = ops / "samizdat.toml"

    assert main(["init", str(ops)]) == 0
    edit_worked_example(config, origin.base_url, bare_remote)
    assert [c.id for c in load_config(config).sources[0].channels] == ["china", "world"]
    capsys.readouterr()

    assert main(["sync", "-c", str(config), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "+ pages/china/" in out and "+ pages/world/" in out
    assert sorted(p.name for p in ops.iterdir()) == ["samizdat.toml"]

    assert main(["sync", "-c", str(config)]) == 0
    out = capsys.readouterr().out
    assert "sync summary" in out and "pushed to origin" in out
    assert git(bare_remote, "rev-parse", "refs/heads/main") == git(
        ops / "mirror", "rev-parse", "HEAD"
    )

    assert main(["status", "-c", str(config), "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    for channel in status["sources"][0]["channels"]:
        assert channel["articles"] > 0 and channel["last_error"] is None
    assert main(["status", "-c", str(config), "--html", str(ops / "status.html")]) == 0

    with (
        PreviewServer(load_config(config).output_dir) as preview,
        urllib.request.urlopen(preview.url, timeout=5) as response,
    ):
        home = response.read().decode()
    assert "<h1>My News Mirror</h1>" in home
    assert 'href="indexes/china.md"' in home

    capsys.readouterr()
    assert main(["sync", "-c", str(config)]) == 0
    assert "nothing changed: no commit" in capsys.readouterr().out
