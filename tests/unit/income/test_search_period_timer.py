"""The search period's timer: set by the start, cancelled by a waiver or refusal; its rule."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.income.bootstrap import DECLARATION
from services.income.domain.commands import (
    ApplyForBenefit,
    EndSearchPeriodAtTerm,
    GrantBenefit,
    StartSearchPeriod,
    WaiveSearchPeriod,
)
from services.income.domain.events import (
    BenefitRefused,
    ErasureConfirmed,
    SearchPeriodEnded,
    SearchPeriodStarted,
    SearchPeriodWaived,
)
from services.income.domain.model import AlreadyDoneError, RuleViolationError, decide
from services.income.timers import SEARCH_PERIOD, TIMERS, search_period_timer
from shared.clock import start_of
from shared.timers import Cancel, DueTimer, Schedule
from tests.support.fakes import wire
from tests.unit.income.givens import (
    BENEFIT,
    NEXT_BENEFIT,
    SEARCH_END,
    START,
    TODAY,
    YOUTH,
    applied,
    event,
    given,
    granted,
    searching,
)

AT_TERM = EndSearchPeriodAtTerm(youth_id=YOUTH, benefit_id=BENEFIT)
TIMER = search_period_timer(BENEFIT)

# --- the rule ---------------------------------------------------------------------------------


def test_at_its_term_a_running_search_period_ends_on_the_day_its_four_weeks_end():
    """Recorded late or not, the end is the term's day, so payment may start from it."""
    assert decide(given(*searching()), AT_TERM, TODAY) == [
        SearchPeriodEnded(youth_id=YOUTH, benefit_id=BENEFIT, ended_on=SEARCH_END)
    ]
    assert decide(given(*searching()), AT_TERM, SEARCH_END) == [
        SearchPeriodEnded(youth_id=YOUTH, benefit_id=BENEFIT, ended_on=SEARCH_END)
    ]


def test_before_its_term_the_search_period_is_not_over():
    """A timer firing early is refused (and tried again later by the worker)."""
    with pytest.raises(RuleViolationError):
        decide(given(*searching()), AT_TERM, SEARCH_END - timedelta(days=1))


@pytest.mark.parametrize(
    "after",
    [
        [event(SearchPeriodEnded, ended_on=START + timedelta(days=3))],
        [event(SearchPeriodWaived)],
        [event(BenefitRefused, refused_on=START)],
        [ErasureConfirmed(youth_id=YOUTH, service="income", erased_on=START)],
    ],
    ids=["ended-by-hand", "waived", "refused", "erased"],
)
def test_a_period_ended_waived_refused_or_erased_leaves_the_timer_nothing_to_do(after):
    """Already so: the worker settles the timer with nothing recorded."""
    with pytest.raises(AlreadyDoneError):
        decide(given(*searching(), *after), AT_TERM, TODAY)


def test_another_application_s_timer_finds_nothing_to_do():
    """A timer set for an earlier application never ends the next one's period."""
    other = EndSearchPeriodAtTerm(youth_id=YOUTH, benefit_id=NEXT_BENEFIT)
    with pytest.raises(AlreadyDoneError):
        decide(given(*searching()), other, TODAY)


def test_a_granted_benefit_s_timer_finds_nothing_to_do():
    """The application was decided: its search period is long over."""
    with pytest.raises(AlreadyDoneError):
        decide(given(*granted()), AT_TERM, TODAY)


# --- what each event does to the timer --------------------------------------------------------


def test_a_start_schedules_the_timer_for_the_first_moment_of_its_term():
    """Midnight in Amsterdam as the term's day begins; the payload names the application."""
    changes = TIMERS.schedules(event(SearchPeriodStarted))
    assert changes == [
        Schedule(TIMER, SEARCH_PERIOD, start_of(SEARCH_END), {"benefit_id": str(BENEFIT)})
    ]


@pytest.mark.parametrize(
    "ending", [event(SearchPeriodWaived), event(BenefitRefused)], ids=["waived", "refused"]
)
def test_a_waiver_or_a_refusal_cancels_it(ending):
    """No period left to end: the timer will not fire."""
    assert TIMERS.schedules(ending) == [Cancel(TIMER)]


def test_an_end_by_hand_and_other_events_leave_the_timer_alone():
    """The end is the same fact the timer records: it fires later and finds nothing to do."""
    assert TIMERS.schedules(event(SearchPeriodEnded)) == []
    assert TIMERS.schedules(applied()[0]) == []


def test_a_due_timer_asks_for_the_end_of_its_application_s_period():
    """The youth from the timer's subject, the application from its payload."""
    due = DueTimer(
        timer_id=TIMER, kind=SEARCH_PERIOD, stream_id=f"income-{YOUTH}", subject=str(YOUTH),
        tenant="0518", due_at=start_of(SEARCH_END), payload={"benefit_id": str(BENEFIT)},
        scheduled_by=TIMER, correlation_id=None, lease_token=TIMER,
    )  # fmt: skip
    assert TIMERS.fires(due) == AT_TERM


# --- through the pipeline: the timer goes with the events -------------------------------------


async def test_the_pipeline_stores_the_timer_with_the_start_and_cancels_it_with_a_waiver():
    """Started: scheduled at its term; waived: cancelled, in the same transaction."""
    wired = wire(DECLARATION)
    await wired.when(ApplyForBenefit(youth_id=YOUTH, benefit_id=BENEFIT, applied_on=START))
    await wired.when(StartSearchPeriod(youth_id=YOUTH, started_on=START))
    (scheduled, state) = wired.store.timers[TIMER]
    assert (state, scheduled.due_at) == ("scheduled", start_of(START + timedelta(days=28)))

    await wired.when(WaiveSearchPeriod(youth_id=YOUTH, reason="dakloosheid", waived_on=START))
    assert wired.store.timers[TIMER][1] == "cancelled"


async def test_after_the_timer_ended_the_period_the_application_can_be_granted():
    """The timer's end opens the way to the grant, paid from the term at the earliest."""
    wired = wire(DECLARATION)
    await wired.when(ApplyForBenefit(youth_id=YOUTH, benefit_id=BENEFIT, applied_on=START))
    await wired.when(StartSearchPeriod(youth_id=YOUTH, started_on=START))
    await wired.when(AT_TERM)
    grant = GrantBenefit(youth_id=YOUTH, norm="alleenstaand", monthly_amount=1100,
                         granted_on=TODAY, from_on=SEARCH_END)  # fmt: skip
    outcome = await wired.when(grant)
    assert outcome.appended
