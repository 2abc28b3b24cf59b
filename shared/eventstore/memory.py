"""An in-memory event store for unit tests; it passes the same contract suite as Postgres."""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from shared import tracing
from shared.eventstore.chain import GENESIS, event_hash
from shared.eventstore.metadata_codec import encode_metadata
from shared.eventstore.records import (
    START,
    AppendResult,
    Checkpoint,
    ConcurrencyError,
    NewEvent,
    RecordedEvent,
)
from shared.timers.changes import Cancel, Schedule

if TYPE_CHECKING:
    from collections.abc import Sequence
    from uuid import UUID

    from shared.timers.changes import TimerOrder


class InMemoryEventStore:
    """Single-process store: every append is its own committed transaction."""

    def __init__(self) -> None:
        """Start empty."""
        self._streams: dict[str, list[RecordedEvent]] = defaultdict(list)
        self._log: list[RecordedEvent] = []
        self._by_id: dict[UUID, RecordedEvent] = {}
        self._tx_ids = itertools.count(1)
        # Timer id -> its last schedule and its state, as the timers table would hold them.
        self.timers: dict[UUID, tuple[Schedule, str]] = {}

    async def append(
        self,
        stream_id: str,
        events: Sequence[NewEvent],
        expected_version: int,
        timers: Sequence[TimerOrder] = (),
    ) -> AppendResult:
        """Same semantics as `PostgresEventStore.append`, timer changes included."""
        stream = self._streams[stream_id]
        if not events:
            return AppendResult(expected_version, appended=False)
        if len(stream) != expected_version:
            if self._is_retry(stream_id, events, expected_version):
                return AppendResult(expected_version + len(events), appended=False)
            raise ConcurrencyError(
                stream_id, expected_version, len(stream), "stream is not at the expected version"
            )
        if any(e.event_id in self._by_id for e in events):
            raise ConcurrencyError(stream_id, expected_version, len(stream), "event id in use")
        traceparent = tracing.current_traceparent()
        tx_id = next(self._tx_ids)
        now = datetime.now(UTC)
        prev_hash = stream[-1].hash if stream else GENESIS
        for offset, new in enumerate(events, start=1):
            version = expected_version + offset
            event = new
            if traceparent and not new.metadata.traceparent:
                # As the Postgres store stores it: the metadata as read back carries it.
                event = replace(new, metadata=replace(new.metadata, traceparent=traceparent))
            own_hash = event_hash(
                prev_hash,
                (
                    str(event.event_id),
                    stream_id,
                    str(version),
                    event.event_type,
                    str(event.schema_version),
                    event.subject,
                    event.metadata.tenant,
                    event.data,
                    encode_metadata(event.metadata),
                ),
            )
            recorded = RecordedEvent(
                event_id=event.event_id,
                event_type=event.event_type,
                schema_version=event.schema_version,
                subject=event.subject,
                data=event.data,
                metadata=event.metadata,
                stream_id=stream_id,
                stream_version=version,
                checkpoint=Checkpoint(tx_id, len(self._log) + 1),
                recorded_at=now,
                prev_hash=prev_hash,
                hash=own_hash,
            )
            prev_hash = own_hash
            stream.append(recorded)
            self._log.append(recorded)
            self._by_id[event.event_id] = recorded
        for order in timers:
            self._change_timer(order.change)
        return AppendResult(expected_version + len(events), appended=True)

    def _change_timer(self, change: Schedule | Cancel) -> None:
        """As `apply_timer_changes`: a settled timer stays settled."""
        held = self.timers.get(change.timer_id)
        if held is not None and held[1] != "scheduled":
            return
        if isinstance(change, Cancel):
            if held is not None:
                self.timers[change.timer_id] = (held[0], "cancelled")
            return
        self.timers[change.timer_id] = (change, "scheduled")

    def _is_retry(self, stream_id: str, events: Sequence[NewEvent], expected: int) -> bool:
        for offset, event in enumerate(events, start=1):
            found = self._by_id.get(event.event_id)
            if found is None or (found.stream_id, found.stream_version) != (
                stream_id,
                expected + offset,
            ):
                return False
        return True

    async def load(self, stream_id: str, after_version: int = 0) -> list[RecordedEvent]:
        """The stream's events after `after_version`, in version order."""
        return list(self._streams.get(stream_id, [])[after_version:])

    async def of_types(self, event_types: Sequence[str], tenant: str) -> list[RecordedEvent]:
        """One municipality's events of these types, per stream in version order."""
        wanted = set(event_types)
        found = [e for e in self._log if e.event_type in wanted and e.metadata.tenant == tenant]
        return sorted(found, key=lambda e: (e.stream_id, e.stream_version))

    async def read_all(self, after: Checkpoint = START, limit: int = 1000) -> list[RecordedEvent]:
        """Events after `after` in log order."""
        return [e for e in self._log if e.checkpoint > after][:limit]
