"""The command line: ``samizdat <command>``; each command lives in ``commands/``.

Exit codes: 0 success; 1 the run finished but some items failed (or a run could not
finish); 2 bad usage or invalid config; 3 another run holds the mirror's lock.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from samizdat import __version__
from samizdat.errors import ConfigError, LockError, SamizdatError

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3


def _config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-c",
        "--config",
        default="samizdat.toml",
        metavar="PATH",
        help="config file (default: ./samizdat.toml); paths in it are relative to it",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="samizdat",
        description="Turn news websites into mirrors that readers behind censorship can reach.",
    )
    parser.add_argument("--version", action="version", version=f"samizdat {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = commands.add_parser("init", help="write a commented samizdat.toml to start from")
    p.add_argument("directory", nargs="?", default=".", help="where to write it (default: .)")
    p.add_argument("--force", action="store_true", help="overwrite an existing samizdat.toml")
    p.set_defaults(handler="init")

    p = commands.add_parser("sync", help="run one mirror pass")
    _config_option(p)
    p.add_argument("--no-push", action="store_true", help="commit but do not push")
    p.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    p.add_argument("--only", metavar="SOURCE[/CHANNEL]", help="limit the run to one source")
    p.add_argument("--json", action="store_true", help="print the run report as JSON")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    p.set_defaults(handler="sync")

    p = commands.add_parser("demo", help="mirror the bundled sample site (no network needed)")
    p.add_argument("--dir", default="demo", help="where to put the demo (default: ./demo)")
    p.set_defaults(handler="demo")

    p = commands.add_parser("status", help="per channel: last success, errors, counts, freshness")
    _config_option(p)
    p.add_argument("--json", action="store_true", help="print the status as JSON")
    p.set_defaults(handler="status")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        # Only the chosen command's module is imported: start-up is a good part of a
        # run that finds nothing new.
        command = importlib.import_module(f"samizdat.commands.{args.handler}")
        code: int = command.run(args)
    except ConfigError as exc:
        print(f"samizdat: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except LockError as exc:
        print(f"samizdat: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except SamizdatError as exc:
        print(f"samizdat: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("samizdat: interrupted", file=sys.stderr)
        return 130
    return code
