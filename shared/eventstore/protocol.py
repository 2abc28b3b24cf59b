"""The contract every event store keeps; the contract test suite checks it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from shared.eventstore.records import START, AppendResult, Checkpoint, NewEvent, RecordedEvent

if TYPE_CHECKING:
    from collections.abc import Sequence

    from shared.timers.changes import TimerOrder


class EventStore(Protocol):
    """Append with an expected version, load a stream, read the whole log in commit order."""

    async def append(
        self,
        stream_id: str,
        events: Sequence[NewEvent],
        expected_version: int,
        timers: Sequence[TimerOrder] = (),
    ) -> AppendResult:
        """Append atomically, or raise ConcurrencyError; an identical retry is a success.

        `timers`: the decision's timer changes (shared/timers), stored with the events or not
        at all; a retry recognised as such changes no timer (the first attempt did).
        """
        ...

    async def load(self, stream_id: str, after_version: int = 0) -> list[RecordedEvent]:
        """A stream's events in version order."""
        ...

    async def read_all(self, after: Checkpoint = START, limit: int = 1000) -> list[RecordedEvent]:
        """Committed events after a checkpoint, in an order that never changes later."""
        ...

    async def of_types(self, event_types: Sequence[str], tenant: str) -> list[RecordedEvent]:
        """One municipality's events of these types, per stream in version order (for figures)."""
        ...
