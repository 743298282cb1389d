"""The mirror's pages whose images stay over ``images.page_budget``, weighed in the tree.

The store says which images each published page shows; their bytes are those of the
files in the mirror (the record), looked at through :mod:`samizdat.tree.safe_read`
(each folder walked to once, no file opened): a link or a file that is not there
weighs nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from samizdat.assets.budget import over_budget
from samizdat.config import ImagesConfig
from samizdat.models import PageOverBudget
from samizdat.tree import safe_read


def pages_over_budget(
    images: Iterable[tuple[str, str, str]], root: Path, config: ImagesConfig
) -> list[PageOverBudget]:
    """The pages of ``images`` ((channel, page, image path) rows, as the store gives
    them) whose images together pass the page budget, in the rows' order."""
    if not (config.mirror and config.page_budget > 0):
        return []
    rows = list(images)
    sizes = safe_read.sizes(root, {path for _, _, path in rows})
    weights: dict[tuple[str, str], int] = {}
    for channel, page, path in rows:
        weights[channel, page] = weights.get((channel, page), 0) + sizes[path]
    return [
        PageOverBudget(channel, page, weight)
        for (channel, page), weight in weights.items()
        if over_budget(weight, config)
    ]
