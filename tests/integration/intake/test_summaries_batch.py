"""The summaries projection sends a run of like events as one `executemany` (issue 24 item 4).

Intake runs its own read model in the process that answers commands, so its statements per
registration are the command path's too: a batch of registrations was one round trip each.
The rows must be those of applying the events one by one, in order.
"""

from __future__ import annotations

import uuid

from services.intake.bootstrap import MIGRATIONS
from services.intake.projections.summaries import YouthSummaries
from shared.envelope import CloudEvent, encode, source_of
from shared.migrations import directory_migrations, migrate
from tests.support.cloudevents import OIN, recorded
from tests.support.round_trips import round_trips


def registered(youth: str) -> CloudEvent:
    """A youth-registered as the relay publishes it."""
    event = recorded(
        "nl.regie.intake.youth-registered",
        youth,
        {"gemeentecode": "0518", "programma": "jpf", "full_name": "x", "date_of_birth": "x",
         "age_band": "18-22", "registered_on": "2026-03-02"},
    )  # fmt: skip
    return CloudEvent.model_validate_json(encode(event, source_of(OIN, "intake")))


def assigned(youth: str) -> CloudEvent:
    """A director-assigned of `youth`."""
    event = recorded("nl.regie.intake.director-assigned", youth, {"director_id": "r-1"})
    return CloudEvent.model_validate_json(encode(event, source_of(OIN, "intake")))


async def test_a_run_of_registrations_is_one_round_trip_and_the_rows_as_one_by_one(pool):
    """Five registrations, an assignment, two more: three statements; rows as applied singly."""
    youths = [str(uuid.uuid4()) for _ in range(7)]
    events = [*map(registered, youths[:5]), assigned(youths[0]), *map(registered, youths[5:])]
    tables = {}
    for how in ("batched", "singly"):
        schema = f"t_{uuid.uuid4().hex[:12]}"
        async with pool.acquire() as conn:
            await migrate(conn, schema, list(directory_migrations(MIGRATIONS)))
            summaries = YouthSummaries(schema)
            if how == "batched":
                with round_trips() as sent:
                    await summaries.apply(conn, events)
                assert len(sent) == 3, sent
            else:
                for event in events:
                    await summaries.apply(conn, [event])
            rows = await conn.fetch(
                f"SELECT * FROM {schema}.youth_summaries ORDER BY youth_id::text"
            )
            tables[how] = [dict(row) for row in rows]
    assert tables["batched"] == tables["singly"]
    assert len(tables["batched"]) == 7
    assert {r["director_id"] for r in tables["batched"]} == {"r-1", None}
