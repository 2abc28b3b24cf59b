"""`rebuild benefits`: the income benefits rebuilt while income serves and consumes."""

from __future__ import annotations

from datetime import date, timedelta

from services.income.bootstrap import create_app
from services.income.settings import IncomeSettings
from tests.integration.rebuilding import assert_a_difference_exits_3, live_service
from tests.support.apps import bearer
from tests.support.registrations import registered

CONSULTANT = bearer("inkomensconsulent")


def day(ago: int) -> str:
    return (date.today() - timedelta(days=ago)).isoformat()


async def on_bijstand(client) -> None:
    """A young person intake registered applies, is exempted from searching, and is granted."""
    youth = await registered(client)
    for path, body in (
        ("/benefit-applications", {"applied_on": day(9)}),
        ("/search-period-waiver", {"reason": "problematische_schulden", "waived_on": day(8)}),
        ("/benefit-grant", {"norm": "kostendeler", "cost_sharers": 1, "monthly_amount": 800,
                            "granted_on": day(7), "from_on": day(9)}),
    ):  # fmt: skip
        answer = await client.post(f"/youths/{youth}{path}", json=body, headers=CONSULTANT)
        assert answer.status_code == 201, answer.text


async def test_benefits_rebuild_equals_live_while_commanding_and_a_difference_exits_3(
    endpoints, topic_prefix, pool
):
    """Benefits recorded while rebuilding land once; a corrupted one is reported, not swapped."""
    settings = IncomeSettings(
        schema_name=f"{topic_prefix}_income",
        benefits_group=f"{topic_prefix}-income",
        policies_group=f"{topic_prefix}-income-policies",
    )
    fixtures = {"endpoints": endpoints, "topic_prefix": topic_prefix, "pool": pool}
    async with live_service("income", create_app, settings, **fixtures) as live:
        for _ in range(4):
            await on_bijstand(live.client)
        await live.every_event_once()
        before = await live.oids()

        result, during = await live.rebuild_while(lambda: on_bijstand(live.client))
        await on_bijstand(live.client)  # after the swap, into the swapped-in table
        await live.every_event_once()

        assert (result.equal, result.swapped) == (True, True), result
        assert all(before[t] != oid for t, oid in (await live.oids()).items())
        assert await live.rows("income_benefits") == 4 + during + 1
        assert await live.leftover_schemas() == []

        await assert_a_difference_exits_3(live, "income_benefits")
