"""The config file: one TOML document, validated on load.

Every validation error names the key path (``sources[0].channels[1].feed``) and the
problem, so an operator can fix the file without reading code.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from samizdat.config_rules import RulesConfig, check_selector
from samizdat.errors import ConfigError
from samizdat.naming import check_index_path, check_qr_name

__all__ = ["Config", "ConfigError", "load_config", "parse_config"]

# The languages samizdat has words for (render/labels/): the pages' labels, `lang`/`dir`.
Language = Literal["zh-CN", "zh-TW", "en", "fa", "ru", "my", "vi", "ug", "bo"]
FeedKind = Literal["rss", "atom", "jsonfeed", "sitemap", "listing"]
ContentMode = Literal["auto", "feed", "extract", "summary"]
LinkPolicy = Literal["keep", "text", "archive"]
SiteScript = Literal["original", "hans", "hant"]
VariantScript = Literal["hans", "hant"]
ScriptRegion = Literal["", "tw", "hk"]

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
# Names Windows reserves for devices: a folder or file so named cannot be checked out.
_RESERVED_NAME = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])$", re.IGNORECASE)


def _check_id(value: str, what: str) -> str:
    if not _ID_RE.match(value):
        raise ValueError(f"must be 1-64 letters, digits, '-' or '_'{what}")
    if _RESERVED_NAME.match(value):
        raise ValueError(f"{value!r} is a device name on Windows; choose another{what}")
    return value


class _Model(BaseModel):
    # Each field's docstring is its description: `samizdat config --explain` reads and
    # prints them (not pydantic, at every import), and a test fails when a key has none.
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_regexes(patterns: list[str]) -> list[str]:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from None
    return patterns


_PROXY_SCHEMES = ("http://", "https://", "socks5://", "socks5h://")


def _url_pattern(value: str) -> str:
    """A reader-facing URL pattern: it must say where the file's path goes."""
    if value and "{path}" not in value:
        raise ValueError(
            "must contain {path}, e.g. https://github.com/OWNER/REPO/blob/{branch}/{path}"
        )
    return value


class MenuLink(_Model):
    title: str
    """The words of the link in the menu."""
    url: str
    """Where it points: a mirror path such as indexes/world.md, or a full URL."""


class SiteConfig(_Model):
    title: str
    """The mirror's title: the home page's heading and the Atom feed's title."""
    language: Language = "zh-CN"
    """Language of the built-in labels and of the pages' lang/dir (zh-CN, zh-TW, en, fa, ru, my,
    vi, ug, bo); sources and channels may set their own.
    """
    page_url: str = ""
    """Where readers open a page of the mirror, for share links, QR codes and the Atom feed:
    {path} is the file's path in the mirror, {branch} the published branch (e.g.
    https://github.com/OWNER/REPO/blob/{branch}/{path}).
    """
    raw_url: str = ""
    """Where readers fetch a raw file of the mirror (images), e.g. a CDN in front of the git host:
    https://cdn.jsdelivr.net/gh/OWNER/REPO@{branch}/{path}. Needed by images.link = "raw".
    """
    home_latest: Annotated[int, Field(ge=1, le=1000)] = 10
    """Latest items of each channel listed on the home page (README.md)."""
    feed_latest: Annotated[int, Field(ge=1, le=1000)] = 50
    """Entries in the mirror's Atom feed (feed.xml)."""
    cache_bust: bool = False
    """Append ?t=MMDDHHMM to index links so that CDNs serve fresh indexes."""
    script: SiteScript = "original"
    """The Chinese script of every page: "original" (as published), "hans" (Simplified) or "hant"
    (Traditional), converted with OpenCC.
    """
    script_region: ScriptRegion = ""
    """Regional wording for the conversion: "" (none), "tw" (Taiwan phrases, s2twp) or "hk"
    (s2hk).
    """
    timezone: str = "UTC"
    """The IANA time zone of every date a reader sees (e.g. "Asia/Shanghai"); dates are shown
    with their offset ("2021-10-01 07:45 UTC+8").
    """
    qr_name: str = "{id}.png"
    """The QR code's file name beside its page; "{id}.md.png" keeps an older tool's."""

    @field_validator("page_url", "raw_url")
    @classmethod
    def _needs_path(cls, value: str) -> str:
        return _url_pattern(value)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from samizdat.localtime import zone

        zone(value)
        return value

    @field_validator("qr_name")
    @classmethod
    def _qr_name(cls, value: str) -> str:
        return check_qr_name(value)


class PathsConfig(_Model):
    output: str = "mirror"
    """The git work tree the mirror is written to (relative to the config file)."""
    state: str = "samizdat.db"
    """The SQLite state store, a cache of the mirror (relative to the config file)."""


class FetchConfig(_Model):
    user_agent: str = "samizdat/0.1 (+https://github.com/samizdat-mirror/samizdat)"
    """The User-Agent header of every request."""
    timeout: Annotated[float, Field(gt=0, le=600)] = 20.0
    """Seconds a request may wait to connect or for the next bytes."""
    retries: Annotated[int, Field(ge=0, le=10)] = 3
    """Retries of a request after a timeout, a reset, 429 or 5xx."""
    backoff: Annotated[float, Field(ge=0, le=60)] = 0.5
    """Seconds before the first retry; doubled at each further retry, plus random jitter (a
    Retry-After header wins).
    """
    max_bytes: Annotated[int, Field(ge=1024)] = 20_000_000
    """Largest response body accepted, in bytes."""
    per_host: Annotated[int, Field(ge=1, le=64)] = 4
    """Requests in flight at once to one host."""
    delay: Annotated[float, Field(ge=0, le=60)] = 0.0
    """Seconds between the starts of two requests to one host (politeness)."""
    proxy: str = ""
    """A proxy for every request: HTTP CONNECT (http:// or https:// URL, e.g. the local HTTP proxy
    of a circumvention tool) or SOCKS5 (socks5://, or socks5h:// to have names resolved by the
    proxy only, e.g. Tor at socks5h://127.0.0.1:9050).
    """
    headers: dict[str, str] = Field(default_factory=dict)
    """Extra request headers, e.g. { "Accept-Language" = "zh-CN" }."""
    allow_private: bool = False
    """Fetch from loopback, private and link-local addresses (off: refused, so a hostile feed
    cannot reach your network). Only for test origins such as the demo.
    """
    breaker_threshold: Annotated[int, Field(ge=0, le=1000)] = 5
    """After this many connection failures, timeouts or "unavailable" answers (429, 502, 503, 504)
    in a row from one host, skip that host for the rest of the run (0: never).
    """

    @field_validator("proxy")
    @classmethod
    def _proxy_url(cls, value: str) -> str:
        if value and not value.startswith(_PROXY_SCHEMES):
            raise ValueError(
                "must be an http:// or https:// URL (an HTTP CONNECT proxy) or a"
                " socks5:// or socks5h:// URL (a SOCKS5 proxy, e.g. Tor's socks5h://127.0.0.1:9050)"
            )
        return value


class ImagesConfig(_Model):
    mirror: bool = True
    """Mirror each article's images into assets/ (off: pages keep no images at all, since loading
    them from the origin would fail on a blocked network).
    """
    max_bytes: Annotated[int, Field(ge=1024)] = 400_000
    """Recompress an image larger than this many bytes."""
    max_width: Annotated[int, Field(ge=16, le=10_000)] = 1600
    """Recompress (scale down) an image wider than this many pixels."""
    max_height: Annotated[int, Field(ge=16, le=10_000)] = 4000
    """Recompress (scale down) an image higher than this many pixels."""
    format: Literal["keep", "webp", "jpeg"] = "keep"
    """Format of recompressed images: "keep" the original's, or convert to "webp" or "jpeg"."""
    quality: Annotated[int, Field(ge=10, le=100)] = 82
    """Quality of recompressed JPEG/WebP images (10-100)."""
    max_download_bytes: Annotated[int, Field(ge=1024)] = 15_000_000
    """Largest image accepted from the origin, in bytes."""
    max_pixels: Annotated[int, Field(ge=10_000)] = 60_000_000
    """Largest image accepted, in pixels (the decompression-bomb guard)."""
    link: Literal["relative", "raw"] = "relative"
    """How pages point at mirrored images: "relative" (a path next to the page) or "raw" (the
    site.raw_url pattern, e.g. a CDN in front of the git host).
    """


class TemplatesConfig(_Model):
    dir: str = ""
    """A folder of your own templates (page.md.j2, index.md.j2, home.md.j2) that override the
    built-in ones (relative to the config file).
    """
    menu: list[MenuLink] = Field(default_factory=list)
    """Operator links in the top and footer menus, each { title = "...", url = "..." }."""
    banners: list[str] = Field(default_factory=list)
    """Lines shown under the top menu of every page (Markdown): announcements, other mirrors."""
    footer: str = ""
    """A line at the foot of every page (Markdown)."""
    labels: dict[str, str] = Field(default_factory=dict)
    """Your wording for any built-in label, e.g. { original = "Original: " }."""
    stats_pixel: str = ""
    """An optional statistics pixel URL ({path}: the page); off by default, since readers are at
    risk: point it only at a server you run that stores no addresses.
    """


class RetentionConfig(_Model):
    max_per_channel: Annotated[int, Field(ge=0)] = 300
    """Newest articles kept per channel (0: no limit); older pages, their QR codes and unused
    images are removed.
    """
    max_age_days: Annotated[int, Field(ge=0)] = 0
    """Also remove articles older than this many days (0: no limit)."""


class _Target(_Model):
    """A place the mirror is published, and where readers find its copy there."""

    name: str
    """The copy's name in reports, status and mirrors.json (letters, digits, '-', '_')."""
    page_url: str = ""
    """Where readers open a page of this copy: {path}, {branch} (as site.page_url; default: none
    listed).
    """
    raw_url: str = ""
    """Where readers fetch raw files (images) of this copy: {path}, {branch} (as site.raw_url)."""

    @field_validator("name")
    @classmethod
    def _safe_name(cls, value: str) -> str:
        if not _ID_RE.match(value):
            raise ValueError("use letters, digits, '-' and '_' only")
        return value

    @field_validator("page_url", "raw_url")
    @classmethod
    def _needs_path(cls, value: str) -> str:
        return _url_pattern(value)


class RemoteConfig(_Target):
    """A git remote the mirror is pushed to."""

    url: str
    """The git remote: https://, ssh:// or scp-like host:path URL, or a path (relative to the
    config file). May name environment variables as ${VAR}; a token written in the URL itself
    is refused.
    """
    branch: str = ""
    """The branch pushed to on this remote (default: publish.branch)."""
    credentials: str = ""
    """A section of publish.credentials_file holding this remote's token or ssh_key."""

    @field_validator("url")
    @classmethod
    def _no_literal_secret(cls, value: str) -> str:
        try:
            password = urlsplit(value).password
        except ValueError:
            raise ValueError("is not a URL git understands") from None
        if password and not re.fullmatch(r"\$\{[A-Za-z_][A-Za-z0-9_]*\}", password):
            raise ValueError(
                "holds a password or token; write ${VAR} and set the variable, or use"
                ' credentials = "NAME" with publish.credentials_file'
            )
        return value


class DirectoryConfig(_Target):
    """A plain directory the mirror is copied to, for rsync/S3-style uploads."""

    path: str
    """The folder the mirror tree is copied to after each run (relative to the config file), for
    rsync/S3-style uploads by other tools.
    """


class BucketConfig(_Target):
    """An S3-compatible bucket the static site or the Markdown tree is uploaded to."""

    endpoint: str = ""
    """The S3 API's URL: empty for Amazon S3, else e.g. https://ACCOUNT.r2.cloudflarestorage.com
    (Cloudflare R2), https://s3.REGION.backblazeb2.com, https://oss-REGION.aliyuncs.com or a
    MinIO server."""
    bucket: str
    """The bucket's name."""
    region: str = "us-east-1"
    """The bucket's region (what the endpoint expects; "auto" for R2)."""
    prefix: str = ""
    """Keys start with it (e.g. "news/"); empty: the bucket's root."""
    content: Literal["site", "mirror"] = "site"
    """"site": the static HTML site (as `samizdat build-site` makes it); "mirror": the Markdown
    tree as committed in git."""
    credentials: str = ""
    """A section of publish.credentials_file with access_key_id and secret_access_key; empty:
    the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY environment variables."""

    @field_validator("endpoint")
    @classmethod
    def _endpoint_url(cls, value: str) -> str:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL (empty: Amazon S3)")
        if value and urlsplit(value).password:
            raise ValueError("holds a password; use credentials or AWS_* variables")
        return value

    @field_validator("prefix")
    @classmethod
    def _clean_prefix(cls, value: str) -> str:
        parts = [p for p in value.split("/") if p]
        if any(p in (".", "..") for p in parts):
            raise ValueError("may not contain '.' or '..' segments")
        return "".join(f"{p}/" for p in parts)


class HtmlConfig(_Model):
    output: str = "site"
    """Where `samizdat build-site` writes the static HTML site (relative to the config file;
    outside the mirror's git tree).
    """
    templates_dir: str = ""
    """A folder of your own site templates (base.html.j2, page.html.j2, front.html.j2, ...) and
    static files (style.css, search.js): each one found there replaces the built-in one.
    """
    build_on_sync: bool = False
    """Build the static site after every `samizdat sync`."""


class StatusConfig(_Model):
    """When `status` and the site's status page call a channel fresh, aging or stale."""

    fresh_hours: Annotated[float, Field(gt=0)] = 6.0
    """Hours since the newest article or the last successful fetch under which a channel
    shows as fresh (green)."""
    stale_hours: Annotated[float, Field(gt=0)] = 24.0
    """Hours from which it shows as stale (red; amber in between); more than fresh_hours."""

    @model_validator(mode="after")
    def _ordered(self) -> StatusConfig:
        if self.stale_hours <= self.fresh_hours:
            raise ValueError("status.stale_hours must be more than status.fresh_hours")
        return self


class PublishConfig(_Model):
    branch: str = "main"
    """The branch the mirror is committed to and pushed."""
    author_name: str = "samizdat"
    """Author name of the mirror's commits."""
    author_email: str = "samizdat@localhost"
    """Author email of the mirror's commits."""
    commit_message: str = "samizdat sync {time}: {new} new, {updated} updated, {removed} removed"
    """Message of each run's commit: {time} (UTC), {new}, {updated}, {removed}."""
    remotes: list[RemoteConfig] = Field(default_factory=list)
    """Git remotes the mirror is pushed to ([[publish.remotes]]: name, url, and optionally branch,
    credentials, page_url, raw_url).
    """
    directories: list[DirectoryConfig] = Field(default_factory=list)
    """Plain folders the mirror is copied to ([[publish.directories]]: name, path, and optionally
    page_url, raw_url).
    """
    buckets: list[BucketConfig] = Field(default_factory=list)
    """S3-compatible object storage the mirror is uploaded to ([[publish.buckets]]: name,
    endpoint, bucket, region, prefix, content = "site" | "mirror", page_url, credentials).
    """
    keep_commits: Annotated[int, Field(ge=0)] = 0
    """Keep only the newest N commits of the branch (0: keep all); older history is cut off under
    a root commit holding the whole tree, and remotes are pushed with --force-with-lease.
    """
    history_archive: str = ""
    """A folder (relative to the config file) where each cut-off history is saved as a git
    bundle; empty: not saved."""
    credentials_file: str = ""
    """A TOML file of [NAME] sections with token (and username) or ssh_key, readable by its owner
    only (relative to the config file); $SAMIZDAT_CREDENTIALS overrides it.
    """
    mirror_list: bool = True
    """Write mirrors.json (every copy of the mirror) and list the other copies on pages."""

    @model_validator(mode="after")
    def _unique_targets(self) -> PublishConfig:
        names = [t.name for t in (*self.remotes, *self.directories, *self.buckets)]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"publish: target names must be unique: {', '.join(duplicates)}")
        return self


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
    rules: RulesConfig = RulesConfig()
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

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

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
    rules: RulesConfig = RulesConfig()
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

    def rules_for(self, channel: ChannelConfig | None) -> RulesConfig:
        """The site rules for a channel's pages: its own over the source's."""
        return channel.rules.over(self.rules) if channel is not None else self.rules


class Config(_Model):
    site: SiteConfig
    """The mirror as readers see it ([site])."""
    paths: PathsConfig = PathsConfig()
    """Where the mirror and its state store live ([paths])."""
    fetch: FetchConfig = FetchConfig()
    """How the origin is fetched ([fetch])."""
    templates: TemplatesConfig = TemplatesConfig()
    """Page layout and operator wording ([templates])."""
    images: ImagesConfig = ImagesConfig()
    """How article images are mirrored ([images])."""
    retention: RetentionConfig = RetentionConfig()
    """How many articles each channel keeps ([retention])."""
    publish: PublishConfig = PublishConfig()
    """Commits, git remotes and folder copies ([publish])."""
    html: HtmlConfig = HtmlConfig()
    """The static HTML site ([html])."""
    status: StatusConfig = StatusConfig()
    """When `samizdat status` and the site's status page call a channel stale ([status])."""
    sources: list[SourceConfig]
    """The news sites mirrored ([[sources]]), each with its channels."""
    # The directory the config file lives in; relative paths are taken from it.
    base_dir: Path = Field(default=Path("."), exclude=True)

    @model_validator(mode="after")
    def _unique_ids(self) -> Config:
        seen_sources: set[str] = set()
        seen_channels: set[str] = set()
        for i, source in enumerate(self.sources):
            if source.id in seen_sources:
                raise ValueError(f"sources[{i}].id: duplicate source id {source.id!r}")
            seen_sources.add(source.id)
            for j, channel in enumerate(source.channels):
                if channel.id in seen_channels:
                    raise ValueError(
                        f"sources[{i}].channels[{j}].id: duplicate channel id {channel.id!r}"
                        " (channel ids name folders and must be unique across sources)"
                    )
                seen_channels.add(channel.id)
        return self

    @model_validator(mode="after")
    def _unique_indexes(self) -> Config:
        seen: set[str] = set()
        for i, source in enumerate(self.sources):
            for j, channel in enumerate(source.channels):
                path = channel.index or f"indexes/{channel.id}.md"
                if path in seen:
                    raise ValueError(
                        f"sources[{i}].channels[{j}].index: {path!r} is another channel's index"
                    )
                seen.add(path)
        return self

    @model_validator(mode="after")
    def _listings_select(self) -> Config:
        for i, source in enumerate(self.sources):
            for j, channel in enumerate(source.channels):
                if problem := channel.listing_problem():
                    raise ValueError(f"sources[{i}].channels[{j}].select: {problem}")
                if channel.kind == "listing" and source.content_mode(channel) in (
                    "feed",
                    "summary",
                ):
                    raise ValueError(
                        f"sources[{i}].channels[{j}].content: a listing page carries no"
                        ' article text: its channel needs content = "auto" or "extract"'
                    )
        return self

    @model_validator(mode="after")
    def _variants_differ(self) -> Config:
        for i, source in enumerate(self.sources):
            for j, channel in enumerate(source.channels):
                if source.variant_for(channel) == self.site.script:
                    raise ValueError(
                        f"sources[{i}].channels[{j}].variant: the pages are already in"
                        f" {self.site.script!r} (site.script); choose the other script"
                    )
        return self

    @model_validator(mode="after")
    def _raw_url_when_needed(self) -> Config:
        if self.images.link == "raw" and not self.site.raw_url:
            raise ValueError('images.link: "raw" needs site.raw_url to be set')
        return self

    def language(self, channel_id: str) -> Language:
        """The language of a channel's pages: the channel's, its source's, or the site's."""
        for source, channel in self.channels():
            if channel.id == channel_id:
                return channel.language or source.language or self.site.language
        return self.site.language

    def variant(self, channel_id: str) -> VariantScript | None:
        """The second script a channel is published in, if any."""
        for source, channel in self.channels():
            if channel.id == channel_id:
                return source.variant_for(channel)
        return None

    @property
    def output_dir(self) -> Path:
        return (self.base_dir / self.paths.output).resolve()

    @property
    def state_path(self) -> Path:
        return (self.base_dir / self.paths.state).resolve()

    @property
    def html_dir(self) -> Path:
        return (self.base_dir / self.html.output).resolve()

    @property
    def html_templates_dir(self) -> Path | None:
        folder = self.html.templates_dir
        return (self.base_dir / folder).resolve() if folder else None

    @property
    def templates_dir(self) -> Path | None:
        return (self.base_dir / self.templates.dir).resolve() if self.templates.dir else None

    def channels(self) -> list[tuple[SourceConfig, ChannelConfig]]:
        return [(s, c) for s in self.sources for c in s.channels]


def parse_config(data: dict[str, Any], path: Path, text: str = "") -> Config:
    """Validate ``data`` read from ``path``; ``text`` (the file's) locates errors."""
    try:
        config = Config.model_validate({**data, "base_dir": path.parent})
    except ValidationError as exc:
        from samizdat.config_errors import describe  # only a config with mistakes

        raise ConfigError(describe(exc, Config, path, text)) from None
    return config


def load_config(path: str | os.PathLike[str]) -> Config:
    """Read and validate a config file; raise ConfigError naming the key on failure."""
    config_path = Path(path)
    try:
        raw = config_path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            f"config file {config_path} not found (create one with `samizdat init`)"
        ) from None
    except OSError as exc:
        raise ConfigError(f"cannot read config file {config_path}: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise ConfigError(f"config file {config_path} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {config_path} is not valid TOML: {exc}") from None
    return parse_config(data, config_path.resolve(), text)


def expand_env(text: str) -> str:
    """Replace ${VAR} with the environment's value; a missing variable is an error."""

    def lookup(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in os.environ:
            raise ConfigError(f"environment variable {name} is not set (named in a remote URL)")
        return os.environ[name]

    return re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", lookup, text)
