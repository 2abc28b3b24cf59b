"""Housing's durable timers: the first week's roof and postal address, and the six weeks' plan.

Registering homelessness schedules two timers for the episode, each for the moment its
deadline's day ends (midnight in Europe/Amsterdam): `first_week_due` (roof and briefadres)
and `plan_due` (the housing plan). When a moment passes, the worker asks housing's own rules
(domain/deadlines.py) to record `FirstWeekShelterMissed` or `HousingPlanDeadlineMissed`;
the rules find nothing to do when the facts came in time or the episode ended.

Why the facts do not cancel the timers here, as debts' first conversation does: a timer is
the episode's (a settled timer is never re-armed, and a young person may become homeless
again), while the facts (shelter, briefadres, plan, housed) do not name the episode. So the
timer fires once, and the rule, which knows the episode, decides; nothing is appended when
the facts came first.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import TYPE_CHECKING

from services.housing.domain.commands import RecordFirstWeekMissed, RecordHousingPlanMissed
from services.housing.domain.events import HomelessnessRegistered
from shared.clock import start_of
from shared.timers import Schedule, TimerRules

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date

    from shared.events import DomainEvent
    from shared.timers import DueTimer, TimerChange

__all__ = ["FIRST_WEEK", "PLAN", "TIMERS", "episode_timer"]

FIRST_WEEK = "eerste-week"
PLAN = "woonplan"
_NAMESPACE = uuid.UUID("8a41c6d2-3f7e-4b90-9d15-6e2a7c0b4f38")


def episode_timer(kind: str, episode_id: uuid.UUID) -> uuid.UUID:
    """The one timer of `kind` of an episode of homelessness."""
    return uuid.uuid5(_NAMESPACE, f"housing/{kind}/{episode_id}")


def _due(kind: str, episode_id: uuid.UUID, deadline: date) -> Schedule:
    return Schedule(
        episode_timer(kind, episode_id),
        kind,
        start_of(deadline + timedelta(days=1)),
        {"episode_id": str(episode_id)},
    )


def schedules(event: DomainEvent) -> Sequence[TimerChange]:
    """What each housing event does to the episode's timers: a registration sets both."""
    if isinstance(event, HomelessnessRegistered):
        return [
            _due(FIRST_WEEK, event.episode_id, event.first_week_due),
            _due(PLAN, event.episode_id, event.plan_due),
        ]
    return []


def fires(timer: DueTimer) -> RecordFirstWeekMissed | RecordHousingPlanMissed:
    """A deadline of the episode passed: ask the rules to record it."""
    youth_id = uuid.UUID(timer.subject)
    episode_id = uuid.UUID(timer.payload["episode_id"])
    if timer.kind == FIRST_WEEK:
        return RecordFirstWeekMissed(youth_id=youth_id, episode_id=episode_id)
    return RecordHousingPlanMissed(youth_id=youth_id, episode_id=episode_id)


TIMERS = TimerRules(schedules=schedules, fires=fires)
