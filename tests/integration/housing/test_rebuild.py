"""`rebuild situations`: the housing situations rebuilt while housing serves and consumes."""

from __future__ import annotations

from datetime import date, timedelta

from services.housing.bootstrap import create_app
from services.housing.settings import HousingSettings
from tests.integration.rebuilding import assert_a_difference_exits_3, live_service
from tests.support.apps import bearer
from tests.support.registrations import registered

CONSULTANT = bearer("woonconsulent")


def day(ago: int) -> str:
    return (date.today() - timedelta(days=ago)).isoformat()


async def homeless(client) -> None:
    """A young person intake registered is found homeless, then admitted to a shelter."""
    youth = await registered(client)
    for path, body in (
        ("/homelessness", {"situation": "dakloos_straat", "since": day(9),
                           "registered_on": day(7)}),
        ("/shelter-admissions", {"shelter_type": "jongerenopvang", "admitted_on": day(6)}),
    ):  # fmt: skip
        answer = await client.post(f"/youths/{youth}{path}", json=body, headers=CONSULTANT)
        assert answer.status_code == 201, answer.text


async def test_situations_rebuild_equals_live_while_commanding_and_a_difference_exits_3(
    endpoints, topic_prefix, pool
):
    """Situations recorded while rebuilding land once; a corrupted one is reported, not swapped."""
    settings = HousingSettings(
        schema_name=f"{topic_prefix}_housing",
        situations_group=f"{topic_prefix}-housing",
        policies_group=f"{topic_prefix}-housing-policies",
    )
    fixtures = {"endpoints": endpoints, "topic_prefix": topic_prefix, "pool": pool}
    async with live_service("housing", create_app, settings, **fixtures) as live:
        for _ in range(4):
            await homeless(live.client)
        await live.every_event_once()
        before = await live.oids()

        result, during = await live.rebuild_while(lambda: homeless(live.client))
        await homeless(live.client)  # after the swap, into the swapped-in table
        await live.every_event_once()

        assert (result.equal, result.swapped) == (True, True), result
        assert all(before[t] != oid for t, oid in (await live.oids()).items())
        assert await live.rows("housing_situations") == 4 + during + 1
        assert await live.leftover_schemas() == []

        await assert_a_difference_exits_3(live, "housing_situations")
