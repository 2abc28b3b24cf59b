"""Intake's birthday timers: turning 18 and the age bands, as facts of their month.

A registration schedules, from the birth date it seals (opened here, in the decision, never
published), for a young person under 18: `overgangsplan` on the first of the month six
months before the month of the 18th birthday, and `meerderjarig` on the first of a month on
or after the birthday; for anyone under 23: `leeftijdsklasse` likewise after the 23rd. Each
fires at the start of its day (a moment already past fires at once). The transition plan
agreed cancels `overgangsplan`; an erasure cancels them all.

Why months, not days: a fact recorded on a birthday, or naming it, tells every subscriber
(webhooks included) the birth date, and its time stays in the event store and in this
timers table after an erasure. So due moments, payloads and events hold firsts of months
only; whether a transition plan came before the 18th birthday itself is decided on the
agreement, from the sealed birth date (domain/coming_of_age.py).
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
    first_of_month_from,
    transition_due_on,
    transition_notice_on,
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
        due_on = transition_due_on(born)
        adult_from = first_of_month_from(birthday(born, ADULT_AGE))
        changes += [
            Schedule(birthday_timer(youth, TRANSITION), TRANSITION,
                     start_of(transition_notice_on(due_on)), {"due_on": due_on.isoformat()}),
            Schedule(birthday_timer(youth, ADULTHOOD), ADULTHOOD, start_of(adult_from),
                     {"from_on": adult_from.isoformat()}),
        ]  # fmt: skip
    for years, band in BAND_BIRTHDAYS.items():
        if years > ADULT_AGE and age < years:
            from_on = first_of_month_from(birthday(born, years))
            changes.append(
                Schedule(birthday_timer(youth, BAND), BAND, start_of(from_on),
                         {"age_band": band, "from_on": from_on.isoformat()})
            )  # fmt: skip
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
        return RecordTransitionPlanDue(youth_id=youth_id, due_on=payload["due_on"])
    if timer.kind == ADULTHOOD:
        return RecordAdulthoodReached(youth_id=youth_id, from_on=payload["from_on"])
    return RecordAgeBandChanged(
        youth_id=youth_id, age_band=payload["age_band"], from_on=payload["from_on"]
    )
