"""`samizdat extract URL...`: pages fetched (concurrently) and extracted as a sync would,
printed as Markdown or JSON lines; exit 1 when any URL failed."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from samizdat.cli import main
from samizdat.demo.server import SiteServer
from support import write_config

CORPUS = Path(__file__).resolve().parents[2] / "bench" / "extract_corpus"


@pytest.fixture
def corpus_site(tmp_path: Path) -> Iterator[SiteServer]:
    root = tmp_path / "site"
    shutil.copytree(CORPUS, root)
    with SiteServer(root) as server:
        yield server


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["extract", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_lines_for_several_urls_in_the_order_given(
    corpus_site: SiteServer, capsys: pytest.CaptureFixture[str]
) -> None:
    base = corpus_site.base_url
    urls = [f"{base}/wp_captions.html", f"{base}/missing.html", f"{base}/zh_gbk.html"]
    code, out, _ = run(capsys, "--json", "--allow-private", *urls)

    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 1  # one URL failed
    assert [line["url"] for line in lines] == urls
    for line in lines:
        assert {"url", "title", "author", "published", "lead_image", "markdown", "error"} <= set(
            line
        )
    wp, missing, zh = lines
    assert wp["error"] is None
    assert wp["title"] == "Harbour dredging uncovers a nineteenth-century schooner"
    assert wp["author"] == "Maya Wells"
    assert wp["published"] == "2026-03-14T23:41:00+00:00"
    assert "Crews dredging the inner harbour" in wp["markdown"]
    assert wp["markdown"].count("Oak frames from the wreck") == 1
    assert f"({base}/wp-content/uploads/2026/03/timbers-1024x683.jpg)" in wp["markdown"]
    assert "Most read" not in wp["markdown"] and "Related" not in wp["markdown"]
    assert missing["markdown"] is None and "HTTP 404" in missing["error"]
    assert zh["title"] == "山区学校用上太阳能热水" and "太阳能热水系统" in zh["markdown"]


def test_markdown_with_the_source_s_rules_and_the_config_s_fetch_settings(
    tmp_path: Path, corpus_site: SiteServer, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(
        tmp_path,
        corpus_site.base_url,
        channels=[{"id": "n", "title": "N", "feed": f"{corpus_site.base_url}/feed.xml"}],
        source={"rules": {"body": "div.entry-content", "drop": [".wp-caption", "h2"]}},
    )
    url = f"{corpus_site.base_url}/wp_captions.html"

    code, plain, _ = run(capsys, "-c", str(config), url)
    assert code == 0
    assert plain.startswith("# Harbour dredging uncovers a nineteenth-century schooner\n")
    assert "Oak frames from the wreck" in plain  # no rules: the caption is kept

    code, ruled, _ = run(capsys, "-c", str(config), "--source", "lantern", url)
    assert code == 0
    assert "Crews dredging the inner harbour" in ruled
    assert "Oak frames from the wreck" not in ruled  # dropped by the rules
    assert "A ship the town remembered" not in ruled


def test_private_addresses_are_refused_unless_allowed(
    corpus_site: SiteServer, capsys: pytest.CaptureFixture[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)  # no ./samizdat.toml
    code, out, err = run(capsys, f"{corpus_site.base_url}/print_only.html")

    assert code == 1
    assert out == ""
    assert "non-public address" in err and "print_only.html" in err


def test_an_unknown_source_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, "https://e.org")
    code, _, err = run(capsys, "-c", str(config), "--source", "nope", "https://e.org/a")

    assert code == 2
    assert "no source 'nope'" in err and "lantern" in err


class _TogetherHandler(BaseHTTPRequestHandler):
    """Answers only once three requests are in: fetched one by one, they would time out."""

    barrier = threading.Barrier(3, timeout=20)

    def do_GET(self) -> None:
        try:
            self.barrier.wait()
        except threading.BrokenBarrierError:
            self.send_error(503)
            return
        body = (CORPUS / "print_only.html").read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_the_urls_are_fetched_concurrently(capsys: pytest.CaptureFixture[str]) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _TogetherHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        code, out, _ = run(capsys, "--json", "--allow-private", *(f"{base}/{n}" for n in "abc"))
    finally:
        server.shutdown()
        server.server_close()

    assert code == 0
    assert [json.loads(line)["error"] for line in out.splitlines()] == [None, None, None]
