"""The config file: one TOML document, validated on load.

Every validation error names the key path (``sources[0].channels[1].feed``) and the
problem, so an operator can fix the file without reading code.

The models live in rooms by what they configure: ``_site`` (site, fetch, images,
templates, retention, html, status), ``_publish`` (remotes, directories, buckets),
``_sources`` (sources and channels), ``_config`` (the whole, and loading it);
``errors`` words validation errors, ``locate`` finds a key's line.

Start-up counts in every run: the models build their validators when a config is first
validated (``defer_build``), ``cache`` keeps a validated config for the next run, and
the model modules do without ``from __future__ import annotations`` (pydantic would
evaluate each field's annotation from its string at every import).
"""

from samizdat.config._config import Config, expand_env, load_config, parse_config
from samizdat.config._publish import BucketConfig, DirectoryConfig, PublishConfig, RemoteConfig
from samizdat.config._site import (
    FetchConfig,
    HtmlConfig,
    ImagesConfig,
    MenuLink,
    PathsConfig,
    RetentionConfig,
    SiteConfig,
    StatusConfig,
    TemplatesConfig,
)
from samizdat.config._sources import ChannelConfig, SourceConfig, VariantUrl
from samizdat.config._types import (
    ContentMode,
    FeedKind,
    Language,
    LinkPolicy,
    ScriptRegion,
    SiteScript,
    VariantScript,
    plain,
)
from samizdat.errors import ConfigError

__all__ = [
    "BucketConfig",
    "ChannelConfig",
    "Config",
    "ConfigError",
    "ContentMode",
    "DirectoryConfig",
    "FeedKind",
    "FetchConfig",
    "HtmlConfig",
    "ImagesConfig",
    "Language",
    "LinkPolicy",
    "MenuLink",
    "PathsConfig",
    "PublishConfig",
    "RemoteConfig",
    "RetentionConfig",
    "ScriptRegion",
    "SiteConfig",
    "SiteScript",
    "SourceConfig",
    "StatusConfig",
    "TemplatesConfig",
    "VariantScript",
    "VariantUrl",
    "expand_env",
    "load_config",
    "parse_config",
    "plain",
]
