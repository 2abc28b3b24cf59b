"""Exactly once across processes: two workers on one schema, one of them `kill -9`ed mid-firing.

Debts' first-conversation timers, decided on a day long past so the system's clock finds them
due: one worker process pauses after each append (killed in that window, its batch leased),
the other is the real `python -m services.debts timers`; a restart with the clock moved past
the dead one's lease fires the rest. Every due timer yields one event under its own id.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from services.debts.bootstrap import create_app
from services.debts.domain.commands import RequestDebtHelp
from services.debts.handlers import PIPELINE
from services.debts.settings import DebtsSettings
from shared.clock import MUNICIPAL_ZONE, FixedClock
from shared.eventstore import Metadata
from shared.timers import fired_event_id
from shared.timers.table import TimerTable
from shared.timers.worker import TimerWorker
from tests.support.apps import platform_settings, serve
from tests.support.waiting import eventually

DAY = date(2024, 1, 10)  # decided then: due four weeks later, long before the system's today
DUE_TIMERS = 500
VICTIM_LEASE = timedelta(seconds=300)  # outlives the test: only a moved clock sees it expire
MISSED = "nl.regie.debts.first-conversation-deadline-missed"
ROOT = Path(__file__).resolve().parents[3]


@dataclass
class MovingClock:
    """A clock the test sets by hand."""

    moment: datetime

    def today(self) -> date:
        """The municipality's day at the moment."""
        return self.moment.astimezone(MUNICIPAL_ZONE).date()

    def now(self) -> datetime:
        """Where the test put it."""
        return self.moment


@pytest.fixture
async def debts(endpoints, topic_prefix):
    """Debts with its in-app worker switched off: only the processes below fire."""
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    app = create_app(
        settings,
        DebtsSettings(schema_name=f"{topic_prefix}_debts",
                      trajectories_group=f"{topic_prefix}-debts",
                      policies_group=f"{topic_prefix}-debts-policies", timers_in_app=False),
        clock=FixedClock(DAY),
    )  # fmt: skip
    async with serve(app):
        yield app


async def requested(app, count: int) -> None:
    """`count` young people ask for debt help on DAY, through debts' own pipeline."""
    slots = asyncio.Semaphore(8)

    async def one() -> None:
        command = RequestDebtHelp(
            youth_id=uuid.uuid4(), trajectory_id=uuid.uuid4(), requested_on=DAY
        )
        metadata = Metadata(
            tenant="0518", actor="medewerker-1", actor_role="schuldhulpverlener",
            correlation_id=str(uuid.uuid4()),
        )  # fmt: skip
        async with slots:
            await PIPELINE.execute(app.state.deps, command, metadata)

    await asyncio.gather(*(one() for _ in range(count)))


async def held_by_the_slow_one(app) -> dict[uuid.UUID, bool]:
    """Timers under the slow worker's long lease, and whether each one's event is appended."""
    rows = await app.state.pool.fetch(
        f"SELECT timer_id FROM {app.state.schema}.timers WHERE state = 'scheduled'"
        " AND lease_until > now() + interval '120 seconds'"
    )
    ids = {row["timer_id"]: fired_event_id(row["timer_id"]) for row in rows}
    appended = await app.state.pool.fetch(
        f"SELECT event_id FROM {app.state.schema}.events WHERE event_id = ANY($1::uuid[])",
        list(ids.values()),
    )
    found = {row["event_id"] for row in appended}
    return {timer: event in found for timer, event in ids.items()}


async def states(app) -> dict[str, int]:
    rows = await app.state.pool.fetch(
        f"SELECT state, count(*) AS n FROM {app.state.schema}.timers GROUP BY state"
    )
    return {row["state"]: row["n"] for row in rows}


async def test_kill_9_mid_firing_then_a_survivor_and_a_restart_fire_each_timer_once(
    debts, endpoints
):
    """500 due; the slow worker dies after an append and before settling, its batch leased."""
    assert debts.state.timers is None  # DEBTS_TIMERS_IN_APP=false: no worker in the app
    await requested(debts, DUE_TIMERS)
    assert await states(debts) == {"scheduled": DUE_TIMERS}
    schema = debts.state.schema
    env = os.environ.copy() | {
        "DATABASE_URL": endpoints.database_url, "DEBTS_SCHEMA_NAME": schema,
        "DEBTS_TIMERS_BATCH": "20", "DEBTS_TIMERS_POLL_S": "0.1", "LOG_LEVEL": "warning",
    }  # fmt: skip
    slow = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.integration.timers.slow_worker_process",
        endpoints.database_url, schema, str(VICTIM_LEASE.total_seconds()), "25",
        cwd=ROOT, stdout=asyncio.subprocess.DEVNULL, env=env,
    )  # fmt: skip
    survivor = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "services.debts", "timers",
        cwd=ROOT, stdout=asyncio.subprocess.DEVNULL, env=env,
    )  # fmt: skip
    try:
        try:
            await eventually(lambda: held_by_the_slow_one(debts), lambda h: any(h.values()), 60)
        finally:
            os.kill(slow.pid, signal.SIGKILL)  # this test's own process, by its pid
            await slow.wait()
        held = await held_by_the_slow_one(debts)
        assert any(held.values())  # appended, never settled: the kill fell in that window
        assert not all(held.values())  # and with more of its batch claimed, not yet fired

        # The survivor fires everything but what the dead worker's lease still holds.
        await eventually(
            lambda: states(debts), lambda s: s.get("fired") == DUE_TIMERS - len(held), 180
        )
    finally:
        if survivor.returncode is None:
            survivor.send_signal(signal.SIGTERM)  # this test's own process, by its pid
        stopped = await asyncio.wait_for(survivor.wait(), 30)
    assert stopped == 0  # SIGTERM: a clean stop
    assert set(await held_by_the_slow_one(debts)) == set(held)  # the lease was respected

    moved = MovingClock(datetime.now(UTC) + VICTIM_LEASE + timedelta(seconds=1))
    restarted = TimerWorker(
        TimerTable(debts.state.pool, schema), PIPELINE.timers, PIPELINE.execute,
        replace(debts.state.deps, clock=moved), batch=50,
    )  # fmt: skip
    refired = 0
    while settled := await restarted.fire_due():
        refired += settled

    assert refired == len(held)
    assert await states(debts) == {"fired": DUE_TIMERS}
    events = await debts.state.pool.fetch(
        f"SELECT event_id FROM {schema}.events WHERE event_type = $1", MISSED
    )
    ids = [row["event_id"] for row in events]
    assert len(ids) == len(set(ids)) == DUE_TIMERS  # none missing, none twice
    timers = await debts.state.pool.fetch(f"SELECT timer_id, settled_by FROM {schema}.timers")
    assert {fired_event_id(row["timer_id"]) for row in timers} == set(ids)
    assert all(row["settled_by"] == fired_event_id(row["timer_id"]) for row in timers)


async def test_the_in_app_worker_takes_the_service_s_timer_settings(endpoints, topic_prefix):
    """DEBTS_TIMERS_*: what the app's worker claims and when it gives up."""
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    app = create_app(
        settings,
        DebtsSettings(schema_name=f"{topic_prefix}_debts",
                      trajectories_group=f"{topic_prefix}-debts",
                      policies_group=f"{topic_prefix}-debts-policies",
                      timers_lease_s=12, timers_batch=7, timers_poll_s=0.5,
                      timers_max_attempts=3),
        clock=FixedClock(DAY),
    )  # fmt: skip
    async with serve(app):
        worker = app.state.timers
        assert (worker.lease, worker.batch, worker.poll_s, worker.max_attempts) == (
            timedelta(seconds=12), 7, 0.5, 3
        )  # fmt: skip
