"""`samizdat serve`'s server: GitHub-like pages over the mirror's files, read-only."""

from __future__ import annotations

import hashlib
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from samizdat.cli import main
from samizdat.preview.server import PreviewServer
from support import write_config

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2266c"
    "f70000000049454e44ae426082"
)


@pytest.fixture
def mirror(tmp_path: Path) -> Path:
    root = tmp_path / "mirror"
    files = {
        "README.md": "# Home\n\n[World](indexes/world.md) | [Local](indexes/local.md?t=1124)\n",
        "indexes/world.md": "# World\n\n- [First](../pages/world/first.md) 2026-11-18\n",
        "indexes/local.md": "# Local\n",
        "pages/world/first.md": (
            "# First\n\n[Home](../../README.md)\n\n![a chart](../../assets/ab/ab12.png)\n\n"
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ **new**\n\n"
            '<img src="first.png" onerror="alert(1)"> <script>alert(2)</script>\n'
        ),
        "pages/world/first.png": PNG,
        "assets/ab/ab12.png": PNG,
        "feed.xml": "<feed/>",
        ".git/config": "[remote]\nurl = https://token@example.org/\n",
    }
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    (tmp_path / "secret.txt").write_text("outside", encoding="utf-8")
    (root / "pages" / "escape.md").symlink_to(tmp_path / "secret.txt")
    return root


@pytest.fixture
def server(mirror: Path) -> Iterator[PreviewServer]:
    with PreviewServer(mirror) as running:
        yield running


def get(url: str) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def links(html: str, attribute: str) -> list[str]:
    import re

    return re.findall(rf'{attribute}="([^"]+)"', html)


def snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_home_page_is_the_readme_rendered_with_its_links_as_written(server: PreviewServer) -> None:
    status, kind, body = get(server.url)
    html = body.decode()
    assert (status, kind) == (200, "text/html; charset=utf-8")
    assert "<h1>Home</h1>" in html
    assert "<title>Home</title>" in html
    assert links(html, "href")[-2:] == ["indexes/world.md", "indexes/local.md?t=1124"]


def test_every_relative_link_and_image_resolves_to_a_served_file(server: PreviewServer) -> None:
    seen: set[str] = set()
    todo = [server.url]
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        status, kind, body = get(url)
        assert status == 200, url
        if kind.startswith("text/html"):
            html = body.decode()
            for href in links(html, "href") + links(html, "src"):
                if "://" not in href:
                    todo.append(urllib.parse.urljoin(url, href))
    paths = {urllib.parse.urlsplit(u).path for u in seen}
    assert {"/indexes/world.md", "/pages/world/first.md", "/assets/ab/ab12.png"} <= paths
    assert "/README.md" in paths  # the article's link back home


def test_gfm_is_rendered_and_raw_html_sanitized(server: PreviewServer) -> None:
    html = get(server.url + "pages/world/first.md")[2].decode()
    assert "<table>" in html and "<td>1</td>" in html
    assert "<del>old</del> <strong>new</strong>" in html
    assert "onerror" not in html
    assert "<script>" not in html.split("<article", 1)[1]
    assert '<img src="../../assets/ab/ab12.png" alt="a chart"' in html


def test_images_and_raw_files_are_served_as_they_are(server: PreviewServer) -> None:
    assert get(server.url + "assets/ab/ab12.png") == (200, "image/png", PNG)
    status, kind, body = get(server.url + "pages/world/first.md?raw")
    assert (status, kind) == (200, "text/plain; charset=utf-8")
    assert body.startswith(b"# First")
    assert get(server.url + "feed.xml")[1] == "application/xml"


def test_folders_list_their_files(server: PreviewServer) -> None:
    request = urllib.request.Request(server.url + "indexes")
    with urllib.request.urlopen(request, timeout=5) as response:  # follows the redirect
        assert response.url.endswith("/indexes/")
        html = response.read().decode()
    assert links(html, "href")[-2:] == ["local.md", "world.md"]


@pytest.mark.parametrize(
    "path", [".git/config", "pages/escape.md", "..%2fsecret.txt", "%2e%2e/secret.txt", "nope.md"]
)
def test_nothing_outside_the_mirror_or_hidden_is_served(server: PreviewServer, path: str) -> None:
    status, _, body = get(server.url + path)
    assert status == 404
    assert b"token" not in body and b"outside" not in body


def test_serving_writes_nothing(mirror: Path, server: PreviewServer) -> None:
    before = snapshot(mirror)
    for path in ("", "indexes/", "pages/world/first.md", "assets/ab/ab12.png"):
        get(server.url + path)
    assert snapshot(mirror) == before


def test_it_binds_to_loopback_only_by_default(server: PreviewServer) -> None:
    assert server.url.startswith("http://127.0.0.1:")


def test_serve_command_explains_a_missing_mirror_and_a_busy_port(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, "http://127.0.0.1:9")
    assert main(["serve", "-c", str(config), "--port", "0"]) == 1
    assert "samizdat sync" in capsys.readouterr().err
    (tmp_path / "mirror").mkdir()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "-c", str(config), "--port", str(port)]) == 1
    assert "--port" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("option", "said"),
    [
        (["--port", "70000"], "70000 is not a port: use 1-65535"),
        (["--port", "-1"], "-1 is not a port"),
        (["--bind", "nosuch.invalid"], "'nosuch.invalid' is no address of this machine"),
    ],
)
def test_serve_refuses_a_port_or_address_that_cannot_be(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: list[str], said: str
) -> None:
    config = write_config(tmp_path, "http://127.0.0.1:9")
    (tmp_path / "mirror").mkdir()
    with pytest.raises(SystemExit) as exited:
        main(["serve", "-c", str(config), *option])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert said in err
    assert "Traceback" not in err and "--port, or 0" not in err


def test_serve_on_an_address_of_another_machine_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, "http://127.0.0.1:9")
    (tmp_path / "mirror").mkdir()
    # TEST-NET-1 (RFC 5737): a valid address that is no interface of this machine.
    assert main(["serve", "-c", str(config), "--bind", "192.0.2.1", "--port", "0"]) == 1
    err = capsys.readouterr().err
    assert "not an address of this machine" in err and "--port, or 0" not in err
