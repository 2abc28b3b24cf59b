"""`rebuild trajectories`: the debt trajectories rebuilt while debts serves and consumes."""

from __future__ import annotations

from datetime import date

from services.debts.bootstrap import create_app
from services.debts.settings import DebtsSettings
from tests.integration.rebuilding import assert_a_difference_exits_3, live_service
from tests.support.apps import bearer
from tests.support.registrations import registered

COUNSELLOR = bearer("schuldhulpverlener")
DAY = date.today().isoformat()


async def debt_help(client) -> None:
    """A young person intake registered asks for debt help: one trajectory, then a debt."""
    youth = await registered(client)
    for path, body in (
        ("/debt-help", {"requested_on": DAY}),
        ("/debts", {"debt_id": "d1", "creditor_type": "zorg", "creditor_name": "Zorgverzekeraar",
                    "amount": 1289, "recorded_on": DAY}),
    ):  # fmt: skip
        answer = await client.post(f"/youths/{youth}{path}", json=body, headers=COUNSELLOR)
        assert answer.status_code == 201, answer.text


async def test_trajectories_rebuild_equals_live_while_commanding_and_a_difference_exits_3(
    endpoints, topic_prefix, pool
):
    """Trajectories opened while rebuilding land once; a corrupted one is reported, not swapped."""
    settings = DebtsSettings(
        schema_name=f"{topic_prefix}_debts",
        trajectories_group=f"{topic_prefix}-debts",
        policies_group=f"{topic_prefix}-debts-policies",
    )
    fixtures = {"endpoints": endpoints, "topic_prefix": topic_prefix, "pool": pool}
    async with live_service("debts", create_app, settings, **fixtures) as live:
        for _ in range(4):
            await debt_help(live.client)
        await live.every_event_once()
        before = await live.oids()

        result, during = await live.rebuild_while(lambda: debt_help(live.client))
        await debt_help(live.client)  # after the swap, into the swapped-in table
        await live.every_event_once()

        assert (result.equal, result.swapped) == (True, True), result
        assert all(before[t] != oid for t, oid in (await live.oids()).items())
        assert await live.rows("debt_trajectories") == 4 + during + 1
        assert await live.leftover_schemas() == []

        await assert_a_difference_exits_3(live, "debt_trajectories")
