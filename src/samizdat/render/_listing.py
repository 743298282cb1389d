"""The lines of a list of articles (a channel's index, the home page), made cheaply.

A channel's index lists every article of the channel (1,000 and more), and is rebuilt
whenever one arrives. Its lines are the same as one by one from
:func:`samizdat.layout.relative` and :func:`samizdat.render._markdown.format_date`,
with what a page's lines share worked out once: the link to each folder of pages, and
each day's date.
"""

from __future__ import annotations

import posixpath
from datetime import UTC, date, datetime

from samizdat import layout
from samizdat.localtime import local
from samizdat.models import ArticleRef
from samizdat.render import _markdown as md
from samizdat.render._views import ListItem

# A file name no page has (NUL is in no path): the link to it is the folder's link.
_PROBE = "\0"


class Lister:
    """The list items of the page at ``from_path``, dated in ``zone_name``."""

    def __init__(self, from_path: str, zone_name: str) -> None:
        self._from = from_path
        self._zone = zone_name
        self._utc = zone_name == "UTC"
        # A folder's name in the page's own folder path: its links are relative()'s own.
        own = posixpath.normpath(posixpath.dirname(from_path) or ".").split("/")
        self._own = set(own)
        self._own_unsure = ".." in own or "" in own
        self._folders: dict[str, str | None] = {}
        self._days: dict[date, str] = {}

    def item(self, ref: ArticleRef) -> ListItem:
        day = self.date(ref.published) if ref.published else ""
        return ListItem(ref, self.href(ref.page_path), day)

    def href(self, to_path: str) -> str:
        """``layout.relative(from_path, to_path)``."""
        folder, slash, name = to_path.rpartition("/")
        if name in ("", ".", "..") or name in self._own:
            return layout.relative(self._from, to_path)
        if folder in self._folders:
            prefix = self._folders[folder]
        else:
            prefix = self._folders[folder] = self._prefix(folder) if slash else None
        return layout.relative(self._from, to_path) if prefix is None else prefix + name

    def _prefix(self, folder: str) -> str | None:
        """The link to a page of ``folder`` without the page's name (None: not in the
        mirror, or the page itself is not plain: relative() alone decides)."""
        parts = posixpath.normpath(folder).split("/")
        if self._own_unsure or not folder or ".." in parts or "" in parts:
            return None
        probe = layout.relative(self._from, f"{folder}/{_PROBE}")
        return probe[: -len(_PROBE)] if probe.endswith(_PROBE) else None

    def date(self, moment: datetime) -> str:
        """``md.format_date(moment, zone_name)``: the same for every moment of a day."""
        if self._utc and moment.tzinfo is UTC:
            day = moment.date()
        else:
            day = local(moment, self._zone).date()
        text = self._days.get(day)
        if text is None:
            text = self._days[day] = md.format_date(moment, self._zone)
        return text
