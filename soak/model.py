"""What a soak records while it runs: requests, faults and samples, on one clock.

Times are seconds since the soak started (`time.monotonic()` minus the start), so the charts
and the checks line up without wall-clock jumps.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Request:
    """One HTTP call the load made: what, to which service, how it ended and how long it took.

    `status` is the HTTP status, or 0 when no answer came (refused connection, timeout).
    """

    at: float
    service: str
    kind: str
    status: int
    seconds: float


@dataclass(frozen=True)
class Ack:
    """A command the platform acknowledged (2xx): the event it recorded, in which service.

    `headline` says whether the timeline shows it as an entry (the checks look for it there).
    """

    at: float
    service: str
    event_type: str
    youth_id: str
    event_id: str
    headline: bool


@dataclass
class Fault:
    """One injected fault: its window runs from `started` until the platform is whole again.

    `services` are the services whose answers may fail inside the window (all of them for
    PostgreSQL and the broker). `caught_up` is when every headline acknowledged before `ended`
    was on the timeline (None: never, within the soak).
    """

    name: str
    services: tuple[str, ...]
    started: float
    ended: float = 0.0
    caught_up: float | None = None

    def covers(self, service: str, at: float, grace: float) -> bool:
        """Whether a failed answer of `service` at `at` falls inside this fault's window."""
        return service in self.services and self.started <= at <= self.ended + grace


@dataclass(frozen=True)
class Sample:
    """Once a second: events acknowledged but not yet on the timeline, and each process's RSS."""

    at: float
    lag: int
    rss_mib: dict[str, float] = field(default_factory=dict)
    pids: dict[str, int] = field(default_factory=dict)
