"""The validated config kept between runs: the same config as validating the file,
never stale, never holding a secret, never trusted when damaged or not ours."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import samizdat
from samizdat.config import load_config, plain
from samizdat.config.cache import SUFFIX
from samizdat.errors import ConfigError

SECRET_HEADER = "Bearer 7f3c9a-header-secret"
PROXY_PASSWORD = "pr0xy-pa55word"

# What an operator of a Chinese news mirror writes: request headers (one of them a
# token), a proxy with a password, remotes naming a variable, menus, a second script
# with its own URLs, site rules and the state store in a folder of its own.
CONFIG = f"""\
[site]
title = "新闻镜像"
language = "zh-CN"
page_url = "https://github.com/news/mirror/blob/{{branch}}/{{path}}"
raw_url = "https://cdn.jsdelivr.net/gh/news/mirror@{{branch}}/{{path}}"
timezone = "Asia/Shanghai"

[paths]
state = "state/samizdat.db"

[fetch]
timeout = 30
headers = {{ "Accept-Language" = "zh-CN,zh;q=0.9", "Authorization" = "{SECRET_HEADER}" }}
proxy = "socks5h://mirror:{PROXY_PASSWORD}@127.0.0.1:9050"

[templates]
banners = ["备用地址 https://news-mirror.example.org"]
menu = [
  {{ title = "首页", url = "README.md" }},
  {{ title = "要闻", url = "indexes/top.md" }},
]
labels = {{ original = "原文 " }}

[publish]
[[publish.remotes]]
name = "github"
url = "https://x-access-token:${{GITHUB_TOKEN}}@github.com/news/mirror.git"

[[sources]]
id = "news"
title = "新闻网"
article_id_pattern = '/(?P<id>n\\d+)\\.shtml$'
exclude = ['\\[视频\\]']
variant = "hant"
variant_url = {{ from = "/gb/", to = "/b5/" }}

[sources.rules]
body = "div.article-content"
drop = ["div.share", "aside"]

[[sources.channels]]
id = "top"
title = "要闻"
feed = "https://news.example.cn/rss/top.xml"

[[sources.channels]]
id = "world"
title = "国际"
feed = "https://news.example.cn/atom/world.xml"
kind = "atom"
"""


def _write(tmp_path: Path, text: str = CONFIG) -> Path:
    (tmp_path / "state").mkdir(exist_ok=True)
    path = tmp_path / "samizdat.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _cache(config_path: Path) -> Path:
    return config_path.parent / "state" / f"samizdat.db{SUFFIX}"


def _fresh_load(config_path: Path, src: Path | None = None) -> dict[str, object]:
    """Load ``config_path`` with the cache in a fresh interpreter (of ``src``'s samizdat):
    whether pydantic had to build the models' validators, i.e. validated the file."""
    code = (
        "import json, sys\n"
        "from samizdat.config import Config, load_config\n"
        "config = load_config(sys.argv[1], cached=True)\n"
        "print(json.dumps({'validated': Config.__pydantic_complete__,"
        " 'title': config.site.title}))\n"
    )
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    done = subprocess.run(
        [sys.executable, "-c", code, str(config_path)],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_the_cached_config_equals_the_validated_one(tmp_path: Path) -> None:
    config_path = _write(tmp_path)
    validated = load_config(config_path)
    first = load_config(config_path, cached=True)
    assert _cache(config_path).is_file()
    cached = load_config(config_path, cached=True)
    assert cached == validated == first
    assert plain(cached) == validated.model_dump()
    assert cached.state_path == validated.state_path == tmp_path / "state" / "samizdat.db"


def test_an_unchanged_file_is_not_validated_again(tmp_path: Path) -> None:
    config_path = _write(tmp_path)
    assert _fresh_load(config_path) == {"validated": True, "title": "新闻镜像"}
    assert _fresh_load(config_path) == {"validated": False, "title": "新闻镜像"}


def test_a_changed_file_is_validated_again(tmp_path: Path) -> None:
    config_path = _write(tmp_path)
    load_config(config_path, cached=True)
    _write(tmp_path, CONFIG.replace('title = "新闻镜像"', 'title = "新闻镜像 2"'))
    assert _fresh_load(config_path) == {"validated": True, "title": "新闻镜像 2"}
    assert load_config(config_path, cached=True).site.title == "新闻镜像 2"


def test_a_file_made_invalid_fails_as_without_the_cache(tmp_path: Path) -> None:
    config_path = _write(tmp_path)
    load_config(config_path, cached=True)
    _write(tmp_path, CONFIG.replace("timeout = 30", "timeout = -1"))
    with pytest.raises(ConfigError) as plainly:
        load_config(config_path)
    with pytest.raises(ConfigError) as cached:
        load_config(config_path, cached=True)
    assert str(cached.value) == str(plainly.value)
    assert "fetch.timeout" in str(cached.value)


def test_another_samizdat_validates_again(tmp_path: Path) -> None:
    """A copy of samizdat whose validating code differs (or whose version does) does
    not take the config another one validated."""
    config_path = _write(tmp_path)
    load_config(config_path, cached=True)
    package = Path(samizdat.__file__).parent
    for name, edit in (
        ("config/_site.py", lambda text: text + "\n# a later fix of a validator\n"),
        ("__init__.py", lambda text: text.replace('__version__ = "', '__version__ = "9')),
    ):
        copy = tmp_path / f"src-{len(name)}"
        shutil.copytree(package, copy / "samizdat", ignore=shutil.ignore_patterns("__pycache__"))
        target = copy / "samizdat" / name
        target.write_text(edit(target.read_text(encoding="utf-8")), encoding="utf-8")
        assert _fresh_load(config_path, copy)["validated"] is True
        assert _fresh_load(config_path, copy)["validated"] is False  # cached for that one
        assert _fresh_load(config_path)["validated"] is True  # and this one again


def test_the_cache_holds_no_secret_and_the_config_gets_them_back(tmp_path: Path) -> None:
    config_path = _write(tmp_path)
    load_config(config_path, cached=True)
    blob = _cache(config_path).read_bytes()
    for secret in (SECRET_HEADER, PROXY_PASSWORD, "Authorization"):
        assert secret.encode() not in blob
    assert oct(_cache(config_path).stat().st_mode & 0o777) == oct(0o600)
    cached = load_config(config_path, cached=True)
    assert cached.fetch.headers["Authorization"] == SECRET_HEADER
    assert PROXY_PASSWORD in cached.fetch.proxy
    # The remote's token is a variable, expanded when the remote is used: kept as written.
    assert "${GITHUB_TOKEN}" in cached.publish.remotes[0].url


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: blob[: len(blob) // 2],  # cut short by a full disk
        lambda blob: blob[:-40] + bytes(40),  # its end overwritten
        lambda blob: b"",
        lambda blob: b"\x80\x05not a cache at all",
    ],
)
def test_a_damaged_cache_is_ignored_and_written_again(tmp_path: Path, damage: object) -> None:
    config_path = _write(tmp_path)
    good = load_config(config_path, cached=True)
    cache = _cache(config_path)
    whole = cache.read_bytes()
    cache.write_bytes(damage(whole))  # type: ignore[operator]
    assert _fresh_load(config_path)["validated"] is True
    assert load_config(config_path, cached=True) == good
    assert cache.read_bytes() != damage(whole)  # type: ignore[operator]


def test_a_cache_of_another_config_is_not_taken(tmp_path: Path) -> None:
    """Two configs sharing a state store's place: each one's cache names its file."""
    config_path = _write(tmp_path)
    other = tmp_path / "other.toml"
    other.write_text(CONFIG.replace('title = "新闻镜像"', 'title = "Other"'), encoding="utf-8")
    assert load_config(other, cached=True).site.title == "Other"
    assert load_config(config_path, cached=True).site.title == "新闻镜像"
    assert load_config(other, cached=True).site.title == "Other"


def test_a_link_in_the_caches_place_is_not_followed(tmp_path: Path) -> None:
    config_path = _write(tmp_path)
    load_config(config_path, cached=True)
    elsewhere = tmp_path / "elsewhere"
    _cache(config_path).rename(elsewhere)  # a genuine cache, reached only through a link
    _cache(config_path).symlink_to(elsewhere)
    before = elsewhere.read_bytes()
    assert _fresh_load(config_path)["validated"] is True
    assert _cache(config_path).is_symlink() is False  # replaced, not written through
    assert elsewhere.read_bytes() == before


def test_a_cache_others_may_write_is_not_trusted(tmp_path: Path) -> None:
    config_path = _write(tmp_path)
    load_config(config_path, cached=True)
    _cache(config_path).chmod(0o666)
    assert _fresh_load(config_path)["validated"] is True
    assert _cache(config_path).stat().st_mode & 0o777 == 0o600  # written again, private


def test_an_unwritable_place_only_costs_the_validation(tmp_path: Path) -> None:
    config_path = _write(tmp_path)
    (tmp_path / "state").rmdir()  # the state store's folder does not exist (yet)
    assert load_config(config_path, cached=True) == load_config(config_path)
    assert not (tmp_path / "state").exists()


def test_sync_keeps_the_cache_and_a_dry_run_writes_none(tmp_path: Path) -> None:
    from samizdat.cli import main

    config_path = _write(tmp_path)
    # --only names no channel: the run stops after loading the config (exit 2).
    args = ["sync", "-c", str(config_path), "--only", "nope", "--no-push", "-q"]
    assert main([*args, "--dry-run"]) == 2
    assert not _cache(config_path).exists()
    assert main(args) == 2
    assert _cache(config_path).is_file()
    assert _fresh_load(config_path)["validated"] is False


def test_a_fifo_in_the_caches_place_is_not_waited_on(tmp_path: Path) -> None:
    config_path = _write(tmp_path)
    os.mkfifo(_cache(config_path))
    assert load_config(config_path, cached=True) == load_config(config_path)
    assert _cache(config_path).is_file()  # replaced by a cache, the FIFO never opened for long
