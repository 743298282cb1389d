"""A per-host circuit breaker: one dead origin must not eat the whole run.

Every request to a host that ends in a connection-level failure (refused, reset,
timed out, TLS failure) or an "unavailable" answer (429, 502, 503, 504) counts against
the host; any other answer resets its count. After ``threshold`` failures in a row the
host is skipped for the rest of the run: further requests to it fail at once, naming
the host and the last failure, instead of each waiting out its own timeouts and retries.
The breaker never closes again within a run; the next run starts afresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class HostBreaker:
    """``threshold`` 0 disables the breaker."""

    threshold: int
    _failures: dict[str, int] = field(default_factory=dict)
    _last: dict[str, str] = field(default_factory=dict)
    _first: dict[str, str] = field(default_factory=dict)
    _open: set[str] = field(default_factory=set)

    def skip_reason(self, host: str) -> str | None:
        """Why requests to ``host`` are skipped, or None when they may go ahead."""
        if host not in self._open:
            return None
        first, last = self._first[host], self._last[host]
        causes = f"last: {last}" if first == last else f"first: {first}; last: {last}"
        return (
            f"host {host} is skipped for the rest of this run after {self._failures[host]}"
            f" failures in a row ({causes})"
        )

    def first_reason(self, host: str) -> str:
        """The first failure of the run of failures that opened (or may open) the breaker."""
        return self._first.get(host, "")

    def failure(self, host: str, reason: str) -> None:
        if not self._failures.get(host):
            self._first[host] = reason
        self._failures[host] = self._failures.get(host, 0) + 1
        self._last[host] = reason
        if self.threshold and self._failures[host] >= self.threshold:
            self._open.add(host)

    def success(self, host: str) -> None:
        if host not in self._open:
            self._failures.pop(host, None)

    @property
    def skipped(self) -> dict[str, str]:
        """Each skipped host and the first real cause of its failures."""
        return {host: self._first[host] for host in sorted(self._open)}
