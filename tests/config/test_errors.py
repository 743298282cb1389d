"""Config errors as an operator reads them: file, line, key path, problem, example."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from samizdat.config import load_config
from samizdat.config.locate import KeyLines, parse_key_path
from samizdat.errors import ConfigError

VALID = """\
[site]
title = "x"

[fetch]
timeout = 5

[templates]
menu = [
  { title = "a", url = "https://e.org/a" },
  { title = "b", url = "https://e.org/b" },
]

[[sources]]
id = "a"

[[sources.channels]]
id = "c"
title = "C"
feed = "http://e.org/c.xml"

[[sources]]
id = "b"
exclude = ['\\[视频\\]']

[[sources.channels]]
id = "d"
title = "D"
feed = "http://e.org/d.xml"
kind = "rss"
"""


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def error_for(tmp_path: Path, text: str) -> str:
    path = tmp_path / "samizdat.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return str(caught.value)


def test_the_base_config_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "samizdat.toml"
    path.write_text(VALID, encoding="utf-8")
    assert len(load_config(path).sources) == 2


# (line to replace, bad line, key path, words of the problem)
CASES = [
    ('kind = "rss"', 'kind = "rdf"', "sources[1].channels[0].kind", "'atom'"),
    ('feed = "http://e.org/d.xml"', 'feed = "ftp://e/d"', "sources[1].channels[0].feed", "http"),
    ('id = "c"', 'id = "../c"', "sources[0].channels[0].id", "letters"),
    ("timeout = 5", 'timeout = "soon"', "fetch.timeout", "number"),
    ("timeout = 5", "timeout = -1", "fetch.timeout", "greater than 0"),
    ('title = "x"', 'title = "x"\nlanguage = "fr"', "site.language", "'zh-CN'"),
    ('title = "x"', 'title = "x"\ncache_bust = "maybe"', "site.cache_bust", "boolean"),
    ('title = "x"', 'title = "x"\npage_url = "https://e.org/"', "site.page_url", "{path}"),
    ("exclude = ['\\[视频\\]']", "exclude = ['(']", "sources[1].exclude", "regular expression"),
    ('{ title = "b", url = "https://e.org/b" },', '{ title = 2, url = "https://e.org/b" },',
     "templates.menu[1].title", "string"),
]  # fmt: skip


@pytest.mark.parametrize(("good", "bad", "key", "problem"), CASES)
def test_an_invalid_value_names_file_line_key_problem_and_a_valid_example(
    tmp_path: Path, good: str, bad: str, key: str, problem: str
) -> None:
    assert VALID.count(good) == 1
    text = VALID.replace(good, bad)
    message = error_for(tmp_path, text)
    bad_line = line_of(text, bad.splitlines()[-1])

    assert "samizdat.toml" in message
    assert f"samizdat.toml:{bad_line}: {key}: " in message
    assert problem in message
    example = re.search(r"example: (.+)", message)
    assert example, message

    # The example, put in place of the bad line, is a valid value.
    lines = text.splitlines()
    indent = re.match(r"\s*", lines[bad_line - 1]).group()  # type: ignore[union-attr]
    if "{ title" in bad:
        lines[bad_line - 1] = indent + '{ title = "Guides", url = "https://e.org/b" },'
    else:
        lines[bad_line - 1] = indent + example.group(1)
    fixed = tmp_path / "fixed.toml"
    fixed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    load_config(fixed)


def test_a_missing_key_points_at_its_table_and_shows_the_key(tmp_path: Path) -> None:
    text = VALID.replace('feed = "http://e.org/d.xml"\n', "")
    message = error_for(tmp_path, text)
    header = line_of(text, 'id = "d"') - 1
    assert (
        f"samizdat.toml:{header}: sources[1].channels[0].feed: required key is missing" in message
    )
    assert 'example: feed = "https://example.org/rss/news.xml"' in message


def test_a_missing_section_shows_a_whole_valid_table(tmp_path: Path) -> None:
    message = error_for(tmp_path, '[site]\ntitle = "x"\n')
    assert "sources: required key is missing" in message
    example = message.split("example:\n", 1)[1]
    fixed = tmp_path / "fixed.toml"
    fixed.write_text('[site]\ntitle = "x"\n' + re.sub(r"(?m)^ +", "", example), "utf-8")
    assert load_config(fixed).sources[0].channels[0].id == "news"


def test_a_misspelt_key_gets_a_suggestion(tmp_path: Path) -> None:
    text = VALID.replace("timeout = 5", "timout = 5")
    message = error_for(tmp_path, text)
    assert f"samizdat.toml:{line_of(text, 'timout')}: fetch.timout: unknown key" in message
    assert "did you mean 'timeout'?" in message


def test_a_check_across_keys_is_located_too(tmp_path: Path) -> None:
    text = VALID.replace('id = "d"', 'id = "c"')
    message = error_for(tmp_path, text)
    line = line_of(text, 'title = "D"') - 1
    assert f"samizdat.toml:{line}: sources[1].channels[0].id:" in message
    assert "duplicate channel id" in message


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = VALID.replace("timeout = 5", 'timeout = "x"').replace('kind = "rss"', 'kind = "x"')
    message = error_for(tmp_path, text)
    assert "fetch.timeout" in message
    assert "sources[1].channels[0].kind" in message


def test_locator_follows_arrays_of_tables_and_multiline_values() -> None:
    text = (
        '[a]\nx = """\n[[not.a.table]]\ny = 1\n"""\nlist = [\n  1, # one\n  2,\n]\n'
        "[[s]]\n[[s.c]]\n[[s.c]]\nk = 'v'\n[[s]]\n[[s.c]]\n\"q\" . r = 1\n"
    )
    lines = KeyLines.scan(text)
    assert lines.line_of("a.x") == (2, "a.x")
    assert lines.line_of("a.list[1]") == (8, "a.list[1]")
    assert lines.line_of("a.y") == (1, "a")  # y sits inside a string: not a key
    assert lines.line_of("s[0].c[1].k") == (13, "s[0].c[1].k")
    assert lines.line_of("s[1].c[0].q.r") == (16, "s[1].c[0].q.r")
    assert lines.line_of("s[1].c[0].missing") == (15, "s[1].c[0]")
    assert parse_key_path("s[1].c[0].k") == ("s", 1, "c", 0, "k")
