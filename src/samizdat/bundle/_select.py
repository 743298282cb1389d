"""Which articles a bundle carries: the newest N that the mirror has pages for."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from samizdat.config import Config
from samizdat.errors import SamizdatError
from samizdat.layout import VARIANTS, MirrorPage, classify, variant_path
from samizdat.models import ArticleRef
from samizdat.store import Store
from samizdat.tree import safe_read

# ZIP dates start in 1980: the time of a bundle whose articles carry no date.
EPOCH = datetime(1980, 1, 1, tzinfo=UTC)
_SLUG = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True, slots=True)
class Selection:
    articles: list[ArticleRef]  # newest first
    # Their pages, each followed by its script variants when the mirror has them.
    pages: list[MirrorPage]
    # The newest article's time: the bundle's only date, so the same articles give
    # the same bytes whenever the bundle is made.
    moment: datetime

    def stem(self, config: Config) -> str:
        sources = [s.id for s in config.sources]
        name = _SLUG.sub("-", sources[0]).strip("-") if len(sources) == 1 else "mirror"
        return f"{name or 'mirror'}-{self.moment:%Y%m%d}-latest{len(self.articles)}"

    def identifier(self, config: Config) -> str:
        """A stable id of this set of articles (the EPUB's ``dc:identifier``)."""
        key = "\n".join([config.site.title, *(a.page_path for a in self.articles)])
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, key)}"


def select_latest(config: Config, latest: int) -> Selection:
    """The newest ``latest`` published articles whose page is in the mirror."""
    if latest < 1:
        raise SamizdatError("--latest must be at least 1")
    mirror = config.output_dir
    if not config.state_path.is_file():
        raise SamizdatError(f"no state store at {config.state_path}: run `samizdat sync` first")
    with Store(config.state_path, read_only=True) as state:
        chosen = [a for a in state.articles() if safe_read.is_file(mirror, a.page_path)][:latest]
    if not chosen:
        raise SamizdatError(f"the mirror at {mirror} has no articles yet")
    pages: list[MirrorPage] = []
    for article in chosen:
        pages.append(classify(article.page_path))
        for variant in VARIANTS:
            path = variant_path(article.page_path, variant)
            if safe_read.is_file(mirror, path):
                pages.append(classify(path))
    dates = [a.published or a.first_seen for a in chosen]
    moment = max((d for d in dates if d is not None), default=EPOCH)
    return Selection(chosen, pages, max(moment, EPOCH).replace(microsecond=0))
