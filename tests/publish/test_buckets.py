"""Bucket targets against a real S3-compatible server: moto's, on 127.0.0.1.

The mirror (or the static site) goes to the bucket over several runs: new, changed
and removed articles, the headers each object is served with, a bucket that is down
while the git remote is pushed, then catches up; credentials that never show.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from samizdat.config import load_config
from samizdat.demo.server import SiteServer
from samizdat.models import RunReport
from samizdat.pipeline import sync
from samizdat.publish.bucket_content import cache_control, content_type, upload_rank
from samizdat.store import Store
from support import git, write_config

KEY_ID, SECRET = "AKIAEXAMPLEMIRROR", "s3cr3t-never-shown-0123456789"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class S3Server:
    """moto's S3 server in this process; stop() and start() play an outage."""

    def __init__(self) -> None:
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self._server: ThreadedMotoServer | None = None

    def start(self) -> None:
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self._server.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def client(self) -> Any:
        return boto3.client(
            "s3", endpoint_url=self.endpoint, region_name="us-east-1",
            aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET,
        )  # fmt: skip


@pytest.fixture
def s3() -> Iterator[S3Server]:
    server = S3Server()
    server.start()
    # moto keeps its buckets in this process: every test starts from none.
    urllib.request.urlopen(f"{server.endpoint}/moto-api/reset", data=b"").close()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", KEY_ID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    # No operator's ~/.aws settings leak into the test.
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))


def bucket_config(
    tmp_path: Path, origin: SiteServer, s3: S3Server, bucket: str, extra: str = ""
) -> Path:
    config = write_config(
        tmp_path, origin.base_url, retention=300, channels=[
            {"id": "local", "title": "本地", "feed": f"{origin.base_url}/feeds/local.xml"}
        ],
    )  # fmt: skip
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(tmp_path / "r.git")],
                   check=True)  # fmt: skip
    lines = [
        "[[publish.remotes]]", 'name = "origin"', f'url = "{tmp_path / "r.git"}"',
        "[[publish.buckets]]", f'name = "{bucket}"', f'endpoint = "{s3.endpoint}"',
        f'bucket = "{bucket}"', 'prefix = "news/"',
        f'page_url = "{s3.endpoint}/{bucket}/news/{{path}}"', extra,
    ]  # fmt: skip
    text = config.read_text(encoding="utf-8")
    head, sources = text.split("[[sources]]", 1)
    config.write_text(head + "\n".join(lines) + "\n[[sources]]" + sources, encoding="utf-8")
    return config


def run(config: Path) -> RunReport:
    return asyncio.run(sync(load_config(config)))


def keys(s3: S3Server, bucket: str) -> set[str]:
    found: set[str] = set()
    for page in s3.client().get_paginator("list_objects_v2").paginate(Bucket=bucket):
        found |= {item["Key"] for item in page.get("Contents", [])}
    return found


def read(s3: S3Server, bucket: str, key: str) -> bytes:
    body: bytes = s3.client().get_object(Bucket=bucket, Key=key)["Body"].read()
    return body


def mirror_keys(mirror: Path) -> set[str]:
    return {f"news/{path}" for path in git(mirror, "ls-files").splitlines()}


def replace_feed(site_dir: Path, text: str) -> None:
    """A new feed, with a later Last-Modified (the server answers 304 within a second)."""
    feed = site_dir / "feeds" / "local.xml"
    later = feed.stat().st_mtime + 10
    feed.write_text(text, encoding="utf-8")
    os.utime(feed, (later, later))


def feed_without_first_item(site_dir: Path) -> str:
    """Hide the feed's newest article (it appears later as new); the full feed."""
    full = (site_dir / "feeds" / "local.xml").read_text(encoding="utf-8")
    replace_feed(site_dir, re.sub(r"<item>.*?</item>\s*", "", full, count=1, flags=re.S))
    return full


def test_a_mirror_bucket_follows_new_changed_and_removed_articles(
    tmp_path: Path, origin: SiteServer, site_dir: Path, s3: S3Server, aws_env: None
) -> None:
    s3.client().create_bucket(Bucket="lantern")
    s3.client().put_object(Bucket="lantern", Key="news/operator-note.txt", Body=b"mine")
    config = bucket_config(tmp_path, origin, s3, "lantern", 'content = "mirror"')
    full_feed = feed_without_first_item(site_dir)
    mirror = tmp_path / "mirror"

    first = run(config)
    assert first.exit_code == 0, first.failures
    assert "lantern" in first.pushed
    assert keys(s3, "lantern") == mirror_keys(mirror) | {"news/operator-note.txt"}
    assert "news/pages/local/a1001.md" not in keys(s3, "lantern")

    # Run 2: a new article, and a published one changed at the origin.
    replace_feed(site_dir, full_feed.replace("寒潮周末来袭", "寒潮周末提前来袭"))
    second = run(config)
    assert second.exit_code == 0, second.failures
    page = read(s3, "lantern", "news/pages/local/a1001.md")
    assert page == (mirror / "pages/local/a1001.md").read_bytes()
    assert "提前来袭".encode() in read(s3, "lantern", "news/pages/local/a1002.md")
    assert read(s3, "lantern", "news/README.md") == (mirror / "README.md").read_bytes()

    # Run 3: retention drops old articles; the bucket loses them too, but keeps what
    # samizdat never wrote.
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("max_per_channel = 300", "max_per_channel = 3"), "utf-8")
    third = run(config)
    assert third.exit_code == 0, third.failures
    assert third.total("removed") > 0
    assert keys(s3, "lantern") == mirror_keys(mirror) | {"news/operator-note.txt"}
    assert git(tmp_path / "r.git", "rev-parse", "main") == git(mirror, "rev-parse", "HEAD")


def test_objects_carry_their_type_and_cache_lifetime(
    tmp_path: Path, origin: SiteServer, s3: S3Server, aws_env: None
) -> None:
    s3.client().create_bucket(Bucket="typed")
    config = bucket_config(tmp_path, origin, s3, "typed", 'content = "mirror"')
    assert run(config).exit_code == 0
    client = s3.client()
    asset = min(k for k in keys(s3, "typed") if k.startswith("news/assets/") and k.endswith(".jpg"))

    def head(key: str) -> tuple[str, str]:
        answer = client.head_object(Bucket="typed", Key=key)
        return answer["ContentType"], answer["CacheControl"]

    assert head("news/pages/local/a1001.md") == (
        "text/markdown; charset=utf-8",
        "public, max-age=3600",
    )
    assert head("news/pages/local/a1001.png") == ("image/png", "public, max-age=3600")
    assert head("news/README.md")[1] == "public, max-age=300"
    assert head("news/feed.xml") == ("application/atom+xml; charset=utf-8", "public, max-age=300")
    assert head(asset)[0] == "image/jpeg"
    assert head(asset)[1] == "public, max-age=31536000, immutable"


def test_a_site_bucket_holds_the_html_site(
    tmp_path: Path, origin: SiteServer, s3: S3Server, aws_env: None
) -> None:
    s3.client().create_bucket(Bucket="site")
    config = bucket_config(tmp_path, origin, s3, "site", 'content = "site"')
    report = run(config)
    assert report.exit_code == 0, report.failures
    site = tmp_path / "site"
    files = [p for p in site.rglob("*") if p.is_file()]
    built = {f"news/{p.relative_to(site).as_posix()}" for p in files}
    # The build's own bookkeeping (what it wrote, what it converted) stays at home.
    bookkeeping = {"news/.samizdat-site", "news/.samizdat-pages"}
    assert bookkeeping <= built
    assert keys(s3, "site") == built - bookkeeping
    answer = s3.client().head_object(Bucket="site", Key="news/index.html")
    assert answer["ContentType"] == "text/html; charset=utf-8"
    assert read(s3, "site", "news/index.html") == (site / "index.html").read_bytes()
    # The mirror list names the bucket, with the site's home page.
    listed = json.loads((tmp_path / "mirror" / "mirrors.json").read_text(encoding="utf-8"))
    copy = next(m for m in listed["mirrors"] if m["name"] == "site")
    assert copy["kind"] == "bucket"
    assert copy["home"] == f"{s3.endpoint}/site/news/index.html"
    # Every page's "other copies" line sends readers to its HTML page in the bucket.
    page = next((tmp_path / "mirror" / "pages").rglob("*.md"))
    md_path = page.relative_to(tmp_path / "mirror").as_posix()
    text = page.read_text(encoding="utf-8")
    assert f"({s3.endpoint}/site/news/{md_path.removesuffix('.md')}.html)" in text
    assert f"/site/news/{md_path})" not in text


def test_a_bucket_that_is_down_catches_up_while_the_remote_is_pushed(
    tmp_path: Path, origin: SiteServer, site_dir: Path, s3: S3Server, aws_env: None
) -> None:
    s3.client().create_bucket(Bucket="flaky")
    config = bucket_config(tmp_path, origin, s3, "flaky", 'content = "mirror"')
    full_feed = feed_without_first_item(site_dir)
    mirror, remote = tmp_path / "mirror", tmp_path / "r.git"
    assert run(config).exit_code == 0

    s3.stop()
    replace_feed(site_dir, full_feed)
    down = run(config)
    head = git(mirror, "rev-parse", "HEAD")
    assert down.exit_code == 1
    assert down.push_failed == ["flaky"]
    assert down.pushed == ["origin"]
    assert git(remote, "rev-parse", "main") == head  # the other target went on
    failure = next(f for f in down.failures if f.item == "bucket flaky")
    assert "s3://flaky/news/" in failure.reason
    assert "127.0.0.1" in failure.reason  # the real cause: the endpoint did not answer
    with Store(tmp_path / "samizdat.db") as store:
        assert store.pushed_commit("flaky") != head

    s3.start()
    caught_up = run(config)  # no new commit, the bucket still catches up
    assert caught_up.commit is None
    assert caught_up.exit_code == 0, caught_up.failures
    assert caught_up.pushed == ["flaky"]
    assert keys(s3, "flaky") == mirror_keys(mirror)
    page = read(s3, "flaky", "news/pages/local/a1001.md")
    assert page == (mirror / "pages/local/a1001.md").read_bytes()
    with Store(tmp_path / "samizdat.db") as store:
        assert store.pushed_commit("flaky") == head
    assert run(config).pushed == []  # up to date: nothing uploaded again


def test_keys_from_the_credentials_file_never_show(
    tmp_path: Path, origin: SiteServer, s3: S3Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "SAMIZDAT_CREDENTIALS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    s3.client().create_bucket(Bucket="keyed")
    secrets = tmp_path / "credentials.toml"
    secrets.write_text(f'[r2]\naccess_key_id = "{KEY_ID}"\nsecret_access_key = "{SECRET}"\n')
    secrets.chmod(0o600)
    config = bucket_config(tmp_path, origin, s3, "keyed", 'credentials = "r2"')
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("[publish]", '[publish]\ncredentials_file = "credentials.toml"'))
    assert run(config).exit_code == 0
    assert "news/index.html" in keys(s3, "keyed")

    s3.stop()
    # A second target on the same bucket: everything to upload, to a server that is down.
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('name = "keyed"', 'name = "keyed2"'), encoding="utf-8")
    failed = run(config)
    assert failed.push_failed == ["keyed2"]
    messages = " ".join(f.reason for f in failed.failures)
    stored = (tmp_path / "samizdat.db").read_bytes()
    assert SECRET not in messages and SECRET.encode() not in stored


def test_headers_and_upload_order_follow_the_path() -> None:
    assert content_type("pages/x/a.md") == "text/markdown; charset=utf-8"
    assert content_type("index.html") == "text/html; charset=utf-8"
    assert content_type("feed.xml") == "application/atom+xml; charset=utf-8"
    assert content_type("mirrors.json") == "application/json; charset=utf-8"
    assert content_type("assets/ab/x.webp") == "image/webp"
    assert cache_control("assets/ab/" + "a" * 64 + ".png").endswith("immutable")
    order = sorted(
        ["README.md", "indexes/local.md", "pages/local/a.md", "assets/ab/c.jpg", "feed.xml"],
        key=upload_rank,
    )
    assert order[:2] == ["assets/ab/c.jpg", "pages/local/a.md"]
    assert set(order[2:]) == {"README.md", "indexes/local.md", "feed.xml"}


def test_a_mirror_bucket_with_its_own_raw_url_loads_its_files_from_there(
    tmp_path: Path, origin: SiteServer, s3: S3Server, aws_env: None
) -> None:
    s3.client().create_bucket(Bucket="own")
    own = f"{s3.endpoint}/own/news/{{path}}"
    config = bucket_config(tmp_path, origin, s3, "own", f'content = "mirror"\nraw_url = "{own}"')
    cdn = "https://cdn.jsdelivr.net/gh/o/r@{branch}/{path}"
    text = config.read_text(encoding="utf-8").replace("[site]\n", f'[site]\nraw_url = "{cdn}"\n')
    config.write_text(text + '\n[images]\nlink = "raw"\n', encoding="utf-8")
    assert run(config).exit_code == 0
    mirror = tmp_path / "mirror"
    ours = (mirror / "pages/local/a1002.md").read_text("utf-8")
    held = read(s3, "own", "news/pages/local/a1002.md").decode("utf-8")
    assert "https://cdn.jsdelivr.net/gh/o/r@main/pages/local/a1002.png" in ours
    assert f"{s3.endpoint}/own/news/pages/local/a1002.png" in held
    assert "cdn.jsdelivr.net" not in held
    png = read(s3, "own", "news/pages/local/a1002.png")  # the file the page names is there
    assert png == (mirror / "pages/local/a1002.png").read_bytes()
