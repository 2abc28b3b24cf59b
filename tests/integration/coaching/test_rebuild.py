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
KM = {"Authorization": f"Bearer {token('klantmanager', sub='km-4')}"}


def _day(ago: int) -> date:
    return date.today() - timedelta(days=ago)


def day(ago: int) -> str:
    return _day(ago).isoformat()


async def rode_loper(client) -> None:
    """A young person intake registered gets a Rode loper coach and starts scouting."""
    youth = await registered(client)
    for path, body in (
        ("/coaches", {"coach_id": COACH_ID, "kind": "rodeloper_coach", "from_on": day(9)}),
        ("/phases", {"phase": "scout", "started_on": day(9)}),
    ):
        answer = await client.post(f"/youths/{youth}{path}", json=body, headers=COACH)
        assert answer.status_code == 201, answer.text


async def ends_and_starts_again(client) -> None:
    """A young person's work ends and starts again; one education completed, the next left.

    The next education starts on the day the first was completed: only the events' order tells
    which holds now, and the rebuild must read them in that order too.
    """
    youth = await registered(client)
    for path, body in (
        ("/coaches", {"coach_id": "km-4", "kind": "klantmanager", "from_on": day(30)}),
        ("/work", {"kind": "leerwerkbaan", "contract": "tijdelijk", "started_on": day(20)}),
        ("/education", {"level": "mbo2", "started_on": day(20)}),
        ("/work-end", {"reason": "contract_afgelopen", "ended_on": day(5)}),
        ("/education-completion", {"diploma": True, "graduated_on": day(4)}),
        ("/education", {"level": "mbo3", "started_on": day(4)}),
        ("/education-drop-out", {"reason": "te_zwaar", "left_on": day(2)}),
        ("/work", {"kind": "betaald_deeltijd", "contract": "vast", "started_on": day(2)}),
    ):
        answer = await client.post(f"/youths/{youth}{path}", json=body, headers=KM)
        assert answer.status_code == 201, answer.text


async def story(client) -> None:
    """One Rode loper start, and one young person whose work and education ended."""
    await rode_loper(client)
    await ends_and_starts_again(client)


async def test_states_rebuild_equals_live_while_commanding_and_a_difference_exits_3(
    endpoints, topic_prefix, pool
):
    """Both tables equal after work and education ended while rebuilding; a corruption exits 3."""
    settings = CoachingSettings(
        schema_name=f"{topic_prefix}_coaching",
        states_group=f"{topic_prefix}-coaching",
        policies_group=f"{topic_prefix}-coaching-policies",
    )
    fixtures = {"endpoints": endpoints, "topic_prefix": topic_prefix, "pool": pool}
    async with live_service("coaching", create_app, settings, **fixtures) as live:
        for _ in range(2):
            await story(live.client)
        await live.every_event_once()
        before = await live.oids()
        ended = await live.pool.fetch(
            f"SELECT in_work, work_ended_on, education_standing, education_ended_on"
            f" FROM {live.spec.schema}.coaching_states WHERE work_ended_on IS NOT NULL"
        )
        assert [tuple(r) for r in ended] == [(True, _day(5), "verlaten", _day(2))] * 2

        result, during = await live.rebuild_while(lambda: story(live.client))
        await story(live.client)  # after the swap, into the swapped-in tables
        await live.every_event_once()

        assert (result.equal, result.swapped) == (True, True), result
        assert {c.table for c in result.comparisons} == {"coaching_states", "coaching_assignments"}
        assert all(before[t] != oid for t, oid in (await live.oids()).items())
        assert await live.rows("coaching_states") == 2 * (2 + during + 1)
        assert await live.rows("coaching_assignments") == 2 * (2 + during + 1)
        assert await live.leftover_schemas() == []

        await assert_a_difference_exits_3(live, "coaching_states")
