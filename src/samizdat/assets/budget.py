"""The share of a page's image budget each of its images gets.

``images.page_budget`` bounds the bytes of all the images of one article together, so
that its page stays light on a phone. Small images keep their size; what they leave is
shared equally by the larger ones (the "water-filling" rule), so one photo among icons
gets nearly the whole budget, and six photos a sixth each.
"""

from __future__ import annotations

from collections.abc import Sequence

from samizdat.config import ImagesConfig


def page_shares(sizes: Sequence[int], budget: int) -> list[int | None]:
    """The byte limit of each image of ``sizes`` (None: no limit but ``max_bytes``), so
    that together they take at most ``budget`` (0: no budget).

    An image under its equal share keeps its size and no limit: its processing only
    strips it; the others are limited to an equal share of what the small ones leave.
    """
    if budget <= 0 or sum(sizes) <= budget:
        return [None] * len(sizes)
    shares: list[int | None] = [None] * len(sizes)
    left, remaining = budget, len(sizes)
    for index in sorted(range(len(sizes)), key=sizes.__getitem__):
        fair = left // remaining
        if sizes[index] > fair:
            shares[index] = fair
        left -= min(sizes[index], fair)
        remaining -= 1
    return shares


def over_budget(image_bytes: int, config: ImagesConfig) -> bool:
    """Whether a page's images, ``image_bytes`` together once shrunk, pass the page
    budget (they can: no image is made narrower than ``images.min_width``)."""
    return config.mirror and 0 < config.page_budget < image_bytes
