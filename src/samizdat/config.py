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

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from samizdat.errors import ConfigError

Language = Literal["zh-CN", "zh-TW", "en"]
FeedKind = Literal["rss", "atom", "jsonfeed", "sitemap"]
ContentMode = Literal["auto", "feed", "extract"]
LinkPolicy = Literal["keep", "text", "archive"]

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

    @field_validator("page_url", "raw_url")
    @classmethod
    def _needs_path(cls, value: str) -> str:
        if value and "{path}" not in value:
            raise ValueError(
                "must contain {path}, e.g. https://github.com/OWNER/REPO/blob/{branch}/{path}"
            )
        return value


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
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL (an HTTP CONNECT proxy)")
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


class RemoteConfig(_Model):
    name: str
    # May name environment variables as ${VAR}: tokens stay out of the config file.
    url: str

    @field_validator("name")
    @classmethod
    def _safe_name(cls, value: str) -> str:
        if not _ID_RE.match(value):
            raise ValueError("use letters, digits, '-' and '_' only")
        return value


class PublishConfig(_Model):
    branch: str = "main"
    author_name: str = "samizdat"
    author_email: str = "samizdat@localhost"
    commit_message: str = "samizdat sync {time}: {new} new, {updated} updated, {removed} removed"
    remotes: list[RemoteConfig] = Field(default_factory=list)


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


class SourceConfig(_Filters):
    id: str
    title: str = ""
    content: ContentMode = "auto"
    # A regex applied to the article URL; group "id" (or group 1) is the article id.
    article_id_pattern: str = ""
    links: LinkPolicy = "text"
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


class Config(_Model):
    site: SiteConfig
    paths: PathsConfig = PathsConfig()
    fetch: FetchConfig = FetchConfig()
    templates: TemplatesConfig = TemplatesConfig()
    images: ImagesConfig = ImagesConfig()
    retention: RetentionConfig = RetentionConfig()
    publish: PublishConfig = PublishConfig()
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
    def _raw_url_when_needed(self) -> Config:
        if self.images.link == "raw" and not self.site.raw_url:
            raise ValueError('images.link: "raw" needs site.raw_url to be set')
        return self

    @property
    def output_dir(self) -> Path:
        return (self.base_dir / self.paths.output).resolve()

    @property
    def state_path(self) -> Path:
        return (self.base_dir / self.paths.state).resolve()

    @property
    def templates_dir(self) -> Path | None:
        return (self.base_dir / self.templates.dir).resolve() if self.templates.dir else None

    def channels(self) -> list[tuple[SourceConfig, ChannelConfig]]:
        return [(s, c) for s in self.sources for c in s.channels]


def format_key_path(loc: tuple[int | str, ...]) -> str:
    """``("sources", 0, "channels", 1, "feed")`` -> ``sources[0].channels[1].feed``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def _describe(error: ValidationError, path: Path) -> str:
    lines = [f"invalid config {path}:"]
    for item in error.errors():
        loc = tuple(p for p in item["loc"] if not (isinstance(p, str) and "[" in p))
        key = format_key_path(loc) or "(top level)"
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "unknown key (check its spelling and section)"
        elif item["type"] == "missing":
            message = "required key is missing"
        lines.append(f"  {key}: {message}")
    return "\n".join(lines)


def parse_config(data: dict[str, Any], path: Path) -> Config:
    try:
        config = Config.model_validate({**data, "base_dir": path.parent})
    except ValidationError as exc:
        raise ConfigError(_describe(exc, path)) from None
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
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"config file {config_path} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {config_path} is not valid TOML: {exc}") from None
    return parse_config(data, config_path.resolve())


def expand_env(text: str) -> str:
    """Replace ${VAR} with the environment's value; a missing variable is an error."""

    def lookup(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in os.environ:
            raise ConfigError(f"environment variable {name} is not set (named in a remote URL)")
        return os.environ[name]

    return re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", lookup, text)
