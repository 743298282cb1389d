"""What the site, its pages, fetching, images, templates, retention, the HTML
site and the status page are configured with."""

from typing import Annotated, Literal

from pydantic import (
    Field,
    field_validator,
    model_validator,
)

from samizdat.config._types import (
    _PROXY_SCHEMES,
    Language,
    ScriptRegion,
    SiteScript,
    _Model,
    _url_pattern,
)
from samizdat.config.naming import check_qr_name


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
    page_budget: Annotated[int, Field(ge=0)] = 250_000
    """Bytes for all the images of one article together (0: no page budget). When they add up
    to more, the larger ones are recompressed (lower quality, then narrower) to share it, so
    that an article page of the site with its images stays under 300 KB.
    """
    min_width: Annotated[int, Field(ge=16, le=10_000)] = 480
    """Recompression never makes an image narrower than this many pixels (or than it was), so
    it stays readable; a page of many large images may then pass its budget.
    """
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
    def _ordered(self) -> "StatusConfig":
        if self.stale_hours <= self.fresh_hours:
            raise ValueError("status.stale_hours must be more than status.fresh_hours")
        return self
