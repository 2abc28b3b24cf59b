"""A firing that keeps failing: retried after its lease, dead at the cap, re-armed by scheduling.

A minimal service over a real schema: a store with timers, and an `execute` that either
records the consequence under the id the worker gives it or fails as a broken one would.
Time is the injected clock's, moved past leases instead of waited for.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest
from prometheus_client import REGISTRY
from pydantic import BaseModel

from shared.clock import MUNICIPAL_ZONE
from shared.command_handling import Outcome
from shared.command_pipeline import Dependencies
from shared.eventstore import Metadata, NewEvent, PostgresEventStore, event_store_migration
from shared.migrations import migrate
from shared.rules import AlreadyDoneError
from shared.timers import Cancel, Schedule, TimerOrder, TimerRules, fired_event_id
from shared.timers.table import TimerTable, timer_migrations
from shared.timers.worker import TimerWorker

T0 = datetime(2031, 3, 3, 9, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)
STREAM = "thing-1"


@dataclass
class MovingClock:
    """A clock the test moves by hand."""

    moment: datetime

    def today(self) -> date:
        """The municipality's day at the moment."""
        return self.moment.astimezone(MUNICIPAL_ZONE).date()

    def now(self) -> datetime:
        """Where the test put it."""
        return self.moment


class Fire(BaseModel):
    """The test service's one command: record that the timer fired."""

    timer_id: uuid.UUID


@dataclass
class Service:
    """`execute` fails with `failure` while it is set, else appends the firing's event."""

    store: PostgresEventStore
    failure: Exception | None = None
    calls: list[uuid.UUID] = field(default_factory=list)

    async def execute(self, _deps, command, metadata, checks) -> Outcome:
        """As a pipeline would: the worker's event id, or the failure it was given."""
        self.calls.append(command.timer_id)
        if self.failure is not None:
            raise self.failure
        recorded = await self.store.load(STREAM)
        event = NewEvent(
            event_id=checks.event_id, event_type="nl.regie.test.timer-fired", schema_version=1,
            subject="s", data="{}", metadata=metadata,
        )  # fmt: skip
        result = await self.store.append(STREAM, [event], len(recorded))
        return Outcome(result.stream_version, checks.event_id, result.appended)


RULES = TimerRules(schedules=lambda _event: [], fires=lambda timer: Fire(timer_id=timer.timer_id))


@pytest.fixture
async def store(pool, schema) -> PostgresEventStore:
    async with pool.acquire() as conn:
        await migrate(conn, schema, [event_store_migration(), *timer_migrations()])
    return PostgresEventStore(pool, schema)


def event(kind: str = "nl.regie.test.thing-happened") -> NewEvent:
    return NewEvent(
        event_id=uuid.uuid4(), event_type=kind, schema_version=1, subject="s", data="{}",
        metadata=Metadata(tenant="0518", actor="t", actor_role="r", correlation_id="c"),
    )  # fmt: skip


async def change(store: PostgresEventStore, timer_change, at: datetime) -> uuid.UUID:
    """Append one event that brings `timer_change`, decided at `at`; the event's id."""
    new = event()
    version = len(await store.load(STREAM))
    await store.append(
        STREAM, [new], version, timers=[TimerOrder(timer_change, new.event_id, "c", at)]
    )
    return new.event_id


def worker(store, service, clock, **options) -> TimerWorker:
    deps = Dependencies(store, sealer=None, clock=clock)  # type: ignore[arg-type] - not sealed
    return TimerWorker(
        TimerTable(store._db, store.schema), RULES, service.execute, deps, lease=LEASE, **options
    )


async def row(store, timer_id):
    return await store._db.fetchrow(
        f"SELECT * FROM {store.schema}.timers WHERE timer_id = $1", timer_id
    )


async def fired_events(store) -> list:
    return [r for r in await store.load(STREAM) if r.event_type == "nl.regie.test.timer-fired"]


def dead_count(schema: str) -> float:
    return (
        REGISTRY.get_sample_value("regie_timers_total", {"schema": schema, "outcome": "dead"}) or 0
    )


async def test_a_failing_firing_is_retried_after_its_lease_then_dead_at_the_cap(store):
    """Three claims, each a lease apart; then dead with the reason, counted, never claimed again."""
    timer = uuid.uuid4()
    await change(store, Schedule(timer, "k", T0), T0 - timedelta(days=1))
    service = Service(store, failure=RuntimeError("de bron is stuk"))
    clock = MovingClock(T0)
    one = worker(store, service, clock, max_attempts=3)

    assert await one.fire_due() == 0
    failed = await row(store, timer)
    assert (failed["state"], failed["attempts"]) == ("scheduled", 1)
    assert failed["last_error"] == "RuntimeError: de bron is stuk"
    assert await one.fire_due() == 0  # its lease still holds: not retried at once
    assert len(service.calls) == 1

    clock.moment = T0 + LEASE
    await one.fire_due()
    assert (await row(store, timer))["state"] == "scheduled"
    clock.moment = T0 + 2 * LEASE
    await one.fire_due()

    dead = await row(store, timer)
    assert (dead["state"], dead["attempts"]) == ("dead", 3)
    assert dead["last_error"] == "RuntimeError: de bron is stuk"
    assert dead["settled_at"] == T0 + 2 * LEASE  # the clock's moment, not the database's
    assert dead["lease_token"] is None
    assert dead_count(store.schema) == 1
    service.failure = None
    clock.moment = T0 + timedelta(days=30)
    assert await one.fire_due() == 0  # dead stays dead, even for a worker that would succeed
    assert len(service.calls) == 3
    assert await fired_events(store) == []


async def test_a_dead_timer_fires_again_only_once_scheduled_anew(store):
    """Scheduling the same id re-arms it with a fresh count; it then fires exactly once."""
    timer = uuid.uuid4()
    await change(store, Schedule(timer, "k", T0), T0 - timedelta(days=1))
    service = Service(store, failure=ValueError("onleesbaar"))
    clock = MovingClock(T0)
    await worker(store, service, clock, max_attempts=1).fire_due()
    assert (await row(store, timer))["state"] == "dead"

    rearmed_at = T0 + timedelta(hours=2)
    cause = await change(store, Schedule(timer, "k", T0 + timedelta(hours=3)), rearmed_at)
    rearmed = await row(store, timer)
    assert (rearmed["state"], rearmed["attempts"], rearmed["last_error"]) == ("scheduled", 0, None)
    assert (rearmed["scheduled_at"], rearmed["scheduled_by"]) == (rearmed_at, cause)
    assert rearmed["settled_at"] is None

    service.failure = None
    clock.moment = T0 + timedelta(hours=3)
    fired = await worker(store, service, clock, max_attempts=1).fire_due()

    assert fired == 1
    (recorded,) = await fired_events(store)
    assert recorded.event_id == fired_event_id(timer)
    settled = await row(store, timer)
    assert (settled["state"], settled["settled_by"]) == ("fired", recorded.event_id)
    assert settled["settled_at"] == clock.moment


async def test_a_failure_then_a_success_fires_once(store):
    """Below the cap a failure only delays: the next claim after the lease records it."""
    timer = uuid.uuid4()
    await change(store, Schedule(timer, "k", T0), T0)
    service = Service(store, failure=ConnectionError("even weg"))
    clock = MovingClock(T0)
    await worker(store, service, clock).fire_due()
    service.failure = None
    clock.moment = T0 + LEASE

    assert await worker(store, service, clock).fire_due() == 1
    assert [e.event_id for e in await fired_events(store)] == [fired_event_id(timer)]
    settled = await row(store, timer)
    assert (settled["state"], settled["attempts"]) == ("fired", 2)


async def test_already_so_settles_without_counting_a_failure(store):
    """409 means the awaited fact came first: settled with nothing recorded, never dead."""
    timer = uuid.uuid4()
    await change(store, Schedule(timer, "k", T0), T0)
    service = Service(store, failure=AlreadyDoneError())

    assert await worker(store, service, MovingClock(T0), max_attempts=1).fire_due() == 1
    settled = await row(store, timer)
    assert (settled["state"], settled["settled_by"], settled["last_error"]) == ("fired", None, None)
    assert await fired_events(store) == []


async def test_changes_record_the_decision_s_clock_and_settled_timers_stay_settled(store):
    """Scheduled and cancelled at the moments the orders carry; a fired one is not re-armed."""
    cancelled, fired = uuid.uuid4(), uuid.uuid4()
    scheduled_at = datetime(2031, 1, 1, tzinfo=UTC)
    await change(store, Schedule(cancelled, "k", T0), scheduled_at)
    await change(store, Schedule(fired, "k", T0), scheduled_at)
    cancelled_at = scheduled_at + timedelta(days=3)
    cause = await change(store, Cancel(cancelled), cancelled_at)
    await worker(store, Service(store), MovingClock(T0)).fire_due()

    await change(store, Schedule(fired, "k", T0 + timedelta(days=1)), T0 + timedelta(hours=1))
    await change(store, Schedule(cancelled, "k", T0 + timedelta(days=1)), T0 + timedelta(hours=1))

    gone = await row(store, cancelled)
    assert (gone["state"], gone["scheduled_at"]) == ("cancelled", scheduled_at)
    assert (gone["settled_at"], gone["settled_by"]) == (cancelled_at, cause)
    done = await row(store, fired)
    assert (done["state"], done["due_at"], done["settled_at"]) == ("fired", T0, T0)


async def test_cancelling_a_dead_timer_settles_it(store):
    """The awaited fact arrived after all: the dead timer leaves the operators' list."""
    timer = uuid.uuid4()
    await change(store, Schedule(timer, "k", T0), T0)
    await worker(
        store, Service(store, failure=RuntimeError("x")), MovingClock(T0), max_attempts=1
    ).fire_due()
    assert (await row(store, timer))["state"] == "dead"

    await change(store, Cancel(timer), T0 + timedelta(days=1))

    assert (await row(store, timer))["state"] == "cancelled"
