"""CloudEvents of any domain, encoded exactly as a service's relay publishes them."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime

from pydantic_core import to_json

from shared.envelope import CloudEvent, encode, source_of
from shared.eventstore import Checkpoint, Metadata, RecordedEvent

OIN = "00000001234567890000"
_positions = itertools.count(1)


def recorded(  # noqa: PLR0913 - the facts of one event, each named at the call site
    type_name: str,
    youth_id: str,
    data: dict[str, object],
    *,
    gemeente: str = "0518",
    version: int = 1,
    event_id: uuid.UUID | None = None,
) -> RecordedEvent:
    """A stored event of `type_name` (`nl.regie.<domain>.<name>`) about `youth_id`."""
    domain = type_name.split(".")[2]
    position = next(_positions)
    return RecordedEvent(
        event_id=event_id or uuid.uuid4(),
        event_type=type_name,
        schema_version=1,
        subject=youth_id,
        data=to_json({"youth_id": youth_id, **data}).decode(),
        metadata=Metadata(tenant=gemeente, actor="test", actor_role=domain, correlation_id="t"),
        stream_id=f"{domain}-{youth_id}",
        stream_version=version,
        checkpoint=Checkpoint(1, position),
        recorded_at=datetime.now(UTC),
    )


def message(event: RecordedEvent) -> tuple[bytes, bytes]:
    """(key, value) as the relay sends it to `<prefix>.<domain>.events`."""
    domain = event.event_type.split(".")[2]
    return event.subject.encode(), encode(event, source_of(OIN, domain))


def cloud_event(
    type_name: str, youth_id: str, data: dict[str, object], *, gemeente: str = "0518"
) -> CloudEvent:
    """The CloudEvent a consumer reads for such an event."""
    _, value = message(recorded(type_name, youth_id, data, gemeente=gemeente))
    return CloudEvent.model_validate_json(value)
