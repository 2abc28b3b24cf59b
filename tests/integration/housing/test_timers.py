"""The episode's deadlines as durable timers over the real servers (PostgreSQL).

Registering homelessness on a fixed day schedules the first week and the plan; workers fire
with clocks moved past them. Each miss is recorded once with the day it was due; when the
facts came first the firing appends nothing; a second episode is timed afresh.
"""

from __future__ import annotations

import uuid  # noqa: TC003 - the helpers' annotations name it
from dataclasses import replace
from datetime import date, timedelta

import pytest

from services.housing.bootstrap import create_app
from services.housing.handlers import PIPELINE, housing_stream
from services.housing.settings import HousingSettings
from services.housing.timers import FIRST_WEEK, PLAN, episode_timer
from shared.clock import FixedClock, start_of
from shared.timers import fired_event_id
from shared.timers.table import TimerTable
from shared.timers.worker import TimerWorker
from tests.support.apps import bearer, platform_settings, serve
from tests.support.registrations import registered

DAY = date(2031, 3, 2)  # years ahead, so only the fixed clock makes it today
WEEK_DUE = DAY + timedelta(days=7)
PLAN_DUE = DAY + timedelta(days=42)
CONSULTANT = bearer("woonconsulent")
WEEK_MISSED = "nl.regie.housing.first-week-shelter-missed"
PLAN_MISSED = "nl.regie.housing.housing-plan-deadline-missed"


@pytest.fixture
async def housing(endpoints, topic_prefix):
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    app = create_app(
        settings,
        HousingSettings(schema_name=f"{topic_prefix}_housing",
                        situations_group=f"{topic_prefix}-housing",
                        policies_group=f"{topic_prefix}-housing-policies"),
        clock=FixedClock(DAY),
    )  # fmt: skip
    async with serve(app) as client:
        yield client


def _app(client):
    return client._transport.app


def worker_on(client, day: date) -> TimerWorker:
    app = _app(client)
    deps = replace(app.state.deps, clock=FixedClock(day))
    table = TimerTable(app.state.pool, app.state.schema)
    return TimerWorker(table, PIPELINE.timers, PIPELINE.execute, deps)


async def post(client, youth, path: str, body: dict) -> dict:
    answer = await client.post(f"/youths/{youth}{path}", json=body, headers=CONSULTANT)
    assert answer.status_code == 201, answer.text
    return answer.json()


async def homeless(client, youth=None, on: date = DAY) -> uuid.UUID:
    youth = youth or await registered(client)
    body = {"situation": "dakloos_straat", "since": on.isoformat(), "registered_on": on.isoformat()}
    await post(client, youth, "/homelessness", body)
    return youth


async def recorded(client, youth, event_type: str) -> list:
    events = await _app(client).state.store.load(housing_stream(youth))
    return [r for r in events if r.event_type == event_type]


async def episode(client, youth) -> uuid.UUID:
    app = _app(client)
    state = await PIPELINE.fold(app.state.sealer, await app.state.store.load(housing_stream(youth)))
    return state.episode_id


async def timer(client, timer_id):
    app = _app(client)
    return await app.state.pool.fetchrow(
        f"SELECT * FROM {app.state.schema}.timers WHERE timer_id = $1", timer_id
    )


async def test_a_first_week_without_roof_or_address_is_recorded_once_with_its_due_day(housing):
    """Not on the week's last day; the day after exactly once, naming both needs."""
    youth = await homeless(housing)
    row = await timer(housing, episode_timer(FIRST_WEEK, await episode(housing, youth)))
    assert (row["state"], row["due_at"]) == ("scheduled", start_of(WEEK_DUE + timedelta(days=1)))

    on_the_day = await worker_on(housing, WEEK_DUE).fire_due()
    after = await worker_on(housing, WEEK_DUE + timedelta(days=1)).fire_due()
    again = await worker_on(housing, WEEK_DUE + timedelta(days=2)).fire_due()

    assert (on_the_day, after, again) == (0, 1, 0)
    (event,) = await recorded(housing, youth, WEEK_MISSED)
    data = _app(housing).state.sealer.open_without_personal_data(event)
    assert (data.due_on, data.lacking) == (WEEK_DUE, ["dak", "briefadres"])
    assert event.event_id == fired_event_id(row["timer_id"])
    assert event.metadata.actor == f"timer.{FIRST_WEEK}"


async def test_roof_address_and_plan_in_time_leave_the_timers_nothing_to_record(housing):
    """The facts came first: the firings settle the timers and append nothing."""
    youth = await homeless(housing)
    on = DAY.isoformat()
    await post(housing, youth, "/shelter-admissions", {"shelter_type": "jongerenopvang",
                                                       "admitted_on": on})  # fmt: skip
    await post(housing, youth, "/postal-address", {"address": "Postbus 1", "arranged_on": on})
    await post(housing, youth, "/housing-plan", {"agreed_on": on})

    fired = await worker_on(housing, PLAN_DUE + timedelta(days=30)).fire_due()

    assert fired == 2  # both settled, with nothing to do
    assert await recorded(housing, youth, WEEK_MISSED) == []
    assert await recorded(housing, youth, PLAN_MISSED) == []
    current = await episode(housing, youth)
    states = {
        (await timer(housing, episode_timer(k, current)))["state"] for k in (FIRST_WEEK, PLAN)
    }
    assert states == {"fired"}


async def test_a_plan_agreed_late_is_still_missed_and_a_new_episode_is_timed_afresh(housing):
    """Housed, evicted, homeless again: the second episode's plan is timed and missed too."""
    youth = await homeless(housing)
    assert await worker_on(housing, PLAN_DUE + timedelta(days=1)).fire_due() == 2
    home = {"form": "kamer", "tenure": "via_stichting", "from_on": DAY.isoformat(),
            "address": "Kamerstraat 7"}  # fmt: skip
    await post(housing, youth, "/housed", home)
    await post(housing, youth, "/eviction-threats", {"reason": "huurachterstand",
                                                     "signalled_on": DAY.isoformat()})  # fmt: skip
    await post(housing, youth, "/eviction", {"evicted_on": DAY.isoformat()})
    await homeless(housing, youth)

    again = await worker_on(housing, PLAN_DUE + timedelta(days=2)).fire_due()

    assert again == 2
    misses = await recorded(housing, youth, PLAN_MISSED)
    sealer = _app(housing).state.sealer
    episodes = {sealer.open_without_personal_data(m).episode_id for m in misses}
    assert len(misses) == 2
    assert len(episodes) == 2
