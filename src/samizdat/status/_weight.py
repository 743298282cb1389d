"""The mirror's pages whose images stay over ``images.page_budget``.

A run stores each page's weight when it writes the page (the bytes of the images it
shows, each once), so the pages over a budget are one query, whatever the mirror's
size. Pages the store holds no weight for (recorded by an older samizdat) are weighed
in the tree instead, as the store's rebuild does: their bytes are those of the files
in the mirror (the record), looked at through :mod:`samizdat.tree.safe_read` (each
folder walked to once, no file opened): a link or a file that is not there weighs
nothing.
"""

from __future__ import annotations

from pathlib import Path

from samizdat.assets.budget import over_budget
from samizdat.config import ImagesConfig
from samizdat.models import PageOverBudget
from samizdat.store import Store, weigh_pages


def pages_over_budget(store: Store, root: Path, config: ImagesConfig) -> list[PageOverBudget]:
    """The published pages whose images together pass the page budget, by channel and
    page: their stored weights, and the files of those not weighed yet."""
    if not (config.mirror and config.page_budget > 0):
        return []
    heavy = [PageOverBudget(*row) for row in store.heavy_pages(config.page_budget)]
    unweighed = (((channel, page), path) for channel, _, page, path in store.unweighed_images())
    heavy += [
        PageOverBudget(channel, page, weight)
        for (channel, page), weight in weigh_pages(root, unweighed).items()
        if over_budget(weight, config)
    ]
    return sorted(heavy, key=lambda page: (page.channel, page.page))
