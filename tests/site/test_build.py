# ruff: noqa: RUF001  (CJK and full-width text is intended)
"""`samizdat build-site` on a real demo mirror: every page, relative links, nothing remote."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest

from mirror_support import NOW, add_config, copy_demo
from samizdat.cli import main
from samizdat.config import Config, load_config
from samizdat.demo.server import SiteServer
from samizdat.errors import SamizdatError
from samizdat.site import SiteResult, build_site
from support import write_config

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def html_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def parse(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def local_target(page: Path, ref: str) -> Path | None:
    """The file a relative link of ``page`` names (None for absolute or fragment links)."""
    if not ref or ref.startswith("#") or _SCHEME.match(ref) or ref.startswith("//"):
        return None
    return (page.parent / unquote(urlsplit(ref).path)).resolve()


def test_every_mirror_page_has_its_html_page(demo: Config, demo_site: SiteResult) -> None:
    mirror, site = demo.output_dir, demo_site.out
    markdown = sorted(p.relative_to(mirror) for p in mirror.rglob("*.md") if ".git" not in p.parts)
    assert len(markdown) == 47  # 31 articles, 11 in Traditional too, 5 indexes, home
    for md in markdown:
        html = "index.html" if md.as_posix() == "README.md" else md.with_suffix(".html").as_posix()
        assert (site / html).is_file(), html
    for name in ("search.html", "status.html", "mirrors.html", "style.css", "feed.xml"):
        assert (site / name).is_file(), name
    assert demo_site.articles == 31
    assert (site / "pages/local/a1001.png").is_file()  # the QR code


def test_links_are_relative_and_resolve_inside_the_site(demo_site: SiteResult) -> None:
    site = demo_site.out.resolve()
    checked = 0
    for page in html_files(site):
        root = parse(page)
        for element, attribute, ref, _ in root.iterlinks():
            if attribute not in ("href", "src") or element.tag == "form":
                continue
            assert not ref.startswith("/"), f"{page}: root-relative link {ref}"
            target = local_target(page, ref)
            if target is None:
                continue
            assert target.is_file(), f"{page.relative_to(site)}: {ref} -> missing"
            assert site in target.parents
            assert not target.name.endswith(".md"), f"{page}: link to Markdown {ref}"
            checked += 1
    assert checked > 500


def test_pages_load_nothing_from_elsewhere(demo_site: SiteResult) -> None:
    site = demo_site.out
    for page in html_files(site):
        root = parse(page)
        for element in root.iter("img", "script", "link", "iframe", "source", "video", "audio"):
            ref = element.get("src") or (element.get("href") if element.tag == "link" else "")
            assert not _SCHEME.match(ref or ""), f"{page}: {element.tag} loads {ref}"
        assert not root.xpath("//iframe | //object | //embed | //@style[contains(., 'url(')]")
        scripts = root.xpath("//script")
        if page.name == "search.html" and page.parent == site:
            assert [s.get("src") for s in scripts] == [
                "search/docs.js",
                "search/fold.js",
                "search.js",
            ]
            assert all(not (s.text or "").strip() for s in scripts)
        else:
            assert scripts == [], f"{page} carries script"
        assert not root.xpath("//@*[starts-with(name(), 'on')]")
    css = (site / "style.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css and "@font-face" not in css


def test_article_page_shows_the_mirror_page(demo_site: SiteResult) -> None:
    page = demo_site.out / "pages/local/a1001.html"
    root = parse(page)
    assert root.get("lang") == "zh-CN"
    assert root.xpath("//meta[@name='viewport']")
    assert root.xpath("string(//h1)") == "河湾市议会通过2027年度预算，公共图书馆经费增加12%"
    assert root.xpath("//table//td[.='公共图书馆']")
    assert root.xpath("//a[@href='../../indexes/local.html']")
    assert root.xpath("//a[@href='../../index.html']")
    assert root.xpath("//img[@src='a1001.png']")  # the QR code, next to the page
    assert root.xpath("//img[starts-with(@src, '../../assets/')]")
    share = "https://github.com/example/lantern-mirror/blob/main/pages/local/a1001.md"
    assert root.xpath(f"//a[@href='{share}']")
    feed = root.xpath("//link[@rel='alternate']")[0]
    assert feed.get("type") == "application/atom+xml" and feed.get("href") == "../../feed.xml"
    assert root.xpath("//form[@action='../../search.html']/input[@name='q']")


def test_rebuild_writes_nothing_and_cleans_what_is_gone(demo: Config, tmp_path: Path) -> None:
    config = load_config(copy_demo(demo.base_dir / "samizdat.toml", tmp_path / "demo"))
    out = tmp_path / "site"
    first = build_site(config, out, now=NOW)
    assert first.changed > 90 and first.removed == 0
    assert build_site(config, out, now=NOW).changed == 0
    (out / "notes.txt").write_text("the operator's own file", encoding="utf-8")
    (config.output_dir / "pages/world/a2010.md").unlink()
    third = build_site(config, out, now=NOW)
    assert third.removed == 2  # the page and its QR code
    assert not (out / "pages/world/a2010.html").exists()
    assert not (out / "pages/world/a2010.png").exists()
    assert (out / "notes.txt").is_file()


def test_refuses_to_write_into_the_mirror(demo: Config) -> None:
    with pytest.raises(SamizdatError, match="mirror"):
        build_site(demo, demo.output_dir)
    with pytest.raises(SamizdatError, match=r"\.git"):
        build_site(demo, demo.output_dir / ".git" / "site")


def test_no_mirror_yet_is_a_clear_error(tmp_path: Path, demo: Config) -> None:
    config = copy_demo(demo.base_dir / "samizdat.toml", tmp_path / "demo")
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('output = "mirror"', 'output = "nothing-here"'))
    with pytest.raises(SamizdatError, match="run `samizdat sync` first"):
        build_site(load_config(config))
    assert main(["build-site", "-c", str(config)]) == 1


def test_script_variants_link_to_each_other(demo: Config, tmp_path: Path) -> None:
    config = load_config(copy_demo(demo.base_dir / "samizdat.toml", tmp_path / "demo"))
    pages = config.output_dir / "pages/local"
    original = (pages / "a1001.md").read_text(encoding="utf-8")
    (pages / "a1001.hant.md").write_text(
        original.replace("河湾市议会通过", "河灣市議會通過"), encoding="utf-8"
    )
    out = tmp_path / "site"
    build_site(config, out, now=NOW)
    simplified = parse(out / "pages/local/a1001.html")
    traditional = parse(out / "pages/local/a1001.hant.html")
    switch = simplified.xpath("//nav[@class='variants']/a")
    assert [(a.get("href"), a.text, a.get("hreflang")) for a in switch] == [
        ("a1001.hant.html", "繁體", "zh-Hant")
    ]
    assert simplified.xpath("string(//nav[@class='variants']/strong)") == "简体"
    assert traditional.get("lang") == "zh-Hant"
    assert [a.get("href") for a in traditional.xpath("//nav[@class='variants']/a")] == [
        "a1001.html"
    ]
    assert traditional.xpath("string(//h1)").startswith("河灣市議會通過")
    # A page with no variant has no switch.
    assert not parse(out / "pages/culture/a3001.html").xpath("//nav[@class='variants']")


def test_cli_build_site(
    demo_config_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["build-site", "-c", str(demo_config_path), "--out", str(out)]) == 0
    assert (out / "index.html").is_file()
    assert "47 pages, 31 articles" in capsys.readouterr().out


def test_sync_builds_the_site_when_configured(tmp_path: Path, origin: SiteServer) -> None:
    config = write_config(tmp_path, origin.base_url)
    add_config(config, '[html]\noutput = "public"\nbuild_on_sync = true')
    assert main(["sync", "-c", str(config), "-q"]) == 0
    home = tmp_path / "public" / "index.html"
    assert home.is_file()
    assert parse(home).xpath("//a[@href='indexes/local.html']")


def test_links_out_of_the_article_carry_nofollow_noopener(demo_site: SiteResult) -> None:
    page = parse(demo_site.out / "pages/culture/a3007.html")
    outside = [a for a in page.xpath("//article//a[@href]") if a.get("href").startswith("https://")]
    assert outside  # the organiser's site and the original article
    for anchor in outside:
        assert {"nofollow", "noopener"} <= set((anchor.get("rel") or "").split()), anchor.get(
            "href"
        )
