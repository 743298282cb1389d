"""The search index's postings, kept on disk while a build runs.

A large site has tens of millions of postings (a token, a page that has it): held in
memory they were the build's biggest cost, growing with the site. Here each posting is
two 32-bit numbers (the token's number, the page's) put in one of 256 buckets by the
token's hash (the shard count is a power of two up to 256, so a bucket belongs to
exactly one shard whatever the count turns out to be); a bucket's buffer goes to a
temporary file as a block when it fills. Writing the index reads back one shard's
blocks at a time. What stays in memory is the tokens themselves (one number each) and
the buffers (at most 256 x 32 KiB).
"""

from __future__ import annotations

import os
import tempfile
import weakref
from array import array
from collections.abc import Callable, Iterator

BUCKETS = 256  # the most shards an index has (see ``_search._MAX_SHARDS``)
_BUFFER = 8192  # numbers per bucket (pairs: 4096 postings) before it goes to disk


class Postings:
    """Postings collected page by page, then read back shard by shard."""

    def __init__(self, bucket_of: Callable[[str], int]) -> None:
        self._bucket_of = bucket_of
        self._ids: dict[str, int] = {}
        self._buckets = array("B")  # token number -> its bucket
        self._buffers = [array("I") for _ in range(BUCKETS)]
        self._blocks: list[list[tuple[int, int]]] = [[] for _ in range(BUCKETS)]
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close)
        # Closed also when a failed build drops the index without writing it.
        self._closer = weakref.finalize(self, self._file.close)
        self._end = 0
        self._names: list[str] | None = None
        self.total = 0

    @property
    def tokens(self) -> int:
        return len(self._ids)

    def add(self, tokens: Iterator[str] | list[str], number: int) -> None:
        """Page ``number`` has each of ``tokens`` (each once)."""
        ids, buckets, buffers = self._ids, self._buckets, self._buffers
        for token in tokens:
            found = ids.get(token)
            if found is None:
                found = ids[token] = len(ids)
                buckets.append(self._bucket_of(token))
            bucket = buckets[found]
            buffer = buffers[bucket]
            buffer.append(found)
            buffer.append(number)
            if len(buffer) >= _BUFFER:
                self._spill(bucket)
            self.total += 1

    def _spill(self, bucket: int) -> None:
        data = self._buffers[bucket].tobytes()
        os.pwrite(self._file.fileno(), data, self._end)
        self._blocks[bucket].append((self._end, len(data)))
        self._end += len(data)
        self._buffers[bucket] = array("I")

    def shard(self, number: int, shards: int) -> dict[str, list[int]]:
        """Token -> the pages that have it, of the tokens of shard ``number`` of ``shards``
        (``shards`` a power of two up to 256)."""
        if self._names is None:
            self._names = list(self._ids)  # token number -> token (a dict keeps its order)
        names = self._names
        found: dict[int, list[int]] = {}
        for bucket in range(number, BUCKETS, shards):
            for start, size in self._blocks[bucket]:
                pairs = array("I")
                pairs.frombytes(os.pread(self._file.fileno(), size, start))
                self._collect(found, pairs)
            self._collect(found, self._buffers[bucket])
        return {names[token]: pages for token, pages in found.items()}

    @staticmethod
    def _collect(found: dict[int, list[int]], pairs: array[int]) -> None:
        for token, page in zip(pairs[0::2], pairs[1::2], strict=True):
            listed = found.get(token)
            if listed is None:
                found[token] = [page]
            else:
                listed.append(page)

    def close(self) -> None:
        self._closer()
