"""CloudEvents of any domain, encoded exactly as a service's relay publishes them."""

from __future__ import annotations

import itertools
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer
from pydantic_core import to_json

from shared.envelope import CloudEvent, encode, source_of
from shared.eventstore import Checkpoint, Metadata, RecordedEvent
from shared.kafka import events_topic

OIN = "00000001234567890000"
SOURCE = "urn:nld:oin:00000099999999999999:systeem:regie-test"
_positions = itertools.count(1)
_versions: dict[tuple[str, str], int] = {}  # the last stream version per (domain, young person)


def recorded(  # noqa: PLR0913 - the facts of one event, each named at the call site
    type_name: str,
    youth_id: str,
    data: dict[str, object],
    *,
    gemeente: str = "0518",
    version: int | None = None,
    event_id: uuid.UUID | None = None,
) -> RecordedEvent:
    """A stored event of `type_name` (`nl.regie.<domain>.<name>`) about `youth_id`.

    Without `version`, the next of the young person's stream in that domain, as a store
    numbers it (consumers take a version they have passed as a redelivery).
    """
    domain = type_name.split(".")[2]
    if version is None:
        version = _versions.get((domain, youth_id), 0) + 1
    _versions[domain, youth_id] = max(version, _versions.get((domain, youth_id), 0))
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


@dataclass
class Publisher:
    """Publishes one young person's events per domain with stream versions that follow on."""

    bootstrap: str
    prefix: str
    tenant: str = "0518"
    versions: dict[tuple[str, str], int] = field(default_factory=dict)
    sent: list[tuple[str, bytes, bytes]] = field(default_factory=list)

    def event(
        self,
        type_name: str,
        youth: str,
        data: dict[str, object],
        *,
        event_id: uuid.UUID | None = None,
        recorded_at: datetime | None = None,
        **extensions: str,
    ) -> tuple[str, bytes, bytes]:
        """The topic, key and CloudEvent bytes of a new event in the young person's stream."""
        domain = type_name.split(".")[2]
        version = self.versions[domain, youth] = self.versions.get((domain, youth), 0) + 1
        recorded = RecordedEvent(
            event_id=event_id or uuid.uuid4(),
            event_type=type_name,
            schema_version=1,
            subject=youth,
            data=json.dumps({"youth_id": youth, **data}),
            metadata=Metadata(
                tenant=self.tenant,
                actor="tester",
                actor_role="intake",
                correlation_id="c-1",
                extensions=extensions,
            ),
            stream_id=f"{domain}-{youth}",
            stream_version=version,
            checkpoint=Checkpoint(1, len(self.sent) + 1),
            recorded_at=recorded_at or datetime.now(UTC),
        )
        message = (events_topic(domain, self.prefix), youth.encode(), encode(recorded, SOURCE))
        self.sent.append(message)
        return message

    async def publish(self, *messages: tuple[str, bytes, bytes]) -> None:
        """Send in the order given (across topics, that is the order a consumer may see)."""
        producer = AIOKafkaProducer(bootstrap_servers=self.bootstrap)
        await producer.start()
        try:
            for topic, key, value in messages:
                await producer.send_and_wait(topic, value, key=key)
        finally:
            await producer.stop()
