"""What each bucket target holds: the key and digest of every object samizdat uploaded.

Written one object at a time, right after the upload succeeds, so a run that fails or
is killed half-way leaves a record of exactly what the bucket got: the next run uploads
only the rest. Only keys recorded here are ever deleted from a bucket.
"""

from __future__ import annotations

import sqlite3


class BucketObjects:
    _db: sqlite3.Connection

    def bucket_objects(self, bucket: str) -> dict[str, str]:
        """Key -> digest of every object ``bucket`` is known to hold."""
        rows = self._db.execute(
            "SELECT key, digest FROM bucket_objects WHERE bucket = ?", (bucket,)
        )
        return {str(key): str(digest) for key, digest in rows}

    def bucket_uploaded(self, bucket: str, key: str, digest: str) -> None:
        self._db.execute(
            "INSERT INTO bucket_objects (bucket, key, digest) VALUES (?, ?, ?)"
            " ON CONFLICT (bucket, key) DO UPDATE SET digest = excluded.digest",
            (bucket, key, digest),
        )

    def bucket_deleted(self, bucket: str, key: str) -> None:
        self._db.execute("DELETE FROM bucket_objects WHERE bucket = ? AND key = ?", (bucket, key))
