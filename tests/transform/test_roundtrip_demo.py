"""The round-trip measure over the demo mirror: every mirrored article's page, rendered
as GitHub renders it, carries the words and the structure of its sanitized source."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from samizdat.config import load_config
from samizdat.demo.server import SiteServer
from samizdat.pipeline import sync
from samizdat.store import Store
from samizdat.transform.images import rewrite_images
from support import write_config
from transform.roundtrip import f1, parse, render, structure, tokens, visible_text

BODY = re.compile(r"<!-- article -->\n(.*)\n<!-- /article -->", re.S)


def test_every_demo_page_round_trips(tmp_path: Path, origin: SiteServer) -> None:
    config_path = write_config(tmp_path, origin.base_url, source={"exclude": [r"\[视频\]"]})
    config = load_config(config_path)
    asyncio.run(sync(config, push=False))

    checked = 0
    problems: list[str] = []
    with Store(config.state_path) as store:
        for _, channel in config.channels():
            for ref in store.newest(channel.id):
                article = store.load_body(channel.id, ref.article_id)
                assert article is not None
                page = (config.output_dir / ref.page_path).read_text(encoding="utf-8")
                match = BODY.search(page)
                assert match, ref.page_path
                markdown = match.group(1)
                # An image that could not be mirrored is, by design, its alt text (not a
                # link to the origin): compare with the source in that form.
                source_html = rewrite_images(
                    article.body_html,
                    lambda url, s=store: url if (s.asset_for(url) or ("", ""))[0] else None,
                )
                source = parse(source_html)
                rendered = parse(render(markdown) or "<div></div>")
                score = f1(tokens(visible_text(source)), tokens(visible_text(rendered)))
                if score < 0.995:
                    problems.append(f"{ref.page_path}: text F1 {score:.4f}")
                if structure(source) != structure(rendered):
                    problems.append(
                        f"{ref.page_path}: {structure(source)} != {structure(rendered)}"
                    )
                squeezed = "".join(visible_text(rendered).split())
                for caption in source.iter("figcaption"):
                    if "".join(caption.text_content().split()) not in squeezed:
                        problems.append(f"{ref.page_path}: caption lost")
                checked += 1
    assert problems == []
    assert checked == 31
