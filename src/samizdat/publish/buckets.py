"""Bucket targets: the mirror on S3-compatible object storage (Amazon S3, Cloudflare R2,
Backblaze B2, MinIO...), either as the static HTML site or as the Markdown tree.

Uploads are incremental. The store remembers the digest of every object samizdat put
in each bucket (recorded right after its upload succeeds); a run uploads what differs
from that record and deletes what the mirror no longer has, last. A bucket that fails
(unreachable, refused) keeps what it got, is reported with its real cause, does not
stop the other targets, and catches up on the next run, even one with no commit of its
own. Only keys samizdat uploaded are ever deleted.

Credentials come from a section of the credentials file (``access_key_id`` and
``secret_access_key``) or the standard ``AWS_*`` environment; they never reach a
message. boto3 is imported only when a run has a bucket to publish to.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from samizdat.config import BucketConfig, Config
from samizdat.errors import ConfigError, PublishError, SamizdatError
from samizdat.faults import checkpoint
from samizdat.fetch.redact import redact
from samizdat.models import RunReport
from samizdat.publish.bucket_content import (
    LocalObject,
    cache_control,
    content_type,
    mirror_objects,
    site_objects,
    upload_rank,
)
from samizdat.publish.credentials import Credential, load_credentials
from samizdat.publish.git import GitRepo
from samizdat.publish.own_raw import raw_rebaser
from samizdat.publish.remotes import target_failed
from samizdat.store import Store
from samizdat.tree import safe_read

# Keys per DeleteObjects request (the S3 API's limit).
DELETE_BATCH = 1000


class BucketClient:
    """One bucket, through boto3; every failure becomes a PublishError without secrets."""

    def __init__(self, target: BucketConfig, credential: Credential | None) -> None:
        import boto3  # only a run with a bucket target pays for boto3's import
        from botocore.config import Config as BotoConfig

        self.target = target
        keys: dict[str, str] = {}
        self.secrets: tuple[str, ...] = ()
        if credential is not None:
            keys = {
                "aws_access_key_id": credential.access_key_id,
                "aws_secret_access_key": credential.secret_access_key,
            }
            self.secrets = (credential.access_key_id, credential.secret_access_key)
        session = boto3.session.Session(region_name=target.region or None, **keys)
        options = BotoConfig(
            connect_timeout=10,
            read_timeout=60,
            retries={"max_attempts": 3, "mode": "standard"},
            s3={"addressing_style": "path" if target.endpoint else "auto"},
        )
        self._s3: Any = session.client("s3", endpoint_url=target.endpoint or None, config=options)

    def put(self, key: str, body: bytes, path: str) -> None:
        checkpoint("upload")
        self._call(
            f"uploading {key}",
            self._s3.put_object,
            Bucket=self.target.bucket,
            Key=key,
            Body=body,
            ContentType=content_type(path),
            CacheControl=cache_control(path),
        )

    def delete(self, keys: list[str]) -> None:
        answer = self._call(
            f"deleting {len(keys)} objects",
            self._s3.delete_objects,
            Bucket=self.target.bucket,
            Delete={"Objects": [{"Key": key} for key in keys], "Quiet": True},
        )
        errors = answer.get("Errors") or []
        if errors:
            first = errors[0]
            raise PublishError(
                f"deleting {first.get('Key')} failed: {first.get('Code')} {first.get('Message')}"
            )

    def _call(self, what: str, method: Any, **kwargs: Any) -> dict[str, Any]:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            answer: dict[str, Any] = method(**kwargs)
        except (BotoCoreError, ClientError) as exc:
            raise PublishError(redact(f"{what} failed: {exc}", self.secrets)) from None
        return answer


def publish_buckets(
    config: Config, repo: GitRepo, store: Store, report: RunReport, now: datetime
) -> None:
    """Bring every bucket target up to date, each on its own."""
    head = repo.head()
    if not head or not config.publish.buckets:
        return
    try:
        credentials = load_credentials(config)
    except ConfigError as exc:
        credentials, problem = {}, str(exc)
    else:
        problem = ""
    for bucket in config.publish.buckets:
        if store.pushed_commit(bucket.name) == head:
            continue
        item = f"bucket {bucket.name}"
        try:
            if problem:
                raise ConfigError(problem)
            sync_bucket(config, bucket, repo, store, credentials, now)
        except SamizdatError as exc:
            reason = f"s3://{bucket.bucket}/{bucket.prefix}: {exc}"
            target_failed(store, report, item, bucket.name, reason)
            continue
        store.remote_pushed(bucket.name, head, now)
        report.pushed.append(bucket.name)


def sync_bucket(
    config: Config,
    bucket: BucketConfig,
    repo: GitRepo,
    store: Store,
    credentials: dict[str, Credential],
    now: datetime,
) -> tuple[int, int]:
    """Upload what changed since the bucket's recorded state, then delete what is gone;
    returns (objects uploaded, objects deleted)."""
    local = _local_objects(config, bucket, repo, now)
    held = store.bucket_objects(bucket.name)
    prefix = bucket.prefix
    wanted = {prefix + path: item for path, item in local.items()}
    uploads = sorted(
        (item for key, item in wanted.items() if held.get(key) != item.digest),
        key=lambda item: upload_rank(item.path),
    )
    removed = sorted(key for key in held if key not in wanted)
    if not uploads and not removed:
        return 0, 0
    client = BucketClient(bucket, _credential(bucket, credentials))
    for item in uploads:
        root = item.source.parents[item.path.count("/")]
        try:  # no symlink, hard link or device is read, on the way or at the end
            body = safe_read.read_bytes(root, item.path)
        except safe_read.UnsafeEntry as exc:
            raise PublishError(f"refusing to upload {exc}") from None
        except OSError as exc:
            raise PublishError(f"cannot read {item.path}: {exc.strerror}") from None
        client.put(prefix + item.path, item.rebased or body, item.path)
        store.bucket_uploaded(bucket.name, prefix + item.path, item.digest)
    for batch in _batches(removed, DELETE_BATCH):
        client.delete(batch)
        with store.transaction():
            for key in batch:
                store.bucket_deleted(bucket.name, key)
    return len(uploads), len(removed)


def _local_objects(
    config: Config, bucket: BucketConfig, repo: GitRepo, now: datetime
) -> dict[str, LocalObject]:
    if bucket.content == "mirror":
        return mirror_objects(repo, raw_rebaser(config, bucket.raw_url))
    from samizdat.site import build_site  # only for buckets that hold the site

    site = build_site(config, now=now)
    return site_objects(site.out)


def _credential(bucket: BucketConfig, credentials: dict[str, Credential]) -> Credential | None:
    if not bucket.credentials:
        return None  # boto3 reads AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY itself
    credential = credentials.get(bucket.credentials)
    if credential is None or not credential.access_key_id or not credential.secret_access_key:
        raise ConfigError(
            f"bucket {bucket.name}: the credentials file needs [{bucket.credentials}] with"
            " access_key_id and secret_access_key"
        )
    return credential


def _batches(keys: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(keys), size):
        yield keys[start : start + size]
