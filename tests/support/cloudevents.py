"""Domain events as CloudEvents on the topics, made by hand: full control over order and time."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer

from shared.envelope import encode
from shared.eventstore import Checkpoint, Metadata, RecordedEvent
from shared.kafka import events_topic

SOURCE = "urn:nld:oin:00000099999999999999:systeem:regie-test"


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
