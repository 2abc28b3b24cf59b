"""Turning 18: the transition plan, the age of majority and the age bands, as rules.

For a young person registered under 18 the timers (services/intake/birthdays.py) fire six
months before the month of the 18th birthday (`TransitionPlanDue`, unless a plan was agreed)
and on the first of a month on or after it (`AdulthoodReached` with the band `18-22`); for
anyone registered under 23, likewise after the 23rd (`AgeBandChanged` to `23-27`). Months,
not days: what is published never tells the birth date. The rules are told the age in
completed years, never the birth date; a firing before its day is refused (the worker tries
again later); one that finds the fact recorded already, or the young person erased, records
nothing.

The regisseur agrees the transition plan (`TransitionPlanAgreed`): only for a young person
registered under 18, late included (it resolves the signal of a birthday without one). The
age on the day of agreement says whether it came before the 18th birthday, exactly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from services.intake.domain.ages import (
    ADULT_AGE,
    BAND_BIRTHDAYS,
    month_start,
    transition_notice_on,
)
from services.intake.domain.commands import (
    AgreeTransitionPlan,
    RecordAdulthoodReached,
    RecordAgeBandChanged,
    RecordTransitionPlanDue,
)
from services.intake.domain.events import (
    AdulthoodReached,
    AgeBandChanged,
    TransitionPlanAgreed,
    TransitionPlanDue,
)
from shared.rules import AlreadyDoneError, RuleViolationError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from datetime import date

    from services.intake.domain.state import Youth
    from shared.events import DomainEvent

__all__ = ["COMING_OF_AGE_DECIDERS", "EXTENDED_YOUTH_CARE", "TIMED_BY_AGE", "TOLD_THE_AGE"]

MINOR = "16-17"
EXTENDED_YOUTH_CARE = "jeugdhulp_tot_23"  # the continuation that keeps the Jeugdwet


def _on_or_after(day: date, today: date, age: int | None) -> None:
    """Refused before `day` (the worker tries again); nothing to do once the age is unknown."""
    if age is None:
        raise AlreadyDoneError("Leeftijd onbekend", "Age unknown")
    if today < day:
        raise RuleViolationError(
            f"De verjaardag ({day}) is nog niet aangebroken", f"The birthday ({day}) has not come"
        )


def _transition_due(
    state: Youth, command: RecordTransitionPlanDue, today: date, age: int | None
) -> list[DomainEvent]:
    _on_or_after(transition_notice_on(command.due_on), today, age)
    if today > command.due_on:  # a backfill after the day: adulthood-reached tells it now
        raise AlreadyDoneError(
            "Te laat om nog om een overgangsplan te vragen", "Too late to ask for a transition plan"
        )
    if state.transition_plan_agreed or state.transition_plan_due or state.age_band != MINOR:
        raise AlreadyDoneError(
            "Het overgangsplan is er al, is al gevraagd of de jongere is al 18",
            "The transition plan exists, was asked for already, or the young person is 18",
        )
    return [
        TransitionPlanDue(
            youth_id=command.youth_id, due_on=command.due_on, signalled_on=month_start(today)
        )
    ]


def _adulthood(
    state: Youth, command: RecordAdulthoodReached, today: date, age: int | None
) -> list[DomainEvent]:
    _on_or_after(command.from_on, today, age)
    if state.age_band != MINOR:
        raise AlreadyDoneError("De jongere is al meerderjarig", "The young person is already 18")
    on = command.from_on
    return [
        AdulthoodReached(
            youth_id=command.youth_id,
            transition_plan_agreed=state.transition_plan_agreed,
            agreed_before_18=state.transition_plan_agreed_before_18,
            youth_care_extended=state.youth_care_extended,
            from_on=on,
        ),
        AgeBandChanged(youth_id=command.youth_id, age_band=BAND_BIRTHDAYS[ADULT_AGE], from_on=on),
    ]


def _band(
    state: Youth, command: RecordAgeBandChanged, today: date, age: int | None
) -> list[DomainEvent]:
    _on_or_after(command.from_on, today, age)
    if command.age_band == state.age_band:
        raise AlreadyDoneError("Deze leeftijdsklasse geldt al", "This age band holds already")
    return [
        AgeBandChanged(
            youth_id=command.youth_id, age_band=command.age_band, from_on=command.from_on
        )
    ]


def _agree(
    state: Youth, command: AgreeTransitionPlan, _today: date, age: int | None
) -> list[DomainEvent]:
    """`age` is the age on the day of agreement (handlers: `age_on_the_day`)."""
    if not state.minor_at_registration:
        raise RuleViolationError(
            "Een overgangsplan is er voor wie onder de 18 is ingeschreven",
            "A transition plan is for a young person registered under 18",
            "continuations",
        )
    if state.director_id is None:
        raise RuleViolationError(
            "Geen overgangsplan zonder jongerenregisseur",
            "No transition plan without a youth director",
        )
    extended = EXTENDED_YOUTH_CARE in command.continuations.values()
    before_18 = age is not None and age < ADULT_AGE
    return [
        TransitionPlanAgreed(
            **command.model_dump(), youth_care_extended=extended, agreed_before_18=before_18
        )
    ]


# One rule set per command; Any because each takes its own command class.
COMING_OF_AGE_DECIDERS: Mapping[
    type[Any], Callable[[Youth, Any, date, int | None], list[DomainEvent]]
] = {
    AgreeTransitionPlan: _agree,
    RecordTransitionPlanDue: _transition_due,
    RecordAdulthoodReached: _adulthood,
    RecordAgeBandChanged: _band,
}
# The timers' commands: after an erasure they find nothing to do; they need the age.
TIMED_BY_AGE: frozenset[type[Any]] = frozenset(
    {RecordTransitionPlanDue, RecordAdulthoodReached, RecordAgeBandChanged}
)
# The commands told the age: the timers' today, the agreement's on its own day.
TOLD_THE_AGE: frozenset[type[Any]] = TIMED_BY_AGE | {AgreeTransitionPlan}
