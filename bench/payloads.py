"""The events the workloads write and publish: intake's `youth-registered`, as intake has it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from pydantic_core import to_json

from shared.envelope import encode, source_of
from shared.eventstore import Checkpoint, Metadata, NewEvent, RecordedEvent, encode_metadata

EVENT_TYPE = "nl.regie.intake.youth-registered"
GEMEENTE = "0518"
METADATA = Metadata(
    tenant=GEMEENTE,
    actor="bench",
    actor_role="intake",
    correlation_id="bench",
    extensions={"programma": "jpf"},
)
METADATA_JSON = encode_metadata(METADATA)


def registered_data(youth_id: str) -> str:
    """The event's payload as JSON text, about the size the service writes."""
    return to_json(
        {
            "youth_id": youth_id,
            "programma": "jpf",
            "full_name": "X",
            "date_of_birth": "2004-01-01",
            "age_band": "18-22",
            "registered_on": "2026-11-22",
        }
    ).decode()


def stream_of(youth_id: str) -> str:
    """The stream a young person's events go to, as intake names it."""
    return f"youth-{youth_id}"


def new_events(count: int) -> list[NewEvent]:
    """`count` events for the same (new) young person: one stream, versions 1..count."""
    youth_id = str(uuid.uuid4())
    data = registered_data(youth_id)
    return [
        NewEvent(
            event_id=uuid.uuid4(),
            event_type=EVENT_TYPE,
            schema_version=1,
            subject=youth_id,
            data=data,
            metadata=METADATA,
        )
        for _ in range(count)
    ]


def recorded_event(n: int) -> RecordedEvent:
    """The `n`th event of a log, as the relay would have read it, for a new young person."""
    youth_id = str(uuid.uuid4())
    return RecordedEvent(
        event_id=uuid.uuid4(),
        event_type=EVENT_TYPE,
        schema_version=1,
        subject=youth_id,
        data=registered_data(youth_id),
        metadata=METADATA,
        stream_id=stream_of(youth_id),
        stream_version=1,
        checkpoint=Checkpoint(1000 + n // 1000, n + 1),
        recorded_at=datetime.now(UTC),
    )


def intake_source(oin: str) -> str:
    """The CloudEvents `source` intake publishes under."""
    return source_of(oin, "intake")


def encoded(events: list[RecordedEvent], source: str) -> list[tuple[bytes, bytes]]:
    """(key, value) pairs exactly as the relay sends them."""
    return [(event.subject.encode(), encode(event, source)) for event in events]
