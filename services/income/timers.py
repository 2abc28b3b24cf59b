"""Income's durable timer: the four-week search period ends on its term unless someone ends it.

Starting the search period (zoektermijn) of an application schedules one timer for the moment
its term begins (`ends_on`, midnight in Europe/Amsterdam): then the worker asks income's own
rules to end it on that day (`SearchPeriodEnded`, through `EndSearchPeriodAtTerm`), so the
application can be decided without a klantmanager remembering the date. A waiver, or a refusal
of the application, cancels the timer in the same transaction. An end by hand does not: it
records the same event the timer would, so the timer fires later and the rules find nothing to
do ("already so"), and a timer's own end never cancels the timer that is firing it. A search
period started with its four weeks already behind it ends at once.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from services.income.domain.commands import EndSearchPeriodAtTerm
from services.income.domain.events import BenefitRefused, SearchPeriodStarted, SearchPeriodWaived
from shared.clock import start_of
from shared.timers import Cancel, Schedule, TimerRules

if TYPE_CHECKING:
    from collections.abc import Sequence

    from shared.events import DomainEvent
    from shared.timers import DueTimer, TimerChange

__all__ = ["SEARCH_PERIOD", "TIMERS", "search_period_timer"]

SEARCH_PERIOD = "zoektermijn"
_NAMESPACE = uuid.UUID("3f9d2b7e-6a41-4c85-b0e2-7d5c1a9f4e26")


def search_period_timer(benefit_id: uuid.UUID) -> uuid.UUID:
    """The one search-period timer of an application (a new application gets its own)."""
    return uuid.uuid5(_NAMESPACE, f"income/{SEARCH_PERIOD}/{benefit_id}")


def schedules(event: DomainEvent) -> Sequence[TimerChange]:
    """What each income event does to the search period's timer."""
    match event:
        case SearchPeriodStarted():
            return [
                Schedule(
                    search_period_timer(event.benefit_id),
                    SEARCH_PERIOD,
                    start_of(event.ends_on),
                    {"benefit_id": str(event.benefit_id)},
                )
            ]
        case SearchPeriodWaived() | BenefitRefused():
            return [Cancel(search_period_timer(event.benefit_id))]
    return []


def fires(timer: DueTimer) -> EndSearchPeriodAtTerm:
    """The term came: ask the rules to end the period of the application it was set for."""
    return EndSearchPeriodAtTerm(
        youth_id=uuid.UUID(timer.subject), benefit_id=uuid.UUID(timer.payload["benefit_id"])
    )


TIMERS = TimerRules(schedules=schedules, fires=fires)
