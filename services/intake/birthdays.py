"""Intake's birthday timers: turning 18 and the age bands, as facts on their days.

A registration schedules, from the birth date it seals (opened here, in the decision, never
published), for a young person under 18: `overgangsplan` six months before the 18th birthday
and `meerderjarig` on it; for anyone under 23: `leeftijdsklasse` on the 23rd birthday. Each
fires at the start of its day (a moment already past fires at once). The transition plan
agreed cancels `overgangsplan`; an erasure cancels them all.

Intake's own timers table holds the birthdays (due moments and payloads); the events record
the days they fall on, as facts the regisseur and the reports need, never the birth date.
The rules (domain/coming_of_age.py) decide what a firing records.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from services.intake.domain.ages import (
    ADULT_AGE,
    BAND_BIRTHDAYS,
    age_on,
    birthday,
    transition_due_on,
)
from services.intake.domain.commands import (
    RecordAdulthoodReached,
    RecordAgeBandChanged,
    RecordTransitionPlanDue,
)
from services.intake.domain.events import (
    PersonalDataErased,
    TransitionPlanAgreed,
    YouthRegistered,
)
from shared.clock import start_of
from shared.timers import Cancel, Schedule

if TYPE_CHECKING:
    from pydantic import BaseModel

    from shared.events import DomainEvent
    from shared.timers import DueTimer, TimerChange

__all__ = ["ADULTHOOD", "BAND", "KINDS", "TRANSITION", "birthday_timer", "fires", "schedules"]

TRANSITION = "overgangsplan"
ADULTHOOD = "meerderjarig"
BAND = "leeftijdsklasse"
KINDS = frozenset({TRANSITION, ADULTHOOD, BAND})
_NAMESPACE = uuid.UUID("5a3c9e1d-7b24-4f86-b0d1-2e8f6a4c9b17")


def birthday_timer(youth_id: uuid.UUID, kind: str) -> uuid.UUID:
    """The one timer of `kind` of a young person."""
    return uuid.uuid5(_NAMESPACE, f"intake/{kind}/{youth_id}")


def _registered(event: YouthRegistered) -> list[TimerChange]:
    born = event.date_of_birth
    if not isinstance(born, date):  # erased: nothing to time
        return []
    age, youth = age_on(born, event.registered_on), event.youth_id
    changes: list[TimerChange] = []
    if age < ADULT_AGE:
        adult = {"adult_on": birthday(born, ADULT_AGE).isoformat()}
        changes += [
            Schedule(birthday_timer(youth, TRANSITION), TRANSITION,
                     start_of(transition_due_on(born)), adult),
            Schedule(birthday_timer(youth, ADULTHOOD), ADULTHOOD,
                     start_of(birthday(born, ADULT_AGE)), adult),
        ]  # fmt: skip
    changes += [
        Schedule(birthday_timer(youth, BAND), BAND, start_of(birthday(born, years)),
                 {"age_band": band, "from_on": birthday(born, years).isoformat()})
        for years, band in BAND_BIRTHDAYS.items()
        if years > ADULT_AGE and age < years
    ]  # fmt: skip
    return changes


def schedules(event: DomainEvent) -> list[TimerChange]:
    """What each intake event does to the birthday timers."""
    match event:
        case YouthRegistered():
            return _registered(event)
        case TransitionPlanAgreed():
            return [Cancel(birthday_timer(event.youth_id, TRANSITION))]
        case PersonalDataErased():
            return [Cancel(birthday_timer(event.youth_id, kind)) for kind in sorted(KINDS)]
    return []


def fires(timer: DueTimer) -> BaseModel:
    """A birthday came: ask the rules to record what it changes."""
    youth_id, payload = uuid.UUID(timer.subject), timer.payload
    if timer.kind == TRANSITION:
        return RecordTransitionPlanDue(youth_id=youth_id, adult_on=payload["adult_on"])
    if timer.kind == ADULTHOOD:
        return RecordAdulthoodReached(youth_id=youth_id, adult_on=payload["adult_on"])
    return RecordAgeBandChanged(
        youth_id=youth_id, age_band=payload["age_band"], from_on=payload["from_on"]
    )
