"""The command line: ``samizdat <command>``; each command lives in ``commands/``.

Exit codes: 0 success; 1 the run finished but some items failed (or a run could not
finish); 2 bad usage or invalid config; 3 another run holds the mirror's lock.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING

from samizdat import __version__
from samizdat.commands._args import (
    BUNDLE_FORMATS,
    bind_address,
    parse_duration,
    parse_grace,
    port_number,
    positive,
)
from samizdat.errors import ConfigError, LockError, SamizdatError
from samizdat.logs import FORMATS, LEVELS, level_for, setup_logging

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3

if TYPE_CHECKING:
    Commands = argparse._SubParsersAction[argparse.ArgumentParser]


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

    for add in (_setup_commands, _run_commands, _reader_commands):
        add(commands)
    _log_options(parser, argparse.SUPPRESS)
    for command_parser in commands.choices.values():
        _log_options(command_parser, argparse.SUPPRESS)
    return parser


def _setup_commands(commands: Commands) -> None:
    """Commands that set a mirror up: init, config --explain, demo, extract (trying a
    site's pages and rules)."""
    p = commands.add_parser("init", help="write a commented samizdat.toml to start from")
    p.add_argument("directory", nargs="?", default=".", help="where to write it (default: .)")
    p.add_argument(
        "-c", "--config", metavar="PATH", help="the config to write (default: DIR/samizdat.toml)"
    )
    p.add_argument(
        "--ci",
        choices=["github"],
        help="also write a scheduled CI workflow (.github/workflows/samizdat.yml)",
    )
    p.add_argument(
        "--install-from",
        metavar="SPEC",
        help="where the workflow installs samizdat from (a pip requirement: a git URL@commit"
        " or a wheel's URL; default: where the running samizdat was installed from)",
    )
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    p.set_defaults(handler="init")

    p = commands.add_parser(
        "config", help="explain every config key: type, default, meaning (--explain)"
    )
    p.add_argument(
        "--explain", action="store_true", required=True, help="print every key (or those of KEY)"
    )
    p.add_argument("key", nargs="?", metavar="KEY", help="only this key or section, e.g. fetch")
    p.add_argument("--json", action="store_true", help="the same as JSON")
    p.set_defaults(handler="config")

    p = commands.add_parser("demo", help="mirror the bundled sample site (no network needed)")
    p.add_argument("--dir", default="demo", help="where to put the demo (default: ./demo)")
    p.add_argument(
        "--serve",
        action="store_true",
        help="keep the sample origin running afterwards (until Ctrl-C) to try commands on",
    )
    p.set_defaults(handler="demo")

    p = commands.add_parser(
        "extract", help="what a sync would publish for these pages, as Markdown (or --json)"
    )
    p.add_argument("urls", nargs="+", metavar="URL", help="article pages to fetch and extract")
    p.add_argument(
        "-c",
        "--config",
        metavar="PATH",
        help="config whose [fetch] settings and site rules apply (default: ./samizdat.toml"
        " if there is one)",
    )
    p.add_argument(
        "--source", metavar="ID[/CHANNEL]", help="extract with this source's (channel's) site rules"
    )
    p.add_argument(
        "--allow-private", action="store_true", help="allow loopback and private addresses"
    )
    p.add_argument("--json", action="store_true", help="one JSON object per URL and line")
    p.set_defaults(handler="extract")


def _run_commands(commands: Commands) -> None:
    """Commands that run the mirror: sync, and watch (sync on a schedule)."""
    p = commands.add_parser("sync", help="run one mirror pass")
    _config_option(p)
    p.add_argument("--no-push", action="store_true", help="commit but do not push")
    p.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    p.add_argument("--only", metavar="SOURCE[/CHANNEL]", help="limit the run to one source")
    p.add_argument("--json", action="store_true", help="print the run report as JSON")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    p.set_defaults(handler="sync")

    p = commands.add_parser("watch", help="run sync on a schedule until stopped")
    _config_option(p)
    p.add_argument(
        "--every",
        type=parse_duration,
        default="15m",
        metavar="DURATION",
        help="time from one run's start to the next: 30s, 15m, 1h, 1h30m (default: 15m)",
    )
    p.add_argument(
        "--grace",
        type=parse_grace,
        default="30s",
        metavar="DURATION",
        help="on SIGINT/SIGTERM, how long a run may go on before it is abandoned (default: 30s)",
    )
    p.add_argument("--no-push", action="store_true", help="commit but do not push")
    p.add_argument("--only", metavar="SOURCE[/CHANNEL]", help="limit the runs to one source")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    p.set_defaults(handler="watch")


def _reader_commands(commands: Commands) -> None:
    """Commands that check the mirror or make it readable: status, verify, build-site,
    bundle, serve."""
    p = commands.add_parser("status", help="per channel: last success, errors, counts, freshness")
    _config_option(p)
    p.add_argument("--json", action="store_true", help="print the status as JSON")
    p.add_argument(
        "--html",
        nargs="?",
        const="status.html",
        metavar="FILE",
        help="write a self-contained status page with charts (default: status.html)",
    )
    p.set_defaults(handler="status")

    p = commands.add_parser("verify", help="check tree, store and git agree; --repair fixes")
    _config_option(p)
    p.add_argument("--repair", action="store_true", help="fix what can be fixed, then check")
    p.add_argument("--json", action="store_true", help="print the problems as JSON")
    p.set_defaults(handler="verify")

    p = commands.add_parser("build-site", help="the mirror as a static HTML site")
    _config_option(p)
    p.add_argument("--out", metavar="DIR", help="where to write it (default: html.output, ./site)")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    p.set_defaults(handler="build_site")

    p = commands.add_parser("bundle", help="the newest articles as an offline zip, EPUB or HTML")
    _config_option(p)
    p.add_argument(
        "--latest", type=positive, default=20, metavar="N", help="how many (default: 20)"
    )
    p.add_argument("--format", choices=BUNDLE_FORMATS, default="html", help="zip | epub | html")
    p.add_argument("--out", default=".", metavar="DIR", help="where to write it (default: .)")
    p.set_defaults(handler="bundle")

    p = commands.add_parser(
        "serve", help="preview the mirror in a browser, rendered as GitHub would"
    )
    _config_option(p)
    p.add_argument(
        "--port", type=port_number, default=8000, help="port (default: 8000; 0: any free one)"
    )
    p.add_argument(
        "--bind",
        type=bind_address,
        default="127.0.0.1",
        metavar="ADDRESS",
        help="address (default: 127.0.0.1)",
    )
    p.set_defaults(handler="serve")


def _log_options(parser: argparse.ArgumentParser, default: str) -> None:
    """-v / --log-level / --log-format, before or after the command's name."""
    parser.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=default,
        help="tell more: -v what the run does, -vv every item",
    )
    parser.add_argument(
        "--log-level",
        choices=LEVELS,
        type=str.upper,
        default=default,
        help="log from this level on (overrides -v)",
    )
    parser.add_argument(
        "--log-format",
        choices=FORMATS,
        default=default,
        help="plain lines (default; for cron and files) or JSON lines (for log collectors)",
    )


def _setup_logging(args: argparse.Namespace) -> None:
    watch = args.handler == "watch"
    quiet = getattr(args, "quiet", False)
    default = "INFO" if watch and not quiet else "WARNING"
    level = level_for(getattr(args, "verbose", 0) or 0, getattr(args, "log_level", None), default)
    log_format = getattr(args, "log_format", "plain")
    # watch keeps its lines on stdout and its errors on stderr; other commands keep
    # stdout for their output (the table, --json) and log to stderr.
    setup_logging(level, log_format, timestamps=watch, split=watch)


def load_command(name: str) -> ModuleType:
    """The module of command ``name``, imported with the garbage collector paused.

    Only the chosen command's module is imported: start-up is a good part of a run that
    finds nothing new. Importing makes many objects that live as long as the process;
    collecting them while they are made is wasted work.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return importlib.import_module(f"samizdat.commands.{name}")
    finally:
        if paused:
            gc.enable()


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _setup_logging(args)
    try:
        command = load_command(args.handler)
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
