"""The debt trajectories read model shows a first conversation recorded as missed, from the fact.

The app's clock stays before the deadline, so the dates alone would not list the trajectory
at risk; the worker's clock passed it and recorded the miss: the list says so, with the day.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from services.debts.bootstrap import create_app
from services.debts.handlers import PIPELINE
from services.debts.settings import DebtsSettings
from shared.clock import FixedClock
from shared.timers.table import TimerTable
from shared.timers.worker import TimerWorker
from tests.support.apps import bearer, platform_settings, serve
from tests.support.registrations import registered
from tests.support.waiting import eventually

DAY = date(2031, 1, 10)
DUE = DAY + timedelta(days=28)
COUNSELLOR = bearer("schuldhulpverlener")


@pytest.fixture
async def debts(endpoints, topic_prefix):
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    app = create_app(
        settings,
        DebtsSettings(schema_name=f"{topic_prefix}_debts",
                      trajectories_group=f"{topic_prefix}-debts",
                      policies_group=f"{topic_prefix}-debts-policies"),
        clock=FixedClock(DAY),
    )  # fmt: skip
    async with serve(app) as client:
        yield client


async def test_a_missed_first_conversation_is_at_risk_and_says_so_with_its_due_day(debts):
    """Listed first, marked missed with the due day, though today's dates say not yet."""
    missed, waiting = await registered(debts), await registered(debts)
    for youth in (missed, waiting):
        body = {"requested_on": DAY.isoformat(), "crisis": False}
        answer = await debts.post(f"/youths/{youth}/debt-help", json=body, headers=COUNSELLOR)
        assert answer.status_code == 201, answer.text
    app = debts._transport.app
    # Only the first one's timer fires: the other's is cancelled by its conversation.
    held = {"held_on": DAY.isoformat()}
    answer = await debts.post(
        f"/youths/{waiting}/first-conversation", json=held, headers=COUNSELLOR
    )
    assert answer.status_code == 201, answer.text
    worker = TimerWorker(
        TimerTable(app.state.pool, app.state.schema), PIPELINE.timers, PIPELINE.execute,
        replace(app.state.deps, clock=FixedClock(DUE + timedelta(days=1))),
    )  # fmt: skip
    assert await worker.fire_due() == 1

    at_risk = await eventually(
        lambda: debts.get("/trajectories/deadlines-at-risk", headers=COUNSELLOR),
        lambda r: r.status_code == 200 and len(r.json()) == 1,
    )

    (row,) = at_risk.json()
    assert row["youth_id"] == str(missed)
    assert row["first_conversation_missed"] is True
    assert row["first_conversation_missed_due"] == DUE.isoformat()
    listed = (await debts.get("/trajectories", headers=COUNSELLOR)).json()
    flags = {r["youth_id"]: r["first_conversation_missed"] for r in listed}
    assert flags == {str(missed): True, str(waiting): False}
