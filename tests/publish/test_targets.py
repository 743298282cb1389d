"""Many publish targets: git remotes on their own branches, a plain folder, the mirror
list, and credentials that never come from the config file."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
from pathlib import Path

import pytest

from faults.git_daemon import GitDaemon
from samizdat.config import Config, RemoteConfig, load_config
from samizdat.demo.server import SiteServer
from samizdat.errors import ConfigError
from samizdat.models import RunReport
from samizdat.pipeline import sync
from samizdat.publish.credentials import load_credentials, push_target
from support import git, write_config


def bare(path: Path) -> Path:
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(path)], check=True)
    return path


def targets_config(tmp_path: Path, origin: SiteServer, remotes: list[dict[str, str]]) -> Path:
    config = write_config(
        tmp_path, origin.base_url, channels=[
            {"id": "local", "title": "本地", "feed": f"{origin.base_url}/feeds/local.xml"}
        ],
    )  # fmt: skip
    lines = []
    for remote in remotes:
        lines.append("[[publish.remotes]]")
        lines += [f'{key} = "{value}"' for key, value in remote.items()]
    lines += ["[[publish.directories]]", 'name = "folder"', 'path = "www"']
    text = config.read_text(encoding="utf-8")
    head, sources = text.split("[[sources]]", 1)
    config.write_text(head + "\n".join(lines) + "\n[[sources]]" + sources, encoding="utf-8")
    return config


def run(config: Path) -> RunReport:
    return asyncio.run(sync(load_config(config)))


def tracked(mirror: Path) -> set[str]:
    return set(git(mirror, "ls-files").splitlines())


def folder_files(folder: Path) -> set[str]:
    files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    return files - {".samizdat-commit"}


def test_every_target_gets_the_commit_and_the_mirror_lists_them(
    tmp_path: Path, origin: SiteServer
) -> None:
    github, codeberg = bare(tmp_path / "github.git"), bare(tmp_path / "codeberg.git")
    config = targets_config(tmp_path, origin, [
        {"name": "github", "url": str(github),
         "page_url": "https://github.com/o/r/blob/{branch}/{path}"},
        {"name": "codeberg", "url": str(codeberg), "branch": "pages",
         "page_url": "https://codeberg.org/o/r/src/branch/{branch}/{path}"},
    ])  # fmt: skip
    report = run(config)
    mirror = tmp_path / "mirror"
    head = git(mirror, "rev-parse", "HEAD")

    assert report.exit_code == 0
    assert sorted(report.pushed) == ["codeberg", "folder", "github"]
    assert git(github, "rev-parse", "main") == head
    assert git(codeberg, "rev-parse", "pages") == head  # its own branch
    folder = tmp_path / "www"
    assert folder_files(folder) == tracked(mirror)
    page = "pages/local/a1001.md"
    assert (folder / page).read_bytes() == (mirror / page).read_bytes()

    listing = json.loads((mirror / "mirrors.json").read_text(encoding="utf-8"))
    assert [(m["name"], m["page_url"]) for m in listing["mirrors"]] == [
        ("github", "https://github.com/o/r/blob/main/{path}"),
        ("codeberg", "https://codeberg.org/o/r/src/branch/pages/{path}"),
    ]
    text = (mirror / page).read_text(encoding="utf-8")
    # The page names the copies other than the one its share link points at.
    assert "[codeberg](https://codeberg.org/o/r/src/branch/pages/pages/local/a1001.md)" in text
    assert "[github](" not in text
    assert "codeberg.org/o/r/src/branch/pages/README.md" in (mirror / "README.md").read_text(
        encoding="utf-8"
    )


def test_a_failing_remote_does_not_stop_the_others_and_catches_up(
    tmp_path: Path, site_dir: Path, origin: SiteServer
) -> None:
    good = bare(tmp_path / "good.git")
    down = tmp_path / "down.git"  # not there yet
    config = targets_config(tmp_path, origin, [
        {"name": "down", "url": str(down)}, {"name": "good", "url": str(good)},
    ])  # fmt: skip
    first = run(config)
    head = git(tmp_path / "mirror", "rev-parse", "HEAD")
    assert first.push_failed == ["down"] and sorted(first.pushed) == ["folder", "good"]
    assert first.exit_code == 1
    assert any("remote down" in f.item for f in first.failures)

    bare(down)
    second = run(config)  # nothing new at the origin: no commit, but the catch-up push
    assert second.commit is None
    assert second.pushed == ["down"]
    assert git(down, "rev-parse", "main") == head


def test_the_folder_follows_changes_and_removals(
    tmp_path: Path, site_dir: Path, origin: SiteServer
) -> None:
    config = targets_config(tmp_path, origin, [])
    run(config)
    folder, mirror = tmp_path / "www", tmp_path / "mirror"
    stray = folder / "pages" / "local" / "stray.md"
    stray.write_text("left by someone", encoding="utf-8")
    # Keep three articles: the others' pages leave the mirror and the folder.
    text = config.read_text(encoding="utf-8").replace(
        "max_per_channel = 300", "max_per_channel = 3"
    )
    config.write_text(text, encoding="utf-8")
    report = run(config)
    assert report.counts("local").removed > 0
    assert folder_files(folder) == tracked(mirror) | {"pages/local/stray.md"}
    assert len(list((folder / "pages" / "local").glob("a*.md"))) == 3

    # A folder replaced by an empty one gets a full copy; what others put there stays.
    subprocess.run(["rm", "-rf", str(folder)], check=True)
    folder.mkdir()
    (folder / "junk.txt").write_text("x", encoding="utf-8")
    run(config)
    assert folder_files(folder) == tracked(mirror) | {"junk.txt"}


def test_the_folder_after_a_lost_store_keeps_foreign_files(
    tmp_path: Path, site_dir: Path, origin: SiteServer
) -> None:
    config = targets_config(tmp_path, origin, [])
    run(config)
    folder, mirror = tmp_path / "www", tmp_path / "mirror"
    (folder / "index.html").write_text("the operator's own page", encoding="utf-8")
    (folder / "pages" / "local" / "old.md").write_text("an old tool's page", encoding="utf-8")
    # The store (which remembers what the folder got) is lost; retention then removes
    # pages: the folder loses those, and only those.
    for path in tmp_path.glob("samizdat.db*"):
        path.unlink()
    text = config.read_text(encoding="utf-8").replace(
        "max_per_channel = 300", "max_per_channel = 3"
    )
    config.write_text(text, encoding="utf-8")
    report = run(config)
    assert report.store_rebuilt and report.counts("local").removed > 0
    assert folder_files(folder) == tracked(mirror) | {"index.html", "pages/local/old.md"}
    assert (folder / "index.html").read_text(encoding="utf-8") == "the operator's own page"


def minimal_config(tmp_path: Path, publish: dict[str, object]) -> Config:
    return Config.model_validate(
        {
            "site": {"title": "t"},
            "publish": publish,
            "sources": [
                {"id": "s", "channels": [{"id": "c", "title": "c", "feed": "https://e.org/f"}]}
            ],
            "base_dir": tmp_path,
        }
    )


def test_a_token_written_in_the_config_is_refused() -> None:
    with pytest.raises(ValueError, match="holds a password or token"):
        RemoteConfig(name="gh", url="https://bot:ghp_abc123@github.com/o/r.git")
    assert RemoteConfig(name="gh", url="https://bot:${GH_TOKEN}@github.com/o/r.git")


def test_credentials_file_supplies_token_and_ssh_key(tmp_path: Path) -> None:
    secrets = tmp_path / "credentials.toml"
    secrets.write_text(
        '[github]\ntoken = "ghp_SECRET"\n[box]\nssh_key = "/keys/id_ed25519"\n', encoding="utf-8"
    )
    secrets.chmod(0o600)
    config = minimal_config(
        tmp_path,
        {
            "credentials_file": "credentials.toml",
            "remotes": [
                {"name": "gh", "url": "https://github.com/o/r.git", "credentials": "github"},
                {"name": "box", "url": "ssh://git@box.example/r.git", "credentials": "box"},
            ],
        },
    )
    credentials = load_credentials(config)
    gh = push_target(config.publish.remotes[0], credentials)
    assert gh.url == "https://x-access-token:ghp_SECRET@github.com/o/r.git"
    assert "ghp_SECRET" in gh.secrets  # so every message about this push hides it
    box = push_target(config.publish.remotes[1], credentials)
    assert box.url == "ssh://git@box.example/r.git"
    assert "-i /keys/id_ed25519" in box.env["GIT_SSH_COMMAND"]


def test_a_credentials_file_others_can_read_is_refused(tmp_path: Path) -> None:
    secrets = tmp_path / "credentials.toml"
    secrets.write_text('[github]\ntoken = "x"\n', encoding="utf-8")
    secrets.chmod(0o644)
    config = minimal_config(tmp_path, {"credentials_file": str(secrets)})
    with pytest.raises(ConfigError, match="chmod 600"):
        load_credentials(config)


def test_credentials_path_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secrets = tmp_path / "elsewhere.toml"
    secrets.write_text('[github]\nusername = "bot"\ntoken = "t0k"\n', encoding="utf-8")
    os.chmod(secrets, 0o600)
    monkeypatch.setenv("SAMIZDAT_CREDENTIALS", str(secrets))
    config = minimal_config(
        tmp_path,
        {"remotes": [{"name": "gh", "url": "https://github.com/o/r.git", "credentials": "github"}]},
    )
    target = push_target(config.publish.remotes[0], load_credentials(config))
    assert target.url == "https://bot:t0k@github.com/o/r.git"


def test_a_missing_credentials_section_names_the_remote(tmp_path: Path) -> None:
    config = minimal_config(
        tmp_path,
        {"remotes": [{"name": "gh", "url": "https://github.com/o/r.git", "credentials": "nope"}]},
    )
    with pytest.raises(ConfigError, match=r"remote gh: no \[nope\]"):
        push_target(config.publish.remotes[0], {})


def test_three_remotes_on_git_daemon_one_failing(tmp_path: Path, origin: SiteServer) -> None:
    (tmp_path / "served").mkdir()
    with GitDaemon(tmp_path / "served") as daemon:
        daemon.bare("github")
        daemon.bare("gitee")
        # "codeberg" is not there yet: the daemon refuses it like a host that is down.
        config = targets_config(tmp_path, origin, [
            {"name": "github", "url": daemon.url("github")},
            {"name": "codeberg", "url": daemon.url("codeberg")},
            {"name": "gitee", "url": daemon.url("gitee")},
        ])  # fmt: skip
        first = run(config)
        head = git(tmp_path / "mirror", "rev-parse", "HEAD")
        assert sorted(first.pushed) == ["folder", "gitee", "github"]
        assert first.push_failed == ["codeberg"]
        for name in ("github", "gitee"):
            assert git(tmp_path / "served" / f"{name}.git", "rev-parse", "main") == head

        daemon.bare("codeberg")
        second = run(config)
        assert second.commit is None and second.pushed == ["codeberg"]
        assert git(tmp_path / "served" / "codeberg.git", "rev-parse", "main") == head
