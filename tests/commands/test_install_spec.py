"""Where `init --ci github`'s workflow gets samizdat: from where the running samizdat was
really installed. samizdat is installed for real by pip (offline, no build isolation)
from a git repository served by `git daemon`, from a wheel on a loopback HTTP server and
from a local folder of wheels, and the install record pip wrote is read back."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import Distribution
from pathlib import Path

import pytest
import yaml

from faults.git_daemon import GitDaemon
from samizdat.cli import main
from samizdat.commands._install_spec import install_spec
from samizdat.commands.init import workflow_text
from samizdat.demo.server import SiteServer
from support import git

REPO = Path(__file__).resolve().parents[2]


def pip(*args: str) -> None:
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    subprocess.run([*command, *args], check=True, capture_output=True)


def pip_install(target: Path, requirement: str, *options: str) -> Distribution:
    """Install samizdat into ``target`` as an operator's pip would, and return it."""
    pip("install", "--no-deps", "--no-build-isolation", "--no-index", "--no-cache-dir",
        "--target", str(target), *options, requirement)  # fmt: skip
    (info,) = target.glob("samizdat-*.dist-info")
    return Distribution.at(info)


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """samizdat's source as a git repository with one commit."""
    tree = tmp_path_factory.mktemp("source") / "samizdat"
    tree.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(REPO / name, tree / name)
    shutil.copytree(REPO / "src", tree / "src", ignore=shutil.ignore_patterns("__pycache__"))
    git(tree, "init", "-q", "-b", "main")
    git(tree, "add", "-A")
    git(tree, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "s")
    return tree


@pytest.fixture(scope="module")
def wheel(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    wheels = tmp_path_factory.mktemp("wheels")
    pip("wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(wheels),
        str(source))  # fmt: skip
    (built,) = wheels.glob("samizdat-*.whl")
    return built


@pytest.fixture
def daemon(tmp_path: Path, source: Path) -> Iterator[GitDaemon]:
    served = tmp_path / "served"
    served.mkdir()
    subprocess.run(["git", "clone", "-q", "--bare", str(source), str(served / "samizdat.git")],
                   check=True)  # fmt: skip
    with GitDaemon(served) as running:
        yield running


def ci_env(workspace: Path) -> str:
    workflow = yaml.safe_load((workspace / ".github/workflows/samizdat.yml").read_text("utf-8"))
    return str(workflow["env"]["SAMIZDAT_SPEC"])


def test_a_git_install_pins_the_workflow_to_its_commit(
    tmp_path: Path, source: Path, daemon: GitDaemon
) -> None:
    commit = git(source, "rev-parse", "HEAD")
    url = daemon.url("samizdat")
    dist = pip_install(tmp_path / "venv", f"git+{url}@{commit}")

    spec = install_spec(dist)
    assert spec == f"samizdat @ git+{url}@{commit}"
    assert main(["init", str(tmp_path / "ops")]) == 0
    text = workflow_text(tmp_path / "ops", tmp_path / "ops" / "samizdat.toml", spec)
    assert yaml.safe_load(text)["env"]["SAMIZDAT_SPEC"] == spec
    # pip installs what the workflow names: the same commit, from the same place.
    again = pip_install(tmp_path / "runner", spec)
    assert install_spec(again) == spec


def test_a_wheel_on_the_web_is_named_by_its_url(tmp_path: Path, wheel: Path) -> None:
    served = tmp_path / "served"
    served.mkdir()
    shutil.copy(wheel, served / wheel.name)
    with SiteServer(served) as server:
        url = f"{server.base_url}/{wheel.name}"
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        spec = install_spec(pip_install(tmp_path / "venv", url))
        assert spec == f"samizdat @ {url}#sha256={digest}"  # pip checks the digest
        assert install_spec(pip_install(tmp_path / "runner", spec)) == spec


def test_an_index_install_is_named_by_its_version(tmp_path: Path, wheel: Path) -> None:
    dist = pip_install(tmp_path / "venv", "samizdat", "--find-links", str(wheel.parent))
    assert dist.read_text("direct_url.json") is None  # what an index install records
    assert install_spec(dist) == f"samizdat=={dist.version}"


def test_a_repository_on_this_machine_needs_install_from(tmp_path: Path, source: Path) -> None:
    commit = git(source, "rev-parse", "HEAD")
    dist = pip_install(tmp_path / "venv", f"git+file://{source}@{commit}")
    with pytest.raises(Exception, match="--install-from SPEC") as raised:
        install_spec(dist)
    assert f"file://{source}" in str(raised.value) and commit in str(raised.value)
    wanted = f"git+https://git.example.org/samizdat.git@{commit}"
    assert install_spec(dist, wanted) == f"samizdat @ {wanted}"  # --install-from wins


def test_an_editable_install_says_to_name_one_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The samizdat running these tests is an editable install of the work tree.
    assert main(["init", str(tmp_path), "--ci", "github"]) == 2
    err = capsys.readouterr().err
    assert "--install-from SPEC" in err and "editable install" in err
    assert not (tmp_path / "samizdat.toml").exists()
    assert not (tmp_path / ".github").exists()


def test_install_from_always_wins(tmp_path: Path) -> None:
    wheel_url = "https://files.example.org/samizdat-0.2.0-py3-none-any.whl"
    assert main(["init", str(tmp_path), "--ci", "github", "--install-from", wheel_url]) == 0
    assert ci_env(tmp_path) == f"samizdat @ {wheel_url}"
    pinned = "samizdat @ git+https://git.example.org/fork/samizdat.git@v0.2.0"
    argv = ["init", str(tmp_path), "--ci", "github", "--force", "--install-from", pinned]
    assert main(argv) == 0
    assert ci_env(tmp_path) == pinned


def test_no_password_reaches_the_workflow(tmp_path: Path) -> None:
    info = tmp_path / "samizdat-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: samizdat\nVersion: 0.1.0\n")
    (info / "direct_url.json").write_text(
        '{"url": "https://ci:s3cret@git.example.org/samizdat.git",'
        ' "vcs_info": {"vcs": "git", "commit_id": "0123abcd"}}'
    )
    spec = install_spec(Distribution.at(info))
    assert spec == "samizdat @ git+https://git.example.org/samizdat.git@0123abcd"


def test_install_from_is_a_requirement_or_refused(tmp_path: Path) -> None:
    argv = ["init", str(tmp_path), "--ci", "github", "--install-from", 'x"\n  run: evil']
    assert main(argv) == 2
    assert main(["init", str(tmp_path), "--install-from", "samizdat==0.1.0"]) == 2
    assert not (tmp_path / "samizdat.toml").exists()
