"""Credentials for git remotes, kept out of the config file.

A remote's URL may name environment variables (``${GITHUB_TOKEN}``), or the remote may
name a section of the credentials file (``credentials = "github"``)::

    [github]
    token = "ghp_..."              # username defaults to x-access-token
    [codeberg]
    username = "mirror-bot"
    token = "..."
    [selfhosted]
    ssh_key = "/home/op/.ssh/mirror_ed25519"
    [r2]                           # for a [[publish.buckets]] target
    access_key_id = "..."
    secret_access_key = "..."

The file must be readable by its owner only (like ssh's keys), and its path comes from
``publish.credentials_file`` or ``$SAMIZDAT_CREDENTIALS``. ``${VAR}`` values put in a
URL's user part are URL-encoded. Tokens reach git through its environment, never its
command line (see :func:`samizdat.publish.git.transport`).
"""

from __future__ import annotations

import os
import re
import shlex
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from samizdat.config import Config, RemoteConfig, expand_env
from samizdat.errors import ConfigError
from samizdat.fetch.redact import url_secrets

ENV = "SAMIZDAT_CREDENTIALS"
_ENV_REFERENCE = re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*\}")


@dataclass(frozen=True, slots=True)
class Credential:
    username: str = "x-access-token"
    token: str = ""
    ssh_key: str = ""
    access_key_id: str = ""  # object storage (S3-compatible buckets)
    secret_access_key: str = ""


_KEYS = {"username", "token", "ssh_key", "access_key_id", "secret_access_key"}


@dataclass(frozen=True, slots=True)
class PushTarget:
    """How to reach a remote: the URL (secrets included) and extra environment."""

    url: str
    env: dict[str, str]
    secrets: tuple[str, ...]


def load_credentials(config: Config) -> dict[str, Credential]:
    location = os.environ.get(ENV) or config.publish.credentials_file
    if not location:
        return {}
    path = (config.base_dir / Path(location).expanduser()).resolve()
    try:
        mode = path.stat().st_mode
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"publish.credentials_file: {path} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"credentials file {path}: not valid TOML ({exc})") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        fix = f"chmod 600 {shlex.quote(str(path))}"
        raise ConfigError(f"credentials file {path} is readable by others; run: {fix}")
    credentials = {}
    for name, section in data.items():
        if not isinstance(section, dict) or not set(section) <= _KEYS:
            raise ConfigError(
                f"credentials file {path}: [{name}] may hold username, token, ssh_key,"
                " access_key_id and secret_access_key only"
            )
        credentials[name] = Credential(**{k: str(v) for k, v in section.items()})
    return credentials


def push_target(remote: RemoteConfig, credentials: dict[str, Credential]) -> PushTarget:
    """The URL and environment to push to ``remote`` with; raises ConfigError when a
    variable or a credentials section it names is missing."""
    url = expand_url(remote.url)
    secrets = list(url_secrets(url))
    env: dict[str, str] = {}
    if remote.credentials:
        if remote.credentials not in credentials:
            raise ConfigError(
                f"remote {remote.name}: no [{remote.credentials}] in the credentials file"
            )
        credential = credentials[remote.credentials]
        if credential.token:
            url = _with_token(url, credential)
            secrets += [*url_secrets(url), credential.token]
        if credential.ssh_key:
            key = shlex.quote(str(Path(credential.ssh_key).expanduser()))
            env["GIT_SSH_COMMAND"] = f"ssh -i {key} -o IdentitiesOnly=yes -o BatchMode=yes"
    return PushTarget(url, env, tuple(secrets))


def expand_url(template: str) -> str:
    """``template`` with its ``${VAR}`` references replaced; in the URL's user part
    (where tokens go) each value is URL-encoded, so a token holding ``@``, ``:`` or
    ``/`` stays one token. Elsewhere a value is used as it is (a whole URL, a path)."""
    scheme, sep, rest = template.partition("://")
    authority_end = len(rest) if (slash := rest.find("/")) < 0 else slash
    userinfo, at, _ = rest[:authority_end].rpartition("@")
    if not sep or not at:
        return expand_env(template)
    encoded = _ENV_REFERENCE.sub(lambda m: quote(expand_env(m.group(0)), safe=""), userinfo)
    return expand_env(scheme) + sep + encoded + at + expand_env(rest[len(userinfo) + 1 :])


def _with_token(url: str, credential: Credential) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http"):
        raise ConfigError("a token works with http(s) remote URLs only; use ssh_key for ssh")
    host = parts.hostname or ""
    netloc = f"{quote(credential.username, safe='')}:{quote(credential.token, safe='')}@{host}"
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
