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

__all__ = ["Config", "ConfigError", "load_config", "parse_config"]

Language = Literal["zh-CN", "zh-TW", "en"]
FeedKind = Literal["rss", "atom", "jsonfeed", "sitemap", "listing"]
ContentMode = Literal["auto", "feed", "extract"]
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
    url: str


class SiteConfig(_Model):
    title: str
    language: Language = "zh-CN"
    # Where readers find a page / a raw file of the mirror: {path} is the file's path
    # in the mirror, {branch} the published branch.
    page_url: str = ""
    raw_url: str = ""
    home_latest: Annotated[int, Field(ge=1, le=1000)] = 10
    feed_latest: Annotated[int, Field(ge=1, le=1000)] = 50
    cache_bust: bool = False
    # The Chinese script of every page: converted with OpenCC unless "original".
    script: SiteScript = "original"
    # Region-aware Traditional (tw: s2twp with Taiwan phrases, hk: s2hk) and back.
    script_region: ScriptRegion = ""

    @field_validator("page_url", "raw_url")
    @classmethod
    def _needs_path(cls, value: str) -> str:
        return _url_pattern(value)


class PathsConfig(_Model):
    output: str = "mirror"
    state: str = "samizdat.db"


class FetchConfig(_Model):
    user_agent: str = "samizdat/0.1 (+https://github.com/samizdat-mirror/samizdat)"
    timeout: Annotated[float, Field(gt=0, le=600)] = 20.0
    retries: Annotated[int, Field(ge=0, le=10)] = 3
    backoff: Annotated[float, Field(ge=0, le=60)] = 0.5
    max_bytes: Annotated[int, Field(ge=1024)] = 20_000_000
    per_host: Annotated[int, Field(ge=1, le=64)] = 4
    delay: Annotated[float, Field(ge=0, le=60)] = 0.0
    proxy: str = ""
    headers: dict[str, str] = Field(default_factory=dict)
    # Loopback, private and link-local origins are refused unless allowed here.
    allow_private: bool = False
    # After this many connection failures, timeouts or "unavailable" answers (429, 502,
    # 503, 504) in a row from one host, skip that host for the rest of the run (0: never).
    breaker_threshold: Annotated[int, Field(ge=0, le=1000)] = 5

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
    # Mirror the article's images into assets/ (off: pages keep no images at all,
    # since loading them from the origin would break on a blocked network).
    mirror: bool = True
    # Recompress an image larger than this many bytes or pixels wide/high.
    max_bytes: Annotated[int, Field(ge=1024)] = 400_000
    max_width: Annotated[int, Field(ge=16, le=10_000)] = 1600
    max_height: Annotated[int, Field(ge=16, le=10_000)] = 4000
    # Format of recompressed images: keep the original's, or convert.
    format: Literal["keep", "webp", "jpeg"] = "keep"
    quality: Annotated[int, Field(ge=10, le=100)] = 82
    # Largest image accepted from the origin, and the decompression-bomb guard.
    max_download_bytes: Annotated[int, Field(ge=1024)] = 15_000_000
    max_pixels: Annotated[int, Field(ge=10_000)] = 60_000_000
    # How pages point at mirrored images: a path relative to the page, or the
    # site.raw_url pattern (e.g. a CDN in front of the git host).
    link: Literal["relative", "raw"] = "relative"


class TemplatesConfig(_Model):
    dir: str = ""
    menu: list[MenuLink] = Field(default_factory=list)
    banners: list[str] = Field(default_factory=list)
    footer: str = ""
    labels: dict[str, str] = Field(default_factory=dict)
    stats_pixel: str = ""


class RetentionConfig(_Model):
    max_per_channel: Annotated[int, Field(ge=0)] = 300
    max_age_days: Annotated[int, Field(ge=0)] = 0


class _Target(_Model):
    """A place the mirror is published, and where readers find its copy there."""

    name: str
    page_url: str = ""  # this copy's pages: {path}, {branch}
    raw_url: str = ""  # this copy's raw files (images)

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

    # May name environment variables as ${VAR}; a password written in the URL itself
    # is refused: tokens come from the environment or the credentials file.
    url: str
    branch: str = ""  # default: publish.branch
    credentials: str = ""  # a section of publish.credentials_file

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


class HtmlConfig(_Model):
    # Where `samizdat build-site` writes the static HTML site (relative to the config).
    output: str = "site"
    # Build the site after every `samizdat sync` (outside the git tree by default).
    build_on_sync: bool = False


class PublishConfig(_Model):
    branch: str = "main"
    author_name: str = "samizdat"
    author_email: str = "samizdat@localhost"
    commit_message: str = "samizdat sync {time}: {new} new, {updated} updated, {removed} removed"
    remotes: list[RemoteConfig] = Field(default_factory=list)
    directories: list[DirectoryConfig] = Field(default_factory=list)
    # A TOML file of [NAME] sections with token (and username) or ssh_key, readable by
    # its owner only; relative to the config. Overridden by $SAMIZDAT_CREDENTIALS.
    credentials_file: str = ""
    # Write mirrors.json (every copy of the mirror) and list the other copies on pages.
    mirror_list: bool = True

    @model_validator(mode="after")
    def _unique_targets(self) -> PublishConfig:
        names = [t.name for t in self.remotes] + [t.name for t in self.directories]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"publish: target names must be unique: {', '.join(duplicates)}")
        return self


class _Filters(_Model):
    include: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)

    @field_validator("include", "exclude")
    @classmethod
    def _valid_regexes(cls, value: list[str]) -> list[str]:
        return _check_regexes(value)


class ChannelConfig(_Filters):
    id: str
    title: str
    feed: str
    kind: FeedKind = "rss"
    content: ContentMode | None = None
    # Also publish each article in this script as pages/<channel>/<id>.<variant>.md.
    variant: VariantScript | None = None
    # kind = "listing": the CSS selector of the article links on the listing page.
    select: str = ""
    # Site rules for this channel's pages, on top of the source's.
    rules: RulesConfig | None = None

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


class SourceConfig(_Filters):
    id: str
    title: str = ""
    content: ContentMode = "auto"
    # A regex applied to the article URL; group "id" (or group 1) is the article id.
    article_id_pattern: str = ""
    links: LinkPolicy = "text"
    variant: VariantScript | None = None
    # Site rules for this source's pages (a channel's own rules override them).
    rules: RulesConfig | None = None
    # Feeds with the full text but no image: fetch each new article's page for its
    # lead image (one request per article).
    lead_image_from_page: bool = False
    channels: list[ChannelConfig]

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

    def variant_for(self, channel: ChannelConfig) -> VariantScript | None:
        return channel.variant or self.variant

    def rules_for(self, channel: ChannelConfig | None) -> RulesConfig:
        """The site rules for a channel's pages: its own over the source's."""
        own = channel.rules if channel is not None else None
        if own is not None:
            return own.over(self.rules)
        return self.rules or RulesConfig()


class Config(_Model):
    site: SiteConfig
    paths: PathsConfig = PathsConfig()
    fetch: FetchConfig = FetchConfig()
    templates: TemplatesConfig = TemplatesConfig()
    images: ImagesConfig = ImagesConfig()
    retention: RetentionConfig = RetentionConfig()
    publish: PublishConfig = PublishConfig()
    html: HtmlConfig = HtmlConfig()
    sources: list[SourceConfig]
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
    def _listings_select(self) -> Config:
        for i, source in enumerate(self.sources):
            for j, channel in enumerate(source.channels):
                if problem := channel.listing_problem():
                    raise ValueError(f"sources[{i}].channels[{j}].select: {problem}")
                if channel.kind == "listing" and source.content_mode(channel) == "feed":
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
