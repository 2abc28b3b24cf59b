"""`rebuild states`: the coaching states and coaches rebuilt while coaching serves and consumes."""

from __future__ import annotations

from datetime import date, timedelta

from services.coaching.bootstrap import create_app
from services.coaching.settings import CoachingSettings
from tests.integration.rebuilding import assert_a_difference_exits_3, live_service
from tests.support.apps import token
from tests.support.registrations import registered

COACH_ID = "coach-7"
COACH = {"Authorization": f"Bearer {token('coach', sub=COACH_ID)}"}


def day(ago: int) -> str:
    return (date.today() - timedelta(days=ago)).isoformat()


async def rode_loper(client) -> None:
    """A young person intake registered gets a Rode loper coach and starts scouting."""
    youth = await registered(client)
    for path, body in (
        ("/coaches", {"coach_id": COACH_ID, "kind": "rodeloper_coach", "from_on": day(9)}),
        ("/phases", {"phase": "scout", "started_on": day(9)}),
    ):
        answer = await client.post(f"/youths/{youth}{path}", json=body, headers=COACH)
        assert answer.status_code == 201, answer.text


async def test_states_rebuild_equals_live_while_commanding_and_a_difference_exits_3(
    endpoints, topic_prefix, pool
):
    """Both tables equal after young people started while rebuilding; a corrupted state exits 3."""
    settings = CoachingSettings(
        schema_name=f"{topic_prefix}_coaching",
        states_group=f"{topic_prefix}-coaching",
        policies_group=f"{topic_prefix}-coaching-policies",
    )
    fixtures = {"endpoints": endpoints, "topic_prefix": topic_prefix, "pool": pool}
    async with live_service("coaching", create_app, settings, **fixtures) as live:
        for _ in range(4):
            await rode_loper(live.client)
        await live.every_event_once()
        before = await live.oids()

        result, during = await live.rebuild_while(lambda: rode_loper(live.client))
        await rode_loper(live.client)  # after the swap, into the swapped-in tables
        await live.every_event_once()

        assert (result.equal, result.swapped) == (True, True), result
        assert {c.table for c in result.comparisons} == {"coaching_states", "coaching_assignments"}
        assert all(before[t] != oid for t, oid in (await live.oids()).items())
        assert await live.rows("coaching_states") == 4 + during + 1
        assert await live.rows("coaching_assignments") == 4 + during + 1
        assert await live.leftover_schemas() == []

        await assert_a_difference_exits_3(live, "coaching_states")
