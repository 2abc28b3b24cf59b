"""Round trips to PostgreSQL per command over HTTP (issue 24 item 4: at most 5 per command).

Before, a registration sent six statements (load, data key, append, blind-index write and
lookup, processing-log entry) and a command of a young person already registered three (load,
append, entry): the entry and the blind-index row now go in the append's own statement, so
they commit with the events or not at all; the lookup stays a statement of its own after it
(services/intake/blind_index.py says why). Guarantees kept alongside: exactly one entry per
request, a replay answers as the first time, a refusal is logged as refused and appends
nothing, a likely duplicate is still found.
"""

from __future__ import annotations

import uuid

import pytest

from services.intake.bootstrap import create_app
from services.intake.settings import IntakeSettings
from shared.clock import SystemClock
from shared.processing_log import ProcessingLog
from tests.integration.intake.test_register_api import body
from tests.support.apps import bearer, platform_settings, serve
from tests.support.round_trips import round_trips

TODAY = SystemClock().today().isoformat()
CONSENT = {"purpose": "tijdlijn_delen", "leefgebieden": ["wonen"], "given_on": TODAY}


@pytest.fixture
async def intake(endpoints, schema):
    settings = IntakeSettings(schema_name=schema, embedded_relay=False)
    async with serve(create_app(platform_settings(endpoints), settings)) as client:
        # Warm up: each statement prepared once on the pool's connections, keys made.
        for _ in range(3):
            made = await client.post("/youths", json=body(full_name=f"Warm {uuid.uuid4()}"),
                                     headers=bearer("intake"))  # fmt: skip
            youth = made.json()["youth_id"]
            await client.post(f"/youths/{youth}/consents", json=CONSENT, headers=bearer("intake"))
        yield client


async def entries(pool, schema, youth_id: str) -> list[tuple[str, str]]:
    """The young person's processing-log entries: (activity, result), in chain order."""
    logged = await ProcessingLog(pool, schema).for_youth("0518", youth_id)
    return [(e.activity, e.result) for e in logged]


async def test_a_registration_takes_four_round_trips_and_logs_with_its_append(intake, pool, schema):
    """Load, data key, append with its entry and index row, lookup: four (six before)."""
    key = {"Idempotency-Key": str(uuid.uuid4())}
    with round_trips() as sent:
        first = await intake.post("/youths", json=body(full_name="Noor Vier"),
                                  headers=bearer("intake") | key)  # fmt: skip
    assert first.status_code == 201, first.text
    assert len(sent) == 4, sent
    [append] = [s for s in sent if "append_events" in s]
    assert "record_processing" in append
    assert "INSERT INTO" in append
    assert "identity_index" in append
    assert [s for s in sent if "identity_index" in s] == [append, sent[-1]]
    assert [s for s in sent if "record_processing" in s] == [append]
    youth_id = first.json()["youth_id"]
    assert await entries(pool, schema, youth_id) == [("intake.inschrijving", "gelukt")]

    # A replay answers as the first time; nothing is appended, its entry is written alone.
    again = await intake.post("/youths", json=body(full_name="Noor Vier"),
                              headers=bearer("intake") | key)  # fmt: skip
    assert again.json() == first.json()
    assert await entries(pool, schema, youth_id) == [("intake.inschrijving", "gelukt")] * 2
    stored = await pool.fetchval(
        f"SELECT count(*) FROM {schema}.events WHERE stream_id = $1", f"youth-{youth_id}"
    )
    assert stored == 1


async def test_a_command_takes_two_round_trips_and_a_refusal_logs_alone(intake, pool, schema):
    """A consent: the load, then the append with its entry; a stale If-Match: 409, logged."""
    made = await intake.post("/youths", json=body(full_name="Sem Twee"), headers=bearer("intake"))
    youth_id = made.json()["youth_id"]
    with round_trips() as sent:
        given = await intake.post(
            f"/youths/{youth_id}/consents", json=CONSENT, headers=bearer("intake")
        )
    assert given.status_code == 201, given.text
    assert len(sent) == 2, sent
    assert "append_events" in sent[1]
    assert "record_processing" in sent[1]

    stale = await intake.post(f"/youths/{youth_id}/consents", json=CONSENT,
                              headers=bearer("intake") | {"If-Match": "1"})  # fmt: skip
    assert stale.status_code == 409
    assert await entries(pool, schema, youth_id) == [
        ("intake.inschrijving", "gelukt"),
        ("intake.toestemming", "gelukt"),
        ("intake.toestemming", "geweigerd"),
    ]
    versions = await pool.fetchval(
        f"SELECT max(stream_version) FROM {schema}.events WHERE stream_id = $1",
        f"youth-{youth_id}",
    )
    assert versions == 2


async def test_a_duplicate_is_found_through_the_row_written_with_the_append(intake, pool, schema):
    """The second registration of one person sees the first's row and notes the match."""
    person = body(full_name="Jip Dubbel")
    first = await intake.post("/youths", json=person, headers=bearer("intake"))
    second = await intake.post("/youths", json=person, headers=bearer("intake"))
    assert second.status_code == 201, second.text
    assert [d["youth_id"] for d in second.json()["possible_duplicates"]] == [
        first.json()["youth_id"]
    ]
    rows = await pool.fetchval(
        f"SELECT count(*) FROM {schema}.identity_index WHERE youth_id = ANY($1::uuid[])",
        [uuid.UUID(first.json()["youth_id"]), uuid.UUID(second.json()["youth_id"])],
    )
    assert rows == 2
