"""A page's image budget: the shares (pure), and the guarantee on a real page: an
article with six large noisy photos (JPEGs of 2-3 MB, made with Pillow by
bench/page_weight.py), served on loopback and mirrored with the default config, gives
a site page under 300 KB with its images, each image still at least ``min_width`` wide."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from PIL import Image

from samizdat.assets.budget import page_shares
from samizdat.config import ImagesConfig

REPO = Path(__file__).resolve().parents[2]


def test_images_that_fit_keep_no_limit() -> None:
    assert page_shares([100, 200], 1000) == [None, None]
    assert page_shares([10**6, 10**6], 0) == [None, None]  # no page budget


def test_small_images_keep_their_size_and_large_ones_share_the_rest() -> None:
    shares = page_shares([5_000, 2_000_000, 3_000_000, 1_000], 250_000)
    assert shares == [None, 122_000, 122_000, None]
    assert page_shares([900_000] * 6, 250_000) == [41_666] * 2 + [41_667] * 4


def test_the_shares_never_pass_the_budget() -> None:
    sizes = [70_000, 90_000, 400_000, 120_000, 3_000, 2_500_000]
    shares = page_shares(sizes, 250_000)
    limits = [size if share is None else share for size, share in zip(sizes, shares, strict=True)]
    assert sum(limits) <= 250_000


def test_a_page_of_six_large_photos_stays_under_300_kb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(REPO))  # the fixture is the benchmark's own
    from bench.page_weight import HEAVY_PHOTOS, heavy_site, page_weight

    site = heavy_site(tmp_path)
    origin_photos = sorted((tmp_path / "origin" / "img").glob("*.jpg"))
    assert len(origin_photos) == HEAVY_PHOTOS
    assert all(1_000_000 <= p.stat().st_size <= 3_000_000 for p in origin_photos)
    page = "pages/photos/p801.html"
    sources = lxml.html.fromstring((site / page).read_bytes()).xpath("//img/@src")
    sources = [src for src in sources if "/assets/" in src]  # not the share block's QR code
    assert len(set(sources)) == HEAVY_PHOTOS
    for src in sources:
        with Image.open((site / "pages/photos" / src).resolve()) as image:
            assert image.width >= ImagesConfig().min_width
    assert page_weight(site, page) < 300_000
