"""Debts decides and reads on the day of the clock its app was built with, never the system's."""

from __future__ import annotations

from datetime import date, timedelta

from services.debts.bootstrap import create_app
from services.debts.settings import DebtsSettings
from shared.clock import FixedClock
from tests.support.apps import bearer, platform_settings, serve
from tests.support.registrations import registered
from tests.support.waiting import eventually

DAY = date(2031, 1, 10)  # years ahead: a system clock would refuse these dates as future ones
COUNSELLOR = bearer("schuldhulpverlener")


async def test_commands_and_deadlines_follow_the_injected_day(endpoints, topic_prefix):
    """Dates up to the clock's day are no future facts, and deadlines pass by that day."""
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    app = create_app(
        settings,
        DebtsSettings(schema_name=f"{topic_prefix}_debts",
                      trajectories_group=f"{topic_prefix}-debts",
                      policies_group=f"{topic_prefix}-debts-policies"),
        clock=FixedClock(DAY),
    )  # fmt: skip
    async with serve(app) as debts:
        youth = await registered(debts)
        month_ago = {"requested_on": (DAY - timedelta(days=30)).isoformat()}
        asked = await debts.post(f"/youths/{youth}/debt-help", json=month_ago, headers=COUNSELLOR)
        later = await debts.post(
            f"/youths/{youth}/first-conversation", json={"held_on": "2031-01-11"},
            headers=COUNSELLOR,
        )  # fmt: skip
        shown = await debts.get(f"/youths/{youth}/debts", headers=COUNSELLOR)
        at_risk = await eventually(
            lambda: debts.get("/trajectories/deadlines-at-risk", headers=COUNSELLOR),
            lambda answer: any(t["youth_id"] == str(youth) for t in answer.json()),
        )

    assert asked.status_code == 201, asked.text
    assert later.status_code == 422  # the day after the clock's day lies ahead
    assert later.json()["detail"][0]["loc"] == ["body", "held_on"]
    assert shown.json()["deadline"] == "verlopen"  # four weeks had passed by the clock's day
    assert at_risk.status_code == 200
