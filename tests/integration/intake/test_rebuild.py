"""`rebuild summaries`: intake's read model rebuilt while intake serves and consumes."""

from __future__ import annotations

from datetime import date

from services.intake.bootstrap import create_app
from services.intake.settings import IntakeSettings
from tests.integration.rebuilding import assert_a_difference_exits_3, live_service
from tests.support.apps import bearer

INTAKE = bearer("intake")


async def register(client) -> None:
    """A new young person, registered over HTTP: one event, one new summary row."""
    born = date.today().replace(year=date.today().year - 20, day=1).isoformat()
    body = {"gemeentecode": "0518", "programma": "jpf", "full_name": "Sam de Vries",
            "date_of_birth": born}  # fmt: skip
    answer = await client.post("/youths", json=body, headers=INTAKE)
    assert answer.status_code == 201, answer.text


async def test_summaries_rebuild_equals_live_while_registering_and_a_difference_exits_3(
    endpoints, topic_prefix, pool
):
    """Registrations during the rebuild land once; a corrupted summary is reported, not swapped."""
    settings = IntakeSettings(
        schema_name=f"{topic_prefix}_intake", summaries_group=f"{topic_prefix}-intake"
    )
    fixtures = {"endpoints": endpoints, "topic_prefix": topic_prefix, "pool": pool}
    async with live_service("intake", create_app, settings, **fixtures) as live:
        for _ in range(5):
            await register(live.client)
        await live.every_event_once()
        before = await live.oids()

        result, during = await live.rebuild_while(lambda: register(live.client))
        await register(live.client)  # after the swap, into the swapped-in table
        await live.every_event_once()

        assert (result.equal, result.swapped) == (True, True), result
        assert all(before[t] != oid for t, oid in (await live.oids()).items())
        assert await live.rows("youth_summaries") == 5 + during + 1
        assert await live.leftover_schemas() == []

        await assert_a_difference_exits_3(live, "youth_summaries")
