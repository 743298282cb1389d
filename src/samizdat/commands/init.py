"""`samizdat init`: write a commented samizdat.toml to start from."""

from __future__ import annotations

import argparse
from importlib import resources
from pathlib import Path

from samizdat.errors import ConfigError

CONFIG_NAME = "samizdat.toml"


def template_text() -> str:
    return (resources.files("samizdat.commands") / "init_config.toml").read_text("utf-8")


def run(args: argparse.Namespace) -> int:
    target = Path(args.directory) / CONFIG_NAME
    if target.exists() and not args.force:
        raise ConfigError(f"{target} already exists (use --force to overwrite it)")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(template_text(), encoding="utf-8")
    print(f"wrote {target}: edit [site] and [[sources]], then run `samizdat sync -c {target}`")
    return 0
