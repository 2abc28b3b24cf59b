"""The four-week search period ends on its term by itself, over the real PostgreSQL.

The app decides on a day the test moves; workers fire with clocks standing on chosen days,
poked instead of waited for (the app's own worker is off). A search period started is ended on
the day its four weeks end, once however often the worker fires, after which the application
can be granted; a waiver cancels the timer, and an end by hand leaves it nothing to record.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

import pytest

from services.income.bootstrap import create_app
from services.income.handlers import PIPELINE, income_stream
from services.income.settings import IncomeSettings
from services.income.timers import SEARCH_PERIOD
from shared.clock import FixedClock, start_of
from shared.timers.table import TimerTable
from shared.timers.worker import TimerWorker
from tests.support.apps import bearer, platform_settings, serve
from tests.support.registrations import registered

DAY = date(2031, 3, 3)  # years ahead, so only the test's clock makes it today
TERM = DAY + timedelta(days=28)
CONSULTANT = bearer("inkomensconsulent")
ENDED = "nl.regie.income.search-period-ended"


@dataclass
class MovableClock:
    """The app's clock, moved by the test: the day its commands are decided on."""

    day: date

    def today(self) -> date:
        """The day it stands on."""
        return self.day

    def now(self) -> datetime:
        """The start of that day."""
        return start_of(self.day)


@pytest.fixture
async def income(endpoints, topic_prefix):
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    clock = MovableClock(DAY)
    app = create_app(
        settings,
        IncomeSettings(schema_name=f"{topic_prefix}_income", benefits_group=f"{topic_prefix}-inc",
                       policies_group=f"{topic_prefix}-inc-policies",
                       registrations_group=f"{topic_prefix}-inc-registrations",
                       timers_in_app=False),
        clock=clock,
    )  # fmt: skip
    async with serve(app) as client:
        yield client, app, clock


def worker_on(app, day: date) -> TimerWorker:
    """A worker over the app's store and keys, by a clock fixed on `day`."""
    deps = replace(app.state.deps, clock=FixedClock(day))
    return TimerWorker(TimerTable(app.state.pool, app.state.schema), PIPELINE.timers,
                       PIPELINE.execute, deps)  # fmt: skip


async def searching(client) -> str:
    """A young person who applied on DAY, their search period started that day."""
    youth = str(await registered(client))
    for path, body in [("/benefit-applications", {"applied_on": DAY.isoformat()}),
                       ("/search-period", {"started_on": DAY.isoformat()})]:  # fmt: skip
        answer = await client.post(f"/youths/{youth}{path}", json=body, headers=CONSULTANT)
        assert answer.status_code == 201, answer.text
    return youth


async def ended(app, youth: str) -> list:
    recorded = await app.state.store.load(income_stream(uuid.UUID(youth)))
    return [e for e in recorded if e.event_type == ENDED]


async def timer_state(app, youth: str) -> tuple[str, datetime, str]:
    row = await app.state.pool.fetchrow(
        f"SELECT kind, due_at, state FROM {app.state.schema}.timers WHERE subject = $1", youth
    )
    return row["kind"], row["due_at"], row["state"]


async def test_the_search_period_ends_on_its_term_once_and_the_benefit_can_then_be_granted(income):
    client, app, clock = income
    youth = await searching(client)
    assert await timer_state(app, youth) == (SEARCH_PERIOD, start_of(TERM), "scheduled")
    grant = {"norm": "alleenstaand", "monthly_amount": 1100, "granted_on": DAY.isoformat(),
             "from_on": DAY.isoformat()}  # fmt: skip
    early = await client.post(f"/youths/{youth}/benefit-grant", json=grant, headers=CONSULTANT)
    assert early.status_code == 409, early.text  # the period runs

    assert await worker_on(app, TERM - timedelta(days=1)).fire_due() == 0  # not yet
    assert await worker_on(app, TERM).fire_due() == 1
    assert await worker_on(app, TERM + timedelta(days=9)).fire_due() == 0  # once, never again
    [end] = await ended(app, youth)
    assert app.state.sealer.open_without_personal_data(end).ended_on == TERM
    assert (end.metadata.actor, end.metadata.actor_role) == (f"timer.{SEARCH_PERIOD}", "systeem")
    assert (await timer_state(app, youth))[2] == "fired"

    clock.day = TERM
    shown = await client.get(f"/youths/{youth}/income", headers=CONSULTANT)
    assert shown.json()["search"] == "beeindigd", shown.text
    before = grant | {"granted_on": TERM.isoformat()}
    paid_early = await client.post(f"/youths/{youth}/benefit-grant", json=before,
                                   headers=CONSULTANT)  # fmt: skip
    assert paid_early.status_code == 422, paid_early.text  # paid from the term at the earliest
    assert paid_early.json()["detail"][0]["loc"][-1] == "from_on"
    in_time = before | {"from_on": TERM.isoformat()}
    granted = await client.post(f"/youths/{youth}/benefit-grant", json=in_time, headers=CONSULTANT)
    assert granted.status_code == 201, granted.text


async def test_a_waiver_cancels_the_timer_and_an_end_by_hand_leaves_it_nothing_to_do(income):
    client, app, _clock = income
    waived, by_hand = await searching(client), await searching(client)
    waiver = {"reason": "dakloosheid", "waived_on": DAY.isoformat()}
    answer = await client.post(f"/youths/{waived}/search-period-waiver", json=waiver,
                               headers=CONSULTANT)  # fmt: skip
    assert answer.status_code == 201, answer.text
    assert (await timer_state(app, waived))[2] == "cancelled"
    answer = await client.post(f"/youths/{by_hand}/search-period-end",
                               json={"ended_on": DAY.isoformat()}, headers=CONSULTANT)  # fmt: skip
    assert answer.status_code == 201, answer.text

    assert await worker_on(app, TERM).fire_due() == 1  # the one by hand: settled, nothing new
    assert await ended(app, waived) == []
    [end] = await ended(app, by_hand)
    assert app.state.sealer.open_without_personal_data(end).ended_on == DAY
    assert (await timer_state(app, by_hand))[2] == "fired"
