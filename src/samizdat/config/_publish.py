"""Where the mirror is published: git remotes, directories and buckets."""

import re
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    Field,
    field_validator,
    model_validator,
)

from samizdat.config._types import _ID_RE, _Model, _url_pattern


class _Target(_Model):
    """A place the mirror is published, and where readers find its copy there."""

    name: str
    """The copy's name in reports, status and mirrors.json (letters, digits, '-', '_')."""
    page_url: str = ""
    """Where readers open a page of this copy: {path}, {branch} (as site.page_url; default: none
    listed).
    """
    raw_url: str = ""
    """Where readers fetch raw files (images) of this copy: {path}, {branch} (as site.raw_url). A
    directory, a bucket holding the Markdown mirror or a git remote gets pages that load images
    and QR codes from it (a git remote: its own commits, made from the mirror's, that only
    fast-forward; a remote changed by someone else is reported, never overwritten).
    """

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
    def _unique_targets(self) -> "PublishConfig":
        names = [t.name for t in (*self.remotes, *self.directories, *self.buckets)]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"publish: target names must be unique: {', '.join(duplicates)}")
        return self
