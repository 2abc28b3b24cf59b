"""Events for the signals' tests: any domain, any actor role, recorded at a chosen moment."""

from __future__ import annotations

import itertools
import json
import uuid
from datetime import UTC, date, datetime

from shared.clock import start_of
from shared.envelope import CloudEvent, encode, source_of
from shared.eventstore import Checkpoint, Metadata, RecordedEvent
from shared.kafka import events_topic

GEMEENTE = "0518"
_positions = itertools.count(1)
_versions: dict[tuple[str, str], int] = {}


def event(  # noqa: PLR0913 - the facts of one event, each named at the call site
    type_name: str,
    youth: str,
    data: dict[str, object] | None = None,
    *,
    on: date | None = None,
    role: str | None = None,
    gemeente: str = GEMEENTE,
) -> CloudEvent:
    """`nl.regie.<domain>.<name>` about `youth`, recorded at noon of `on` (else now)."""
    domain = type_name.split(".")[2]
    version = _versions[domain, youth] = _versions.get((domain, youth), 0) + 1
    recorded = RecordedEvent(
        event_id=uuid.uuid4(),
        event_type=type_name,
        schema_version=1,
        subject=youth,
        data=json.dumps({"youth_id": youth, **(data or {})}),
        metadata=Metadata(tenant=gemeente, actor="medewerker-1",
                          actor_role=role or domain, correlation_id="c-1"),
        stream_id=f"{domain}-{youth}",
        stream_version=version,
        checkpoint=Checkpoint(1, next(_positions)),
        recorded_at=start_of(on).replace(hour=12) if on else datetime.now(UTC),
    )  # fmt: skip
    return CloudEvent.model_validate_json(encode(recorded, source_of("0" * 20, domain)))


def topic_and_bytes(cloud: CloudEvent, prefix: str) -> tuple[str, bytes, bytes]:
    """Where and what a relay would publish for `cloud`."""
    domain = cloud.type.split(".")[2]
    return events_topic(domain, prefix), cloud.subject.encode(), cloud.model_dump_json().encode()
