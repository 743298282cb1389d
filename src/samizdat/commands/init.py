"""`samizdat init`: write a commented samizdat.toml to start from, and a CI workflow.

Nothing is asked: the files are a worked example to edit. Existing files are kept
(``--force`` overwrites them), so ``init --ci github`` can add a workflow later.
"""

from __future__ import annotations

import argparse
from importlib import resources
from pathlib import Path

from samizdat.commands._install_spec import install_spec, installed
from samizdat.config import load_config
from samizdat.errors import ConfigError

CONFIG_NAME = "samizdat.toml"
WORKFLOW_PATH = Path(".github") / "workflows" / "samizdat.yml"
_REMOTE_EXAMPLE = """\
# [[publish.remotes]]
# name = "github"
# url = "https://x-access-token:${SAMIZDAT_PUSH_TOKEN}@github.com/OWNER/MIRROR.git"
"""
_GITIGNORE = """\
# Written by `samizdat init --ci github`: the mirror is its own repository, and the
# state store lives in the CI cache (and on the operator's machine).
/mirror/
/samizdat.db
/samizdat.db-*
/samizdat.db.lock
"""


def _resource(name: str) -> str:
    return (resources.files("samizdat.commands") / name).read_text("utf-8")


def template_text(*, with_remote: bool = False) -> str:
    text = _resource("init_config.toml")
    if with_remote:
        enabled = "".join(line.removeprefix("# ") + "\n" for line in _REMOTE_EXAMPLE.splitlines())
        text = text.replace(_REMOTE_EXAMPLE, enabled)
    return text


def workflow_text(root: Path, config_path: Path, spec: str) -> str:
    """The GitHub Actions workflow for the config at ``config_path`` in repo ``root``,
    installing samizdat with the pip requirement ``spec``."""
    config = load_config(config_path)

    def relative(path: Path) -> str:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            raise ConfigError(
                f"{path} is outside {root}: the CI workflow needs the config, mirror and"
                " state inside the repository it runs in"
            ) from None

    replacements = {
        "@CONFIG_PATH@": relative(config_path),
        "@CONFIG@": config_path.name,
        "@OUTPUT_PATH@": relative(config.output_dir),
        "@OUTPUT@": config.paths.output,
        "@STATE_PATH@": relative(config.state_path),
        "@STATE@": config.paths.state,
        "@SPEC@": spec.replace("\\", "\\\\").replace('"', '\\"'),
    }
    text = _resource("ci_github.yml")
    for marker, value in replacements.items():
        text = text.replace(marker, value)
    return text


def _write(path: Path, text: str, *, force: bool, written: list[Path]) -> None:
    if path.exists() and not force:
        print(f"kept {path} (exists; --force overwrites it)")
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    written.append(path)
    print(f"wrote {path}")


def run(args: argparse.Namespace) -> int:
    root = Path(args.directory)
    config_path = Path(args.config) if args.config else root / CONFIG_NAME
    if args.config and args.directory == ".":
        root = config_path.parent
    ci = args.ci == "github"
    if args.install_from is not None and not ci:
        raise ConfigError(
            "--install-from names where the CI workflow gets samizdat: add --ci github"
        )
    targets = [config_path] + ([root / WORKFLOW_PATH] if ci else [])
    if all(path.exists() for path in targets) and not args.force:
        raise ConfigError(
            " and ".join(str(p) for p in targets) + " already exist (--force overwrites)"
        )
    # Where the workflow gets samizdat is settled before anything is written.
    spec = install_spec(installed(), args.install_from) if ci else ""
    written: list[Path] = []
    _write(config_path, template_text(with_remote=ci), force=args.force, written=written)
    if ci:
        _write(root / WORKFLOW_PATH, workflow_text(root, config_path, spec), force=args.force,
               written=written)  # fmt: skip
        _write(root / ".gitignore", _GITIGNORE, force=False, written=written)
    print(f"next: edit {config_path} ([site], [[sources]]), then `samizdat sync -c {config_path}"
          " --dry-run`")  # fmt: skip
    if ci:
        print(f"then: follow the steps at the top of {root / WORKFLOW_PATH}")
    return 0
