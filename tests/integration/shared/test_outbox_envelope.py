"""The envelope PostgreSQL builds for the relay is the CloudEvent the Python reference builds."""

from __future__ import annotations

import uuid

from shared.envelope import CloudEvent, encode
from shared.eventstore import (
    START,
    Metadata,
    NewEvent,
    PostgresEventStore,
    event_store_migration,
)
from shared.migrations import migrate
from shared.relay.outbox import Outbox

SOURCE = "urn:nld:oin:00000099999999999999:systeem:regie-intake"


def event(version: int, **meta) -> NewEvent:
    return NewEvent(
        event_id=uuid.uuid4(),
        event_type="nl.regie.intake.youth-registered",
        schema_version=version,
        subject=str(uuid.uuid4()),
        data='{"programma": "jpf", "nested": {"list": [1, "twee", null], "ë": true}}',
        metadata=Metadata(
            tenant="0518", actor="medewerker-3", actor_role="intake", correlation_id="c-9", **meta
        ),
    )


async def test_database_envelopes_equal_the_reference_encoding(pool, schema):
    """Same attributes, extensions, version suffix, sequence, prevhash and data, event by event."""
    async with pool.acquire() as conn:
        await migrate(conn, schema, [event_store_migration()])
    store = PostgresEventStore(pool, schema)
    events = [
        event(1),
        event(2, causation_id="cause-1", extensions={"programma": "jpf", "leefgebied": "wonen"}),
    ]
    for n, new in enumerate(events):
        await store.append(f"s-{n}", [new], 0)
    reference = [CloudEvent.model_validate_json(encode(r, SOURCE)) for r in await store.read_all()]
    from_database = [
        CloudEvent.model_validate_json(r.value)
        for r in await Outbox(pool, schema, SOURCE).after(START, 10)
    ]
    assert from_database == reference
    assert from_database[1].type == "nl.regie.intake.youth-registered.v2"
    assert (from_database[1].causationid, from_database[1].leefgebied) == ("cause-1", "wonen")
    assert from_database[0].causationid is None
