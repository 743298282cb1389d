"""The sources and their channels: feeds, filters, scripts and content modes."""

from typing import Annotated

from pydantic import (
    ConfigDict,
    Field,
    field_validator,
)

from samizdat.config._types import (
    ContentMode,
    FeedKind,
    Language,
    LinkPolicy,
    VariantScript,
    _check_id,
    _check_regexes,
    _Model,
)
from samizdat.config.naming import check_index_path
from samizdat.config.rules import RulesConfig, check_selector


class _Filters(_Model):
    include: list[str] = Field(default_factory=list)
    """Regular expressions: only items whose title matches one are taken (searched anywhere in the
    title; none: all).
    """
    exclude: list[str] = Field(default_factory=list)
    """Regular expressions: items whose title matches one are dropped (e.g. '\\[视频\\]' for
    video-only items).
    """

    @field_validator("include", "exclude")
    @classmethod
    def _valid_regexes(cls, value: list[str]) -> list[str]:
        return _check_regexes(value)


class ChannelConfig(_Filters):
    id: str
    """The channel's id: names its folder pages/<id>/ and indexes/<id>.md (unique across sources).
    """
    title: str
    """The channel's title in menus and indexes."""
    feed: str
    """The channel's feed, sitemap or JSON Feed URL (http:// or https://)."""
    kind: FeedKind = "rss"
    """What the feed is: rss, atom, jsonfeed, sitemap, or listing (a page whose links, picked by
    select, are the articles).
    """
    content: ContentMode | None = None
    """Overrides the source's content mode for this channel (auto, feed, extract, summary)."""
    summary_fallback: bool | None = None
    """Overrides the source's summary_fallback for this channel."""
    variant: VariantScript | None = None
    """Also publish this channel in the other Chinese script ("hant" or "hans"):
    pages/<channel>/<id>.<variant>.md, linked both ways with the main pages.
    """
    language: Language | None = None
    """The language of this channel's pages (labels, lang/dir); default: the source's."""
    index: str = ""
    """The channel index's path, when not indexes/<id>.md (an adopted mirror's, so links
    readers already shared keep working).
    """

    @field_validator("index")
    @classmethod
    def _index_path(cls, value: str) -> str:
        return check_index_path(value)

    select: str = ""
    """kind = "listing" only: the CSS selector of the article links on the listing page (e.g.
    "h2.entry-title a"); the links are the channel's articles, in the page's order.
    """
    rules: RulesConfig = Field(default_factory=RulesConfig)
    """Site rules for this channel's pages ([sources.channels.rules]): its selectors win over the
    source's, its drop list adds to the source's.
    """

    @field_validator("select")
    @classmethod
    def _valid_select(cls, value: str) -> str:
        return check_selector(value) if value else value

    @field_validator("id")
    @classmethod
    def _safe_id(cls, value: str) -> str:
        return _check_id(value, " (it names files)")

    @field_validator("feed")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value

    def listing_problem(self) -> str:
        """What is wrong with this channel's listing keys, or ""."""
        if self.kind == "listing" and not self.select:
            return (
                'a channel of kind = "listing" needs select, the CSS selector of the'
                ' article links on its page (e.g. select = "h2.entry-title a")'
            )
        if self.select and self.kind != "listing":
            return 'only a channel of kind = "listing" takes select'
        return ""


class VariantUrl(_Model):
    """How a source's address of an article in the other script is made from the
    address in the feed: the first ``from`` in it becomes ``to``."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    from_: Annotated[str, Field(alias="from", min_length=1)]
    """The part of the article URL to replace (its first occurrence), e.g. "/gb/"."""
    to: str
    """What replaces it on the variant's pages, e.g. "/b5/"."""


class SourceConfig(_Filters):
    id: str
    """The source's id (letters, digits, '-', '_'), used by --only and in reports."""
    title: str = ""
    """The source's name (e.g. the news site's)."""
    content: ContentMode = "auto"
    """Where an article's text comes from: "auto" (the feed's full text when it has it, else the
    article page), "feed" (only the feed's full text), "extract" (always the article page),
    "summary" (the feed's full text or else its summary; article pages are never fetched).
    """
    summary_fallback: bool = False
    """When an article page cannot be fetched or read, publish the feed's summary (with the link
    to the original) instead of failing the item on every run.
    """
    article_id_pattern: str = ""
    """A regular expression on the article URL; group "id" (or group 1) names the page (default:
    the URL's last segment, else a stable hash).
    """
    links: LinkPolicy = "text"
    """Links to the origin that are not mirrored: "keep" them, "text" (keep the words, drop the
    link) or "archive" (point to a web-archive copy).
    """
    variant: VariantScript | None = None
    """Also publish every channel of this source in the other Chinese script ("hant" or "hans"); a
    channel may set its own.
    """
    language: Language | None = None
    """The language of this source's pages (labels, lang/dir); default: the site's."""
    variant_url: VariantUrl | None = None
    """How the original's address reads on variant pages: { from = "/gb/", to = "/b5/" } replaces
    the first "/gb/" of the article URL by "/b5/".
    """
    rules: RulesConfig = Field(default_factory=RulesConfig)
    """Site rules for this source's pages ([sources.rules]): CSS selectors for body, title, image,
    date and author, and a drop list of elements removed from the body.
    """
    lead_image_from_page: bool = False
    """Feeds with the full text but no image: take each new or changed article's lead image from
    its page (one request per article).
    """
    channels: list[ChannelConfig]
    """The source's channels ([[sources.channels]]), each with its own feed."""

    @field_validator("id")
    @classmethod
    def _safe_id(cls, value: str) -> str:
        return _check_id(value, "")

    @field_validator("article_id_pattern")
    @classmethod
    def _valid_pattern(cls, value: str) -> str:
        if value:
            _check_regexes([value])
        return value

    @field_validator("channels")
    @classmethod
    def _not_empty(cls, value: list[ChannelConfig]) -> list[ChannelConfig]:
        if not value:
            raise ValueError("a source needs at least one channel")
        return value

    def content_mode(self, channel: ChannelConfig) -> ContentMode:
        return channel.content or self.content

    def summary_fallback_for(self, channel: ChannelConfig) -> bool:
        if channel.summary_fallback is not None:
            return channel.summary_fallback
        return self.summary_fallback

    def variant_for(self, channel: ChannelConfig) -> VariantScript | None:
        return channel.variant or self.variant

    def rules_for(self, channel: ChannelConfig | None) -> "RulesConfig":
        """The site rules for a channel's pages: its own over the source's."""
        return channel.rules.over(self.rules) if channel is not None else self.rules
