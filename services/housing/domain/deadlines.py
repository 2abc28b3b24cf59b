"""The rules of the episode's deadlines passing: what the durable timers record (timers.py).

A timer fires the day after a deadline (the first week's roof and postal address, the six
weeks' housing plan); the rule decides whether it was missed. What came in time, an episode
that ended (housed) or was followed by another, and a miss already recorded leave nothing to
do (`AlreadyDoneError`: the worker settles the timer without an event); a timer that fires
on the deadline itself or before is refused. A fact that came after the deadline does not
undo the miss. Import these through `services.housing.domain.model`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from services.housing.domain.commands import RecordFirstWeekMissed, RecordHousingPlanMissed
from services.housing.domain.events import FirstWeekShelterMissed, HousingPlanDeadlineMissed
from shared.rules import AlreadyDoneError, RuleViolationError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from datetime import date

    from services.housing.domain.state import Housing
    from services.housing.domain.vocabulary import FirstWeekNeed
    from shared.events import DomainEvent

__all__ = ["DEADLINE_DECIDERS"]


def _in_time(done: date | None, due: date) -> bool:
    return done is not None and done <= due


def _open_episode(state: Housing, episode_id: object) -> None:
    if not state.homeless or state.episode_id != episode_id:
        raise AlreadyDoneError(
            "Deze periode van dakloosheid is afgesloten", "This episode of homelessness has ended"
        )


def _passed(due: date | None, today: date, what_nl: str, what_en: str) -> date:
    if due is None or today <= due:
        raise RuleViolationError(
            f"De termijn voor {what_nl} ({due}) is nog niet verstreken",
            f"The deadline of {what_en} ({due}) has not passed yet",
        )
    return due


def _first_week(state: Housing, command: RecordFirstWeekMissed, today: date) -> list[DomainEvent]:
    _open_episode(state, command.episode_id)
    if state.first_week_missed:
        raise AlreadyDoneError(
            "De eerste week is al als te laat vastgelegd",
            "The first week was already recorded as missed",
        )
    due = _passed(state.first_week_due, today, "de eerste week", "the first week")
    checks: tuple[tuple[FirstWeekNeed, date | None], ...] = (
        ("dak", state.roof_on),
        ("briefadres", state.postal_address_on),
    )
    lacking = [need for need, done in checks if not _in_time(done, due)]
    if not lacking:
        raise AlreadyDoneError(
            "Dak en briefadres waren op tijd geregeld",
            "Roof and postal address were arranged in time",
        )
    return [
        FirstWeekShelterMissed(
            youth_id=command.youth_id, episode_id=command.episode_id, due_on=due, lacking=lacking
        )
    ]


def _plan(state: Housing, command: RecordHousingPlanMissed, today: date) -> list[DomainEvent]:
    _open_episode(state, command.episode_id)
    if state.plan_missed:
        raise AlreadyDoneError(
            "Het woonplan is al als te laat vastgelegd",
            "The housing plan was already recorded as missed",
        )
    due = _passed(state.plan_due, today, "het woonplan", "the housing plan")
    if _in_time(state.plan_agreed_on, due):
        raise AlreadyDoneError(
            "Het woonplan was op tijd afgesproken", "The housing plan was agreed in time"
        )
    return [
        HousingPlanDeadlineMissed(
            youth_id=command.youth_id, episode_id=command.episode_id, due_on=due
        )
    ]


# One rule set per command; Any because each takes its own command class.
DEADLINE_DECIDERS: Mapping[type[Any], Callable[[Housing, Any, date], list[DomainEvent]]] = {
    RecordFirstWeekMissed: _first_week,
    RecordHousingPlanMissed: _plan,
}
