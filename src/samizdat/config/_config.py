"""The whole config, read from its TOML file and validated on load."""

import os
import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import (
    Field,
    ValidationError,
    model_validator,
)

from samizdat.config._publish import PublishConfig
from samizdat.config._site import (
    FetchConfig,
    HtmlConfig,
    ImagesConfig,
    PathsConfig,
    RetentionConfig,
    SiteConfig,
    StatusConfig,
    TemplatesConfig,
)
from samizdat.config._sources import ChannelConfig, SourceConfig
from samizdat.config._types import Language, VariantScript, _Model
from samizdat.errors import ConfigError


class Config(_Model):
    site: SiteConfig
    """The mirror as readers see it ([site])."""
    paths: PathsConfig = Field(default_factory=PathsConfig)
    """Where the mirror and its state store live ([paths])."""
    fetch: FetchConfig = Field(default_factory=FetchConfig)
    """How the origin is fetched ([fetch])."""
    templates: TemplatesConfig = Field(default_factory=TemplatesConfig)
    """Page layout and operator wording ([templates])."""
    images: ImagesConfig = Field(default_factory=ImagesConfig)
    """How article images are mirrored ([images])."""
    retention: RetentionConfig = Field(default_factory=RetentionConfig)
    """How many articles each channel keeps ([retention])."""
    publish: PublishConfig = Field(default_factory=PublishConfig)
    """Commits, git remotes and folder copies ([publish])."""
    html: HtmlConfig = Field(default_factory=HtmlConfig)
    """The static HTML site ([html])."""
    status: StatusConfig = Field(default_factory=StatusConfig)
    """When `samizdat status` and the site's status page call a channel stale ([status])."""
    sources: list[SourceConfig]
    """The news sites mirrored ([[sources]]), each with its channels."""
    # The directory the config file lives in; relative paths are taken from it.
    base_dir: Path = Field(default=Path("."), exclude=True)

    @model_validator(mode="after")
    def _unique_ids(self) -> "Config":
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
    def _unique_indexes(self) -> "Config":
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
    def _listings_select(self) -> "Config":
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
    def _variants_differ(self) -> "Config":
        for i, source in enumerate(self.sources):
            for j, channel in enumerate(source.channels):
                if source.variant_for(channel) == self.site.script:
                    raise ValueError(
                        f"sources[{i}].channels[{j}].variant: the pages are already in"
                        f" {self.site.script!r} (site.script); choose the other script"
                    )
        return self

    @model_validator(mode="after")
    def _raw_url_when_needed(self) -> "Config":
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
        from samizdat.config.errors import describe  # only a config with mistakes

        raise ConfigError(describe(exc, Config, path, text)) from None
    return config


def load_config(path: str | os.PathLike[str], *, cached: bool = False) -> Config:
    """Read and validate a config file; raise ConfigError naming the key on failure.

    ``cached``: take the config validated by an earlier run when the file (and
    samizdat) did not change since, and keep this one for the next (see ``cache``).
    """
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
    if not cached:
        return parse_config(data, config_path.resolve(), text)
    return _load_cached(data, config_path.resolve(), raw, text)


def _load_cached(data: dict[str, Any], config_path: Path, raw: bytes, text: str) -> Config:
    from samizdat.config import cache

    where = cache.cache_path(data, config_path)
    if where is None:
        return parse_config(data, config_path, text)
    key = cache.cache_key(config_path, raw)
    config = cache.read_cached(where, key, data)
    if config is None:
        config = parse_config(data, config_path, text)
        cache.write_cache(where, key, config)
    return config


def expand_env(text: str) -> str:
    """Replace ${VAR} with the environment's value; a missing variable is an error."""

    def lookup(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in os.environ:
            raise ConfigError(f"environment variable {name} is not set (named in a remote URL)")
        return os.environ[name]

    return re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", lookup, text)
