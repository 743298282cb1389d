"""The validated config, kept between runs: a run whose config file did not change
skips validating it (pydantic builds the models' validators on first use, a good part
of a short run's start-up).

The cache is one file next to the state store (``samizdat.db-config``), written only
after the file validated. It is keyed by the config file's resolved path and bytes,
samizdat's version, the source of the code that validates a config (this package and
``samizdat.localtime``), pydantic's version and Python's: a change to any of them is a
miss, and the file is validated (and cached) again. Validation reads nothing else of
the environment (``${VAR}`` in remote URLs is expanded when a remote is used, not here).

It never holds a secret: request headers and the proxy URL (which may carry a password)
are blanked before it is written and put back from the file when it is read. A cache
file that is damaged, stale, not a regular file (a link is never followed), not owned
by this user or writable by others is ignored and written again; one that cannot be
written is left alone (the run goes on, validating each time).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import stat
import sys
from pathlib import Path
from typing import Any

from samizdat import __version__
from samizdat.config._config import Config
from samizdat.config._site import PathsConfig

log = logging.getLogger("samizdat.config")

SUFFIX = "-config"
_MAGIC = b"samizdat config cache 1\n"
_DIGEST = 64  # hex characters of a SHA-256
_VALIDATING = ("localtime.py",)  # modules outside this package that validators call


def cache_path(data: dict[str, Any], config_path: Path) -> Path | None:
    """Where the cache of the config at ``config_path`` (resolved; ``data`` read from
    it) lives: beside its state store. None when ``paths.state`` is not a string (the
    config is invalid and will say so)."""
    paths = data.get("paths", {})
    if not isinstance(paths, dict):
        return None
    state = paths.get("state", PathsConfig.model_fields["state"].default)
    if not isinstance(state, str) or not state:
        return None
    state_path = (config_path.parent / state).resolve()
    return state_path.with_name(state_path.name + SUFFIX)


def cache_key(config_path: Path, raw: bytes) -> str:
    """What a cached config depends on: the file (path and bytes) and the code."""
    import pydantic.version

    digest = hashlib.sha256()
    for part in (__version__, pydantic.version.VERSION, sys.version, str(config_path)):
        digest.update(part.encode("utf-8") + b"\0")
    digest.update(raw)
    for source in _sources():
        digest.update(b"\0" + source.name.encode("utf-8") + b"\0" + source.read_bytes())
    return digest.hexdigest()


def _sources() -> list[Path]:
    package = Path(__file__).parent
    return [*sorted(package.glob("*.py")), *(package.parent / name for name in _VALIDATING)]


def read_cached(path: Path, key: str, data: dict[str, Any]) -> Config | None:
    """The config cached at ``path`` under ``key`` with its secrets put back from
    ``data``, or None when there is none that can be trusted."""
    try:
        # Never through a link, never waiting on a FIFO put in its place.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not _trusted(info):
            log.debug("config cache %s ignored: not a private file of this user", path)
            return None
        with os.fdopen(os.dup(fd), "rb") as file:
            blob = file.read()
    except OSError:
        return None
    finally:
        os.close(fd)
    config = _decode(blob, key)
    if config is None:
        log.debug("config cache %s ignored: stale or damaged", path)
        return None
    return _with_secrets(config, data)


def _trusted(info: os.stat_result) -> bool:
    ours = info.st_uid == os.getuid()
    return stat.S_ISREG(info.st_mode) and ours and not info.st_mode & 0o022


def _decode(blob: bytes, key: str) -> Config | None:
    head = len(_MAGIC)
    if not blob.startswith(_MAGIC) or blob[head : head + _DIGEST].decode("ascii", "replace") != key:
        return None
    check, payload = blob[head + _DIGEST : head + 2 * _DIGEST], blob[head + 2 * _DIGEST :]
    if hashlib.sha256(payload).hexdigest().encode("ascii") != check:
        return None
    try:
        config = pickle.loads(payload)
    except Exception:  # a damaged cache is a miss, whatever the unpickler says
        return None
    return config if isinstance(config, Config) else None


def write_cache(path: Path, key: str, config: Config) -> None:
    """Keep ``config`` (validated from the file ``key`` names) at ``path``, without its
    secrets; written whole or not at all, and never through a link."""
    payload = pickle.dumps(_without_secrets(config), protocol=pickle.HIGHEST_PROTOCOL)
    check = hashlib.sha256(payload).hexdigest()
    blob = _MAGIC + key.encode("ascii") + check.encode("ascii") + payload
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(temp, flags, 0o600)
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(blob)
            os.replace(temp, path)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        log.debug("config cache %s not written: %s", path, exc.strerror or exc)


def _without_secrets(config: Config) -> Config:
    fetch = config.fetch.model_copy(update={"headers": {}, "proxy": ""})
    return config.model_copy(update={"fetch": fetch})


def _with_secrets(config: Config, data: dict[str, Any]) -> Config:
    fetch = data.get("fetch", {})
    headers, proxy = fetch.get("headers", {}), fetch.get("proxy", "")
    if not headers and not proxy:
        return config
    # The file validated with these very values (the key holds its bytes).
    restored = config.fetch.model_copy(update={"headers": dict(headers), "proxy": proxy})
    return config.model_copy(update={"fetch": restored})
