"""`samizdat init`: a config to start from and, with --ci github, a scheduled workflow."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from samizdat.cli import main
from samizdat.config import load_config

# The samizdat running the tests is an editable install: the workflow needs a place.
PINNED = "git+https://git.example.org/samizdat.git@0123456789abcdef0123456789abcdef01234567"


def steps_by_name(workflow: dict[str, Any]) -> dict[str, dict[str, Any]]:
    (job,) = workflow["jobs"].values()
    return {step.get("name", step.get("uses", "")): step for step in job["steps"]}


def test_init_ci_github_writes_a_scheduled_workflow_that_matches_the_config(
    tmp_path: Path,
) -> None:
    assert main(["init", str(tmp_path), "--ci", "github", "--install-from", PINNED]) == 0

    config = load_config(tmp_path / "samizdat.toml")
    (remote,) = config.publish.remotes
    assert "${SAMIZDAT_PUSH_TOKEN}@github.com/" in remote.url
    workflow = yaml.safe_load((tmp_path / ".github/workflows/samizdat.yml").read_text("utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads `on` as true
    assert triggers["schedule"][0]["cron"] == "*/30 * * * *"
    assert "workflow_dispatch" in triggers
    assert workflow["concurrency"]["cancel-in-progress"] is False
    steps = steps_by_name(workflow)

    sync = steps["Sync"]
    assert sync["run"] == "samizdat sync -c samizdat.toml"
    assert sync["env"] == {"SAMIZDAT_PUSH_TOKEN": "${{ secrets.SAMIZDAT_PUSH_TOKEN }}"}
    assert steps["Install samizdat"]["run"] == 'pip install "$SAMIZDAT_SPEC"'
    assert workflow["env"]["SAMIZDAT_SPEC"] == f"samizdat @ {PINNED}"
    mirror = steps["Check out the mirror"]["with"]
    assert mirror["path"] == config.paths.output
    assert mirror["persist-credentials"] is False
    for name in ("Restore the state store", "Save the state store"):
        assert steps[name]["with"]["path"] == config.paths.state
    order = list(steps)
    assert order.index("Restore the state store") < order.index("Sync")
    assert order.index("Sync") < order.index("Save the state store")
    assert "always()" in steps["Save the state store"]["if"]  # kept even if items failed
    assert "/mirror/" in (tmp_path / ".gitignore").read_text("utf-8")


def test_init_ci_github_adds_a_workflow_next_to_an_existing_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", str(tmp_path)]) == 0
    before = (tmp_path / "samizdat.toml").read_bytes()
    assert main(["init", str(tmp_path), "--ci", "github", "--install-from", PINNED]) == 0
    assert (tmp_path / "samizdat.toml").read_bytes() == before
    assert (tmp_path / ".github/workflows/samizdat.yml").is_file()
    assert "kept" in capsys.readouterr().out
    argv = ["init", str(tmp_path), "--ci", "github", "--install-from", PINNED]
    assert main(argv) == 2  # nothing left to write


def test_init_config_option_names_the_file(tmp_path: Path) -> None:
    target = tmp_path / "ops" / "news.toml"
    assert main(["init", "-c", str(target), "--ci", "github", "--install-from", PINNED]) == 0
    load_config(target)
    workflow = (tmp_path / "ops" / ".github/workflows/samizdat.yml").read_text("utf-8")
    assert "samizdat sync -c news.toml" in workflow


def test_init_template_is_a_worked_example(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path)]) == 0
    config = load_config(tmp_path / "samizdat.toml")
    kinds = [c.kind for c in config.sources[0].channels]
    assert kinds == ["rss", "atom"]
    assert config.publish.remotes == []  # no push until the operator adds a remote
    text = (tmp_path / "samizdat.toml").read_text("utf-8")
    for command in ("sync --dry-run", "status", "serve", "watch --every 15m"):
        assert f"samizdat {command}" in text


def test_the_licence_file_is_the_declared_licence_and_the_urls_are_declared() -> None:
    import hashlib
    import tomllib
    from importlib.metadata import metadata

    root = Path(__file__).resolve().parents[2]
    project = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["license"] == "AGPL-3.0-or-later"
    assert project["license-files"] == ["LICENSE"]
    text = (root / "LICENSE").read_bytes()
    assert text.startswith(b"                    GNU AFFERO GENERAL PUBLIC LICENSE\n")
    assert b"Version 3, 19 November 2007" in text[:200]
    # The FSF's agpl-3.0.txt, byte for byte.
    digest = "0d96a4ff68ad6d4b6f1f30f713b18d5184912ba8dd389f86aa7710db079abcb0"
    assert hashlib.sha256(text).hexdigest() == digest
    assert project["urls"]["Source"].startswith("https://")
    urls = metadata("samizdat").get_all("Project-URL") or []
    assert any(entry.startswith("Source, ") for entry in urls)
