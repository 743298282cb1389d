"""Site rules in the config: validated at load (a bad selector names its key), merged
source → channel, and handed to the extractor exactly as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from samizdat.config import load_config
from samizdat.errors import ConfigError
from samizdat.extract import ExtractRules
from samizdat.pipeline._prepare import site_rules

CONFIG = """\
[site]
title = "Mirror"

[[sources]]
id = "gazette"

[sources.rules]
body = "div.story"
author = "a[rel=author]"
drop = ["nav", ".ad"]

[[sources.channels]]
id = "local"
title = "Local"
feed = "https://gazette.example.org/local/"
kind = "listing"
select = "h2.headline a"

[sources.channels.rules]
title = "h1.headline"
drop = ["footer"]

[[sources.channels]]
id = "world"
title = "World"
feed = "https://gazette.example.org/world.xml"
"""


def load(tmp_path: Path, text: str) -> object:
    path = tmp_path / "samizdat.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def error(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, text)
    return str(caught.value)


def test_a_channel_s_rules_override_the_source_s_and_drops_add_up(tmp_path: Path) -> None:
    config = load(tmp_path, CONFIG)
    source = config.sources[0]  # type: ignore[attr-defined]
    local, world = source.channels

    assert site_rules(source, local) == ExtractRules(
        body="div.story",
        title="h1.headline",
        author="a[rel=author]",
        drop=("nav", ".ad", "footer"),
    )
    assert site_rules(source, world) == ExtractRules(
        body="div.story", author="a[rel=author]", drop=("nav", ".ad")
    )


@pytest.mark.parametrize(
    ("good", "bad", "key"),
    [
        ('drop = ["nav", ".ad"]', 'drop = ["nav", "div[class="]', "sources[0].rules.drop"),
        ('body = "div.story"', 'body = "div..story"', "sources[0].rules.body"),
        ('title = "h1.headline"', 'title = "h1::"', "sources[0].channels[0].rules.title"),
        ('select = "h2.headline a"', 'select = "h2 > > a"', "sources[0].channels[0].select"),
    ],
)
def test_a_bad_selector_is_a_config_error_naming_the_key(
    tmp_path: Path, good: str, bad: str, key: str
) -> None:
    assert CONFIG.count(good) == 1
    text = CONFIG.replace(good, bad)
    line = text.splitlines().index(bad) + 1

    message = error(tmp_path, text)

    assert f"samizdat.toml:{line}: {key}" in message
    assert "invalid CSS selector" in message
    assert "example:" in message


def test_a_listing_needs_select_and_only_a_listing_takes_it(tmp_path: Path) -> None:
    no_select = CONFIG.replace('select = "h2.headline a"\n', "")
    assert 'sources[0].channels[0].select: a channel of kind = "listing" needs select' in (
        error(tmp_path, no_select)
    )
    stray = CONFIG.replace('kind = "listing"\n', "")
    assert 'sources[0].channels[0].select: only a channel of kind = "listing"' in (
        error(tmp_path, stray)
    )


def test_a_listing_cannot_take_its_text_from_the_feed(tmp_path: Path) -> None:
    text = CONFIG.replace('id = "gazette"\n', 'id = "gazette"\ncontent = "feed"\n')
    message = error(tmp_path, text)
    assert "sources[0].channels[0].content: a listing page carries no article text" in message


def test_an_unknown_rule_key_is_named_with_a_suggestion(tmp_path: Path) -> None:
    message = error(tmp_path, CONFIG.replace("author =", "autor ="))
    assert "sources[0].rules.autor: unknown key" in message
    assert "did you mean 'author'" in message
