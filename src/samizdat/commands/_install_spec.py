"""Where the CI workflow gets samizdat: the pip requirement for the running install.

pip records how it installed a distribution (PEP 610's ``direct_url.json``): a git
checkout at a commit, an archive at a URL, or a local directory. The workflow installs
what is running here from the same place, pinned: a VCS install gives
``samizdat @ git+URL@<commit>``, an archive on the web its URL, an install from an
index (no ``direct_url.json``) ``samizdat==<version>``. A local directory, an
editable install or a repository on this machine (``file://``) has no place a CI
runner can reach, so ``--install-from`` must name one; ``--install-from`` always wins.
"""

from __future__ import annotations

import json
import re
from importlib.metadata import Distribution, PackageNotFoundError, distribution
from urllib.parse import urlsplit, urlunsplit

from samizdat.errors import ConfigError

NAME = "samizdat"
_OPTION = "--install-from"
_EXAMPLE = "git+https://github.com/OWNER/samizdat.git@<commit or tag>, or a wheel's URL"


def installed() -> Distribution | None:
    """The running samizdat's distribution (None when it runs from a bare source tree)."""
    try:
        return distribution(NAME)
    except PackageNotFoundError:
        return None


def install_spec(dist: Distribution | None, install_from: str | None = None) -> str:
    """The pip requirement that installs ``dist`` (or ``install_from``) on a CI runner.

    Raises ConfigError, naming ``--install-from``, when ``dist`` has no public place.
    """
    if install_from is not None:
        return _requirement(install_from.strip())
    if dist is None:
        raise _no_public_place("samizdat runs from a source tree that is not installed")
    raw = dist.read_text("direct_url.json")
    if raw is None:  # installed from an index: the same version from it
        return f"{NAME}=={dist.version}"
    try:
        record = json.loads(raw)
        url = str(record["url"])
    except (ValueError, KeyError, TypeError) as exc:
        raise _no_public_place("samizdat's install record (direct_url.json) is unreadable") from exc
    public = _public_url(url)
    vcs = record.get("vcs_info")
    if isinstance(vcs, dict) and public:
        kind, commit = str(vcs.get("vcs", "git")), vcs.get("commit_id")
        ref = f"@{commit}" if commit else ""
        return f"{NAME} @ {kind}+{public}{ref}"
    archive = record.get("archive_info")
    if isinstance(archive, dict) and public:
        return f"{NAME} @ {public}{_hash_fragment(archive)}"
    where = "an editable install" if _editable(record) else "a local install"
    at = f" at commit {vcs['commit_id']}" if isinstance(vcs, dict) and "commit_id" in vcs else ""
    raise _no_public_place(f"samizdat here is {where} from {_without_secret(url)}{at}")


def _hash_fragment(archive: dict[str, object]) -> str:
    """``#sha256=…`` when pip recorded the archive's digest: pip checks it on the runner."""
    hashes = archive.get("hashes")
    digest = hashes.get("sha256") if isinstance(hashes, dict) else None
    if isinstance(digest, str) and re.fullmatch(r"[0-9a-f]{64}", digest):
        return f"#sha256={digest}"
    return ""


def _requirement(spec: str) -> str:
    """``--install-from`` as a requirement: a bare URL becomes ``samizdat @ URL``."""
    if not spec or any(ch in spec for ch in '"\\\n\r\t') or "${{" in spec:
        raise ConfigError(f"{_OPTION} {spec!r} is not a pip requirement ({_EXAMPLE})")
    if "://" in spec and " @ " not in spec and not spec.startswith(NAME):
        return f"{NAME} @ {spec}"
    return spec


def _public_url(url: str) -> str | None:
    """``url`` without a password, or None when a CI runner cannot reach it."""
    parts = urlsplit(url)
    if parts.scheme in ("", "file") or not parts.hostname:
        return None
    return _without_secret(url)


def _without_secret(url: str) -> str:
    """Credentials never reach the workflow file: a password or token is dropped, a
    user name without one (``ssh://git@host``) is kept."""
    parts = urlsplit(url)
    if parts.password is None and not (parts.username and parts.scheme.startswith("http")):
        return url
    host = parts.hostname or ""
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _editable(record: dict[str, object]) -> bool:
    info = record.get("dir_info")
    return isinstance(info, dict) and bool(info.get("editable"))


def _no_public_place(what: str) -> ConfigError:
    return ConfigError(
        f"{what}, which a CI runner cannot install from: give {_OPTION} SPEC, where the"
        f" workflow gets samizdat (a pip requirement: {_EXAMPLE})"
    )
