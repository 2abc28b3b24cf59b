"""What a decision asks of time: schedule a due moment, or cancel one. Pure data, no I/O.

A service declares, per event its rules yield, which timers that event schedules or cancels
(`TimerRules.schedules`); the command pipeline hands them to the event store with the events,
so both are stored in one transaction or neither is (shared/timers/schema.sql).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from datetime import datetime

    from pydantic import BaseModel

    from shared.events import DomainEvent

__all__ = [
    "Cancel",
    "DueTimer",
    "Schedule",
    "TimerChange",
    "TimerOrder",
    "TimerRules",
    "encode_orders",
    "fired_event_id",
]

_NAMESPACE = uuid.UUID("0b6c2f4e-8d1a-4f3b-9e57-3a1c6d2b8f90")


@dataclass(frozen=True)
class Schedule:
    """Fire `kind` at `due_at` (aware); scheduling the same id again moves its moment."""

    timer_id: uuid.UUID
    kind: str
    due_at: datetime
    payload: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """A due moment without a time zone would mean the server's: refused."""
        if self.due_at.tzinfo is None:
            raise ValueError("a timer's due moment needs a time zone")


@dataclass(frozen=True)
class Cancel:
    """The awaited fact arrived: the timer will not fire."""

    timer_id: uuid.UUID


TimerChange = Schedule | Cancel


@dataclass(frozen=True)
class TimerOrder:
    """A change with the event whose decision made it, as the store records it."""

    change: TimerChange
    cause: uuid.UUID
    correlation_id: str | None = None
    # The decision's moment by the pipeline's clock (`Dependencies.clock`): what the table
    # records as scheduled or cancelled at, so a test that moves the clock reads its own time.
    # None (a caller without a clock) leaves it to the database's.
    at: datetime | None = None


@dataclass(frozen=True)
class DueTimer:
    """A timer a worker claimed: what its firing needs to know."""

    timer_id: uuid.UUID
    kind: str
    stream_id: str
    subject: str
    tenant: str
    due_at: datetime
    payload: Mapping[str, Any]
    scheduled_by: uuid.UUID
    correlation_id: str | None
    lease_token: uuid.UUID
    # How often it was claimed, this claim included: a firing that fails at the cap is dead.
    attempts: int = 1


@dataclass(frozen=True)
class TimerRules:
    """A service's timers: what each new event schedules or cancels, and what firing records.

    - `schedules(event)`: the timer changes an event its rules just yielded brings (pure).
    - `fires(timer)`: the service's own command that records the consequence; it goes through
      the service's pipeline and rules like any other, which may find nothing to do.
    """

    schedules: Callable[[DomainEvent], Sequence[TimerChange]]
    fires: Callable[[DueTimer], BaseModel]


def fired_event_id(timer_id: uuid.UUID) -> uuid.UUID:
    """The id of the event a timer's firing records: the same however often it fires."""
    return uuid.uuid5(_NAMESPACE, f"timer/{timer_id}")


def encode_orders(orders: Sequence[TimerOrder]) -> str:
    """The JSON `apply_timer_changes` reads (shared/timers/schema.sql)."""
    return json.dumps([_encoded(order) for order in orders])


def _encoded(order: TimerOrder) -> dict[str, Any]:
    change = order.change
    at = {} if order.at is None else {"at": order.at.isoformat()}
    if isinstance(change, Cancel):
        return {
            "op": "cancel", "timer_id": str(change.timer_id), "settled_by": str(order.cause), **at
        }  # fmt: skip
    return {
        **at,
        "op": "schedule",
        "timer_id": str(change.timer_id),
        "kind": change.kind,
        "due_at": change.due_at.isoformat(),
        "payload": dict(change.payload),
        "scheduled_by": str(order.cause),
        "correlation_id": order.correlation_id,
    }
