"""Durable timers over the real servers: the first conversation's Wgs deadline as a fact.

The app decides on a fixed day; workers fire with clocks moved past the deadline, poked
instead of waited for. Each deadline is recorded at most once, with the day it was due,
however many workers fire, and across a `kill -9` of one mid-fire.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import uuid
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from services.debts.bootstrap import create_app
from services.debts.handlers import PIPELINE, trajectory_stream
from services.debts.settings import DebtsSettings
from services.debts.timers import FIRST_CONVERSATION, first_conversation_timer
from shared.clock import FixedClock, start_of
from shared.timers import fired_event_id
from shared.timers.table import TimerTable
from shared.timers.worker import TimerWorker
from tests.support.apps import bearer, platform_settings, serve
from tests.support.registrations import registered
from tests.support.waiting import eventually

DAY = date(2031, 1, 10)  # a Friday; years ahead, so only the fixed clock makes it today
DUE = DAY + timedelta(days=28)  # the four-week deadline of a request on DAY
COUNSELLOR = bearer("schuldhulpverlener")
MISSED = "nl.regie.debts.first-conversation-deadline-missed"
ROOT = Path(__file__).resolve().parents[3]


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


def _app(client):
    return client._transport.app


def worker_on(client, day: date, **options) -> TimerWorker:
    """A worker over the app's store and keys, by a clock fixed on `day`."""
    app = _app(client)
    deps = replace(app.state.deps, clock=FixedClock(day))
    table = TimerTable(app.state.pool, app.state.schema)
    return TimerWorker(table, PIPELINE.timers, PIPELINE.execute, deps, **options)


async def requested(client, *, on: date = DAY, crisis: bool = False) -> str:
    youth = await registered(client)
    body = {"requested_on": on.isoformat(), "crisis": crisis}
    if crisis:
        body["crisis_trigger"] = "ontruiming"
    answer = await client.post(f"/youths/{youth}/debt-help", json=body, headers=COUNSELLOR)
    assert answer.status_code == 201, answer.text
    return youth


async def missed(client, youth) -> list:
    recorded = await _app(client).state.store.load(trajectory_stream(youth))
    return [r for r in recorded if r.event_type == MISSED]


async def timer_row(client, youth):
    app = _app(client)
    request = (await app.state.store.load(trajectory_stream(youth)))[:1]
    trajectory = (await PIPELINE.fold(app.state.sealer, request)).trajectory_id
    return await app.state.pool.fetchrow(
        f"SELECT * FROM {app.state.schema}.timers WHERE timer_id = $1",
        first_conversation_timer(trajectory),
    )


async def drain(worker: TimerWorker) -> int:
    fired = 0
    while settled := await worker.fire_due():
        fired += settled
    return fired


async def test_a_missed_deadline_is_recorded_once_with_the_day_it_was_due(debts):
    """Not before the deadline's day ends; then exactly once, however often it fires."""
    youth = await requested(debts)
    row = await timer_row(debts, youth)
    assert (row["state"], row["kind"], row["due_at"]) == (
        "scheduled", FIRST_CONVERSATION, start_of(DUE + timedelta(days=1))
    )  # fmt: skip

    on_the_day = await worker_on(debts, DUE).fire_due()
    days_later = await worker_on(debts, DUE + timedelta(days=5)).fire_due()
    again = await worker_on(debts, DUE + timedelta(days=6)).fire_due()

    assert on_the_day == 0
    assert days_later == 1
    assert again == 0
    (event,) = await missed(debts, youth)
    data = _app(debts).state.sealer.open_without_personal_data(event)
    assert data.first_conversation_due == DUE  # the day it was due, not the day it was fired
    assert data.missed_on == DUE + timedelta(days=1)
    assert event.event_id == fired_event_id(row["timer_id"])
    assert event.metadata.actor == f"timer.{FIRST_CONVERSATION}"
    assert event.metadata.causation_id == str(row["scheduled_by"])
    row = await timer_row(debts, youth)
    assert (row["state"], row["settled_by"]) == ("fired", event.event_id)

    shown = await debts.get(f"/youths/{youth}/debts", headers=COUNSELLOR)
    assert shown.status_code == 200
    assert shown.json()["deadline"] == "verlopen"


async def test_a_firing_whose_settlement_was_lost_appends_nothing_twice(debts):
    """Recorded, then the worker died before settling: the next firing finds the event."""
    youth = await requested(debts)
    await worker_on(debts, DUE + timedelta(days=1)).fire_due()
    app = _app(debts)
    await app.state.pool.execute(
        f"UPDATE {app.state.schema}.timers SET state = 'scheduled', settled_at = NULL"
        " WHERE timer_id = $1",
        (await timer_row(debts, youth))["timer_id"],
    )

    refired = await worker_on(debts, DUE + timedelta(days=2)).fire_due()

    assert refired == 1
    assert len(await missed(debts, youth)) == 1
    assert (await timer_row(debts, youth))["state"] == "fired"


async def test_a_conversation_held_in_time_cancels_the_timer(debts):
    """The awaited fact came first: cancelled in its transaction, nothing recorded later."""
    youth = await requested(debts)
    held = await debts.post(
        f"/youths/{youth}/first-conversation", json={"held_on": DAY.isoformat()},
        headers=COUNSELLOR,
    )  # fmt: skip
    assert held.status_code == 201, held.text

    fired = await worker_on(debts, DUE + timedelta(days=30)).fire_due()

    assert fired == 0
    assert await missed(debts, youth) == []
    row = await timer_row(debts, youth)
    assert row["state"] == "cancelled"
    assert row["settled_by"] == uuid.UUID(held.json()["event_id"])  # the cancelling event


async def test_a_crisis_request_is_due_after_three_working_days(debts):
    """Friday the 10th: Monday, Tuesday, Wednesday; missed from Thursday the 16th."""
    youth = await requested(debts, crisis=True)

    row = await timer_row(debts, youth)
    assert row["due_at"] == start_of(date(2031, 1, 16))
    assert await worker_on(debts, date(2031, 1, 15)).fire_due() == 0
    assert await worker_on(debts, date(2031, 1, 16)).fire_due() == 1
    (event,) = await missed(debts, youth)
    data = _app(debts).state.sealer.open_without_personal_data(event)
    assert data.first_conversation_due == date(2031, 1, 15)


async def test_two_workers_fire_every_due_timer_exactly_once(debts):
    """Claims with SKIP LOCKED and a lease: disjoint batches, each timer once."""
    youths = [await requested(debts) for _ in range(16)]
    one, other = (worker_on(debts, DUE + timedelta(days=1), batch=3) for _ in range(2))

    fired = await asyncio.gather(drain(one), drain(other))

    assert sum(fired) == len(youths)
    assert all(fired)  # both took part
    assert [len(await missed(debts, youth)) for youth in youths] == [1] * len(youths)


async def test_kill_9_mid_fire_then_a_restart_days_later_fires_each_timer_once(debts, endpoints):
    """A worker process dies between appends and settlements; a later one finishes the rest."""
    youths = [await requested(debts) for _ in range(12)]
    app = _app(debts)
    fired_on = DUE + timedelta(days=1)
    worker = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.integration.debts.timer_worker_process",
        endpoints.database_url, app.state.schema, fired_on.isoformat(),
        cwd=ROOT, stdout=asyncio.subprocess.DEVNULL, env=os.environ.copy(),
    )  # fmt: skip
    try:
        count = f"SELECT count(*) FROM {app.state.schema}.events WHERE event_type = $1"
        await eventually(lambda: app.state.pool.fetchval(count, MISSED), lambda n: n >= 2, 30)
    finally:
        os.kill(worker.pid, signal.SIGKILL)  # this test's own worker, by its pid
        await worker.wait()
    states = await app.state.pool.fetch(f"SELECT state, lease_until FROM {app.state.schema}.timers")
    assert any(s["state"] == "scheduled" for s in states)  # it died with work left

    restarted = await drain(worker_on(debts, fired_on + timedelta(days=3)))

    assert restarted >= 1
    assert [len(await missed(debts, youth)) for youth in youths] == [1] * len(youths)
    settled = await app.state.pool.fetch(f"SELECT state FROM {app.state.schema}.timers")
    assert {s["state"] for s in settled} == {"fired"}
    for youth in youths:
        (event,) = await missed(debts, youth)
        assert app.state.sealer.open_without_personal_data(event).first_conversation_due == DUE
