"""`samizdat extract URL...`: what a sync would publish for these pages, mirror untouched.

Each page is fetched through the same fetcher a sync uses (its limits, proxy, address
guard) and extracted the same way (the source's site rules with ``--source``), its
images chosen and its HTML sanitized; the Markdown body is printed, or with
``--json`` one JSON object per URL and line. Images keep their origin URLs: nothing is
mirrored or written. Pages are fetched concurrently; the exit code is 1 when any failed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from samizdat.clock import system_clock
from samizdat.config import (
    ChannelConfig,
    Config,
    FetchConfig,
    ImagesConfig,
    SiteConfig,
    SourceConfig,
    load_config,
)
from samizdat.errors import ConfigError, SamizdatError
from samizdat.extract import ExtractRules
from samizdat.fetch.client import Fetcher
from samizdat.models import Article
from samizdat.pipeline._prepare import cleaned, fetch_article, site_rules
from samizdat.transform.markdown import html_to_markdown

DEFAULT_CONFIG = "samizdat.toml"


@dataclass(frozen=True, slots=True)
class Extracted:
    """One URL's outcome: the article as published and its Markdown, or the error."""

    url: str
    article: Article | None = None
    markdown: str = ""
    error: str = ""

    def as_json(self) -> dict[str, Any]:
        article = self.article
        published = article.published if article else None
        return {
            "url": self.url,
            "final_url": article.url if article else None,
            "canonical_url": (article.canonical_url or None) if article else None,
            "title": article.title if article else None,
            "author": (article.author or None) if article else None,
            "published": published.isoformat() if published else None,
            "lead_image": (article.image_url or None) if article else None,
            "lead_image_caption": (article.image_caption or None) if article else None,
            "language": (article.language or None) if article else None,
            "categories": list(article.categories) if article else [],
            "markdown": self.markdown if article else None,
            "error": self.error or None,
        }


def run(args: argparse.Namespace) -> int:
    config = _config(args.config)
    source, channel = _source(config, args.source)
    fetch = config.fetch if config else FetchConfig()
    if args.allow_private:
        fetch = fetch.model_copy(update={"allow_private": True})
    rules = site_rules(source, channel) if source else ExtractRules()
    results = asyncio.run(extract_all(args.urls, fetch, rules, config, system_clock()))
    for result in results:
        if args.json:
            print(json.dumps(result.as_json(), ensure_ascii=False))
        elif result.error:
            print(f"samizdat: {result.error}", file=sys.stderr)
        else:
            _print_markdown(result, several=len(results) > 1)
    return 1 if any(result.error for result in results) else 0


async def extract_all(
    urls: list[str], fetch: FetchConfig, rules: ExtractRules, config: Config | None,
    now: datetime,
) -> list[Extracted]:  # fmt: skip
    """Every URL fetched and extracted concurrently (dates judged at ``now``); results in
    the order given."""
    async with Fetcher(fetch) as fetcher:
        jobs = (_one(fetcher, url, rules, config, now) for url in urls)
        return list(await asyncio.gather(*jobs))


async def _one(
    fetcher: Fetcher, url: str, rules: ExtractRules, config: Config | None, now: datetime
) -> Extracted:
    try:
        article = await fetch_article(fetcher, url, rules, now)
        site = config.site if config else SiteConfig(title="")
        article, _ = cleaned(article, site, config.images if config else ImagesConfig())
    except SamizdatError as exc:
        return Extracted(url, error=str(exc))
    return Extracted(url, article, html_to_markdown(article.body_html))


def _print_markdown(result: Extracted, *, several: bool) -> None:
    assert result.article is not None
    if several:
        print(f"<!-- {result.url} -->")
    print(f"# {result.article.title}\n" if result.article.title else "", end="")
    print()
    print(result.markdown.rstrip("\n"))
    print()


def _config(path: str | None) -> Config | None:
    """The named config; else ./samizdat.toml when there is one; else none (defaults)."""
    if path is not None:
        return load_config(path)
    if Path(DEFAULT_CONFIG).is_file():
        return load_config(DEFAULT_CONFIG)
    return None


def _source(
    config: Config | None, wanted: str | None
) -> tuple[SourceConfig | None, ChannelConfig | None]:
    """The source (and channel) named by ``--source ID[/CHANNEL]``."""
    if not wanted:
        return None, None
    if config is None:
        raise ConfigError(f"--source {wanted}: no config file (give one with -c PATH)")
    source_id, _, channel_id = wanted.partition("/")
    for source in config.sources:
        if source.id != source_id:
            continue
        if not channel_id:
            return source, None
        for channel in source.channels:
            if channel.id == channel_id:
                return source, channel
        raise ConfigError(f"--source {wanted}: source {source_id!r} has no channel {channel_id!r}")
    known = ", ".join(s.id for s in config.sources)
    raise ConfigError(f"--source {wanted}: no source {source_id!r} in the config (it has: {known})")
