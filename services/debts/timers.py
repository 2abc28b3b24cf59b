"""Debts' durable timers: the Wgs deadline of the first conversation, as a fact when it passes.

A request for debt help (plain or crisis) schedules the timer for the moment the deadline's
day ends (midnight in Europe/Amsterdam); a trajectory marked crisis moves it to the earlier
deadline; holding the first conversation, or ending the trajectory, cancels it, in the same
transaction as the event that does so. When the moment passes first, the worker records
`FirstConversationDeadlineMissed` through debts' own rules (shared/timers).
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import TYPE_CHECKING

from services.debts.domain.commands import RecordFirstConversationMissed
from services.debts.domain.events import (
    DebtHelpRequested,
    DebtTrajectoryEnded,
    FirstConversationHeld,
    TrajectoryMarkedCrisis,
)
from shared.clock import start_of
from shared.timers import Cancel, Schedule, TimerRules

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date

    from shared.events import DomainEvent
    from shared.timers import DueTimer, TimerChange

__all__ = ["FIRST_CONVERSATION", "TIMERS", "first_conversation_timer"]

FIRST_CONVERSATION = "eerste-gesprek"
_NAMESPACE = uuid.UUID("5c3e9a71-4b2d-4f08-a6e1-9d7c2b0f4e13")


def first_conversation_timer(trajectory_id: uuid.UUID) -> uuid.UUID:
    """The one first-conversation timer of a trajectory."""
    return uuid.uuid5(_NAMESPACE, f"debts/{FIRST_CONVERSATION}/{trajectory_id}")


def _due(trajectory_id: uuid.UUID, deadline: date) -> Schedule:
    return Schedule(
        first_conversation_timer(trajectory_id),
        FIRST_CONVERSATION,
        start_of(deadline + timedelta(days=1)),
        {"trajectory_id": str(trajectory_id)},
    )


def schedules(event: DomainEvent) -> Sequence[TimerChange]:
    """What each debts event does to the first-conversation timer."""
    match event:
        case DebtHelpRequested() | TrajectoryMarkedCrisis():
            return [_due(event.trajectory_id, event.first_conversation_due)]
        case FirstConversationHeld() | DebtTrajectoryEnded():
            return [Cancel(first_conversation_timer(event.trajectory_id))]
    return []


def fires(timer: DueTimer) -> RecordFirstConversationMissed:
    """The deadline passed: record it for the trajectory the timer was set for."""
    return RecordFirstConversationMissed(
        youth_id=uuid.UUID(timer.subject), trajectory_id=uuid.UUID(timer.payload["trajectory_id"])
    )


TIMERS = TimerRules(schedules=schedules, fires=fires)
