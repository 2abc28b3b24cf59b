"""Read the outbox as ready-made CloudEvents: PostgreSQL builds each envelope, in C.

Building the envelope in Python cost the relay about as much as producing it to Kafka; the
database does it on its own core while the relay sends. `shared.envelope.encode` stays the
reference implementation, and a test holds the two to the same CloudEvent.

History keeps the version it was recorded in; the relay publishes the newest released version.
An envelope of an older version is upcast here, in Python (the rare case), so what goes on
Kafka is what a consumer of the current contract expects, also on a republish of old history.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic_core import from_json, to_json

from shared import metrics
from shared.envelope import cloudevent_type
from shared.event_contracts.released import released_contracts
from shared.eventstore.postgres import LOG_ORDER
from shared.eventstore.records import Checkpoint
from shared.migrations import checked_schema

if TYPE_CHECKING:
    from asyncpg import Record
    from asyncpg.pool import Pool


_ENVELOPES = """
SELECT tx_id, position, subject, event_type, schema_version,
       metadata->>'traceparent' AS traceparent,
       (jsonb_strip_nulls(jsonb_build_object(
            'specversion', '1.0',
            'id', event_id,
            'source', $4::text,
            'type', CASE WHEN schema_version = 1 THEN event_type
                         ELSE event_type || '.v' || schema_version END,
            'subject', subject,
            'time', to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
            'datacontenttype', 'application/json',
            'sequence', lpad(tx_id::text, 20, '0') || '-' || lpad(position::text, 20, '0'),
            'streamid', stream_id,
            'streamversion', stream_version,
            'gemeentecode', tenant,
            'actor', metadata->>'actor',
            'actorrole', metadata->>'actor_role',
            'correlationid', metadata->>'correlation_id',
            'causationid', metadata->>'causation_id',
            'prevhash', prev_hash,
            'traceparent', metadata->>'traceparent'))
        || coalesce(metadata->'extensions', '{{}}'::jsonb)
        || jsonb_build_object('data', data))::text AS envelope
  FROM {schema}.events
"""


@dataclass(frozen=True, slots=True)
class OutboxRecord:
    """One event as the relay sends it."""

    checkpoint: Checkpoint
    key: bytes
    value: bytes
    # The command's trace context, stored with the event and in `value` as well; the relay's
    # own span continues it (shared/tracing.py). None for an event recorded untraced.
    traceparent: str | None = None


class Outbox:
    """The events table of one schema, read in log order as CloudEvents of one source."""

    def __init__(self, pool: Pool, schema: str, source: str) -> None:
        """Read `schema`.events, naming `source` in every envelope."""
        self._pool = pool
        self._source = source
        self._sql = _ENVELOPES.format(schema=checked_schema(schema)) + LOG_ORDER
        self._upcasters = released_contracts().upcasters
        self._outdated = self._upcasters.outdated()

    async def after(self, checkpoint: Checkpoint, limit: int) -> list[OutboxRecord]:
        """Up to `limit` committed events after `checkpoint`, never skipping a late commit."""
        rows = await self._pool.fetch(
            self._sql, checkpoint.tx_id, checkpoint.position, limit, self._source
        )
        return [
            OutboxRecord(
                Checkpoint(row["tx_id"], row["position"]),
                row["subject"].encode(),
                self._upcast(row)
                if (row["event_type"], row["schema_version"]) in self._outdated
                else row["envelope"].encode(),
                row["traceparent"],
            )
            for row in rows
        ]

    def _upcast(self, row: Record) -> bytes:
        """The envelope with `type` and `data` at the newest version; the rest as stored."""
        envelope = from_json(row["envelope"])
        version, envelope["data"] = self._upcasters.upcast(
            row["event_type"], row["schema_version"], envelope["data"]
        )
        envelope["type"] = cloudevent_type(row["event_type"], version)
        metrics.UPCAST.labels("relay", row["event_type"]).inc()
        return bytes(to_json(envelope))
