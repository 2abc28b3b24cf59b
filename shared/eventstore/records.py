"""What goes into an event store and what comes out: storage records, not domain classes.

A record holds its payload as JSON text so the store, the relay and the envelope never parse it;
only the code that needs the typed event decodes it, once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from datetime import datetime
    from uuid import UUID


class Checkpoint(NamedTuple):
    """A place in the commit-ordered log: the writing transaction's id, then the row position.

    Both parts are needed: transactions commit out of id order, so a single number cannot say
    "everything before this has been seen" (see `PostgresEventStore.read_all`).
    """

    tx_id: int
    position: int

    def as_sequence(self) -> str:
        """Render as a CloudEvents `sequence`: fixed width, so string order is log order."""
        return f"{self.tx_id:020d}-{self.position:020d}"

    @classmethod
    def from_sequence(cls, sequence: str) -> Checkpoint:
        """Parse what `as_sequence` wrote."""
        tx_id, _, position = sequence.partition("-")
        return cls(int(tx_id), int(position))


START = Checkpoint(0, 0)


@dataclass(frozen=True, slots=True)
class Metadata:
    """Who recorded an event, for whom, and why; never personal data of the young person."""

    tenant: str
    actor: str
    actor_role: str
    correlation_id: str
    causation_id: str | None = None
    # CloudEvents extensions such as programma, leefgebied, grondslag, vertrouwelijkheid.
    extensions: dict[str, str] = field(default_factory=dict)
    # The W3C trace context of the command that appended the event (shared/tracing.py); the
    # relay publishes it as the CloudEvents `traceparent` extension. None when not traced.
    traceparent: str | None = None


@dataclass(frozen=True, slots=True)
class NewEvent:
    """An event to append; `data` is its payload already serialised as JSON."""

    event_id: UUID
    event_type: str
    schema_version: int
    subject: str
    data: str
    metadata: Metadata


@dataclass(frozen=True, slots=True)
class RecordedEvent:
    """An event as stored, with its place in its stream and in the log."""

    event_id: UUID
    event_type: str
    schema_version: int
    subject: str
    data: str
    metadata: Metadata
    stream_id: str
    stream_version: int
    checkpoint: Checkpoint
    recorded_at: datetime
    # The chain: the previous event's hash in this stream, and this event's own.
    prev_hash: str = ""
    hash: str = ""


@dataclass(frozen=True, slots=True)
class AppendResult:
    """The stream's version after the append; `appended` is False for an idempotent replay."""

    stream_version: int
    appended: bool


class EventStoreError(Exception):
    """Base of the store's own errors."""


class ConcurrencyError(EventStoreError):
    """The stream is not at the expected version (HTTP 409): reload, decide again, retry."""

    def __init__(self, stream_id: str, expected: int, actual: int | None, reason: str) -> None:
        """Keep the versions so an HTTP layer can report them."""
        super().__init__(f"{stream_id}: {reason}")
        self.stream_id = stream_id
        self.expected = expected
        self.actual = actual


class EventIdTakenError(ConcurrencyError):
    """The event's id is already another event's: an idempotency key reused for a new request.

    A retry of the same request is recognised and appends nothing; this is a different one
    (another young person, another command) under a key already spent. Deciding again cannot
    help, so it is no reason to retry: the client needs a new key.
    """
