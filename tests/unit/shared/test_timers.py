"""Durable timers' pure parts: the changes, their encoding, the firing's id, the memory store."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest

from shared.eventstore import InMemoryEventStore, Metadata, NewEvent
from shared.timers import Cancel, Schedule, TimerOrder, fired_event_id
from shared.timers.changes import encode_orders

TIMER = uuid.UUID("00000000-0000-4000-8000-0000000000f1")
CAUSE = uuid.UUID("00000000-0000-4000-8000-0000000000c1")
AT = datetime(2031, 2, 8, tzinfo=UTC)


def new_event() -> NewEvent:
    return NewEvent(
        event_id=uuid.uuid4(), event_type="t", schema_version=1, subject="s", data="{}",
        metadata=Metadata(tenant="0518", actor="a", actor_role="r", correlation_id="c"),
    )  # fmt: skip


def test_a_due_moment_without_a_time_zone_is_refused():
    """A naive moment would mean the server's time zone."""
    with pytest.raises(ValueError, match="time zone"):
        Schedule(TIMER, "k", datetime(2031, 2, 8))  # noqa: DTZ001 - the point of the test


def test_a_firing_s_event_id_is_the_timer_s_own_every_time():
    """Deterministic, and different per timer."""
    assert fired_event_id(TIMER) == fired_event_id(TIMER)
    assert fired_event_id(TIMER) != fired_event_id(CAUSE)


def test_orders_encode_as_the_sql_function_reads_them():
    """Schedules with their moment, payload and cause; cancellations with theirs."""
    orders = [
        TimerOrder(Schedule(TIMER, "k", AT, {"x": "1"}), CAUSE, "corr"),
        TimerOrder(Cancel(TIMER), CAUSE),
    ]

    assert json.loads(encode_orders(orders)) == [
        {"op": "schedule", "timer_id": str(TIMER), "kind": "k", "due_at": AT.isoformat(),
         "payload": {"x": "1"}, "scheduled_by": str(CAUSE), "correlation_id": "corr"},
        {"op": "cancel", "timer_id": str(TIMER), "settled_by": str(CAUSE)},
    ]  # fmt: skip


async def test_the_memory_store_keeps_timers_as_the_table_does():
    """Scheduled with the events; a retry changes nothing; a settled timer stays settled."""
    store = InMemoryEventStore()
    first = [new_event()]
    await store.append("s-1", first, 0, timers=[TimerOrder(Schedule(TIMER, "k", AT), CAUSE)])
    assert store.timers[TIMER][1] == "scheduled"

    await store.append("s-1", [new_event()], 1, timers=[TimerOrder(Cancel(TIMER), CAUSE)])
    retried = await store.append(
        "s-1", first, 0, timers=[TimerOrder(Schedule(TIMER, "k", AT), CAUSE)]
    )
    await store.append(
        "s-1", [new_event()], 2, timers=[TimerOrder(Schedule(TIMER, "k", AT), CAUSE)]
    )

    assert not retried.appended
    assert store.timers[TIMER][1] == "cancelled"


def test_orders_carry_the_decision_s_moment_when_the_clock_gave_one():
    """The table records the clock's moment, not the database's, for either change."""
    orders = [
        TimerOrder(Schedule(TIMER, "k", AT), CAUSE, "corr", at=AT),
        TimerOrder(Cancel(TIMER), CAUSE, at=AT),
    ]

    assert [order["at"] for order in json.loads(encode_orders(orders))] == [AT.isoformat()] * 2
