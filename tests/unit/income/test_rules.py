"""Given events, when a command, then events (or a refusal): the rules of income."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.income.domain.commands import (
    ApplyForAllowance,
    ApplyForBenefit,
    Command,
    EndBenefit,
    EndSearchPeriod,
    GrantAllowance,
    GrantBenefit,
    RecordIncomeFromWork,
    RefuseAllowance,
    RefuseBenefit,
    ResumeBenefit,
    StartSearchPeriod,
    SuspendBenefit,
    WaiveSearchPeriod,
)
from services.income.domain.events import (
    AllowanceApplied,
    AllowanceGranted,
    AllowanceRefused,
    BenefitApplied,
    BenefitEnded,
    BenefitGranted,
    BenefitRefused,
    BenefitResumed,
    BenefitSuspended,
    IncomeFromWorkRecorded,
    SearchPeriodEnded,
    SearchPeriodStarted,
    SearchPeriodWaived,
)
from services.income.domain.model import (
    AlreadyDoneError,
    ConflictError,
    NothingOpenError,
)
from services.income.domain.rules import DECIDERS
from tests.unit.income.givens import (
    ALLOWANCE,
    BENEFIT,
    COMMAND_DEFAULTS,
    NEXT_BENEFIT,
    SEARCH_END,
    START,
    TODAY,
    TOMORROW,
    YOUTH,
    applied,
    command,
    event,
    given,
    granted,
    refusal,
    searching,
    suspended,
    when,
)


def test_every_command_has_a_decider_and_an_example():
    """A command without rules, or without an example here, fails this test, not a user."""
    assert set(DECIDERS) == set(COMMAND_DEFAULTS) == set(Command.__subclasses__())


@pytest.mark.parametrize(
    ("cls", "field"),
    [
        (ApplyForBenefit, "applied_on"),
        (StartSearchPeriod, "started_on"),
        (WaiveSearchPeriod, "waived_on"),
        (GrantBenefit, "granted_on"),
        (RefuseBenefit, "refused_on"),
        (SuspendBenefit, "suspended_on"),
        (EndBenefit, "ended_on"),
        (ApplyForAllowance, "applied_on"),
        (RecordIncomeFromWork, "received_on"),
    ],
)
def test_a_date_of_a_fact_in_the_future_is_refused_naming_the_field(cls, field):
    """Tomorrow is not yet a fact: 422 on the date, in Dutch and English."""
    error = refusal(given(*granted()), command(cls, **{field: TOMORROW}))
    assert (error.field, "toekomst" in error.nl, "future" in error.en) == (field, True, True)


def test_an_application_opens_a_benefit():
    """The first application is recorded with its id and the regeling."""
    assert when(given(), command(ApplyForBenefit)) == [
        BenefitApplied(
            youth_id=YOUTH,
            benefit_id=NEXT_BENEFIT,
            regeling="participatiewet_bijstand",
            applied_on=TODAY,
        )
    ]


@pytest.mark.parametrize("history", [applied, granted, suspended])
def test_one_open_benefit_at_a_time(history):
    """A second application while one waits, runs or is suspended is a 409."""
    assert isinstance(refusal(given(*history()), command(ApplyForBenefit)), AlreadyDoneError)


@pytest.mark.parametrize("closing", [BenefitRefused, BenefitEnded])
def test_after_a_refusal_or_an_end_a_new_application_is_heard(closing):
    """A refused or ended benefit is closed: the next one may start, after that day."""
    history = [*applied(), event(closing)] if closing is BenefitRefused else [
        *granted(), event(BenefitEnded)
    ]  # fmt: skip
    state = given(*history)
    assert [type(e) for e in when(state, command(ApplyForBenefit))] == [BenefitApplied]
    early = command(ApplyForBenefit, applied_on=START - timedelta(days=1))
    assert refusal(state, early).field == "applied_on"


def test_the_search_period_runs_four_weeks_from_its_start():
    """Started on an open application, it names the day four weeks on."""
    assert when(given(*applied()), command(StartSearchPeriod)) == [
        SearchPeriodStarted(
            youth_id=YOUTH, benefit_id=BENEFIT, started_on=TODAY, ends_on=TODAY + timedelta(28)
        )
    ]


def test_the_search_period_needs_an_application_and_starts_once():
    """No application: 404; a second start on the same application: 409."""
    assert isinstance(refusal(given(), command(StartSearchPeriod)), NothingOpenError)
    assert isinstance(refusal(given(*searching()), command(StartSearchPeriod)), AlreadyDoneError)


def test_no_grant_while_the_search_period_runs():
    """An unwaived, unended search period stands in the way of a grant: 409."""
    error = refusal(given(*searching()), command(GrantBenefit))
    assert isinstance(error, ConflictError)
    assert ("zoektermijn" in error.nl, "search period" in error.en) == (True, True)


def test_a_waived_search_period_lets_the_grant_through_from_the_application():
    """Waived as maatwerk, the benefit may be paid from the application on."""
    state = given(*searching(), event(SearchPeriodWaived, waived_on=START + timedelta(days=3)))
    grant = command(GrantBenefit, from_on=START)
    assert [type(e) for e in when(state, grant)] == [BenefitGranted]


def test_a_waiver_before_the_start_or_while_running_once_per_application():
    """Waived up front or while it runs; waived or ended already: 409."""
    assert [type(e) for e in when(given(*applied()), command(WaiveSearchPeriod))] == [
        SearchPeriodWaived
    ]
    waived = given(*applied(), event(SearchPeriodWaived))
    assert isinstance(refusal(waived, command(WaiveSearchPeriod)), AlreadyDoneError)
    ended = given(*searching(), event(SearchPeriodEnded))
    assert isinstance(refusal(ended, command(WaiveSearchPeriod)), AlreadyDoneError)
    assert isinstance(refusal(waived, command(StartSearchPeriod)), AlreadyDoneError)


def test_ending_the_search_period_needs_one_running_and_not_before_its_start():
    """No period running: 404; ended before it started: 422 on ended_on."""
    assert isinstance(refusal(given(*applied()), command(EndSearchPeriod)), NothingOpenError)
    early = command(EndSearchPeriod, ended_on=START - timedelta(days=1))
    assert refusal(given(*searching()), early).field == "ended_on"


def test_after_the_search_period_the_benefit_pays_from_its_end_at_the_earliest():
    """Paid from before the search period ended is refused on from_on."""
    state = given(*searching(), event(SearchPeriodEnded))
    error = refusal(state, command(GrantBenefit, from_on=SEARCH_END - timedelta(days=1)))
    assert error.field == "from_on"
    grant = command(GrantBenefit, from_on=SEARCH_END)
    assert [type(e) for e in when(state, grant)] == [BenefitGranted]


def test_a_grant_records_the_norm_the_cost_sharers_and_the_amount():
    """Under the kostendelersnorm the number of cost-sharers travels with the grant."""
    grant = command(GrantBenefit, norm="kostendeler", cost_sharers=2, from_on=START)
    assert when(given(*applied()), grant) == [
        BenefitGranted(
            youth_id=YOUTH,
            benefit_id=BENEFIT,
            norm="kostendeler",
            cost_sharers=2,
            monthly_amount=1100,
            granted_on=TODAY,
            from_on=START,
        )
    ]


@pytest.mark.parametrize(("norm", "sharers"), [("kostendeler", None), ("alleenstaand", 1)])
def test_the_norm_and_the_cost_sharers_agree(norm, sharers):
    """A cost-sharer without the number, or a single with one: 422 on cost_sharers."""
    grant = command(GrantBenefit, norm=norm, cost_sharers=sharers)
    assert refusal(given(*applied()), grant).field == "cost_sharers"


@pytest.mark.parametrize("cls", [GrantBenefit, RefuseBenefit])
def test_a_decision_needs_an_open_application(cls):
    """Nothing applied for, or already decided: 404."""
    assert isinstance(refusal(given(), command(cls)), NothingOpenError)
    assert isinstance(refusal(given(*granted()), command(cls)), NothingOpenError)


def test_a_decision_is_not_before_the_application():
    """Refused before it was applied for: 422 on refused_on."""
    early = command(RefuseBenefit, refused_on=START - timedelta(days=1))
    assert refusal(given(*applied()), early).field == "refused_on"


def test_suspend_resume_and_end_follow_each_other():
    """Suspended while running, resumed while suspended, ended from either."""
    state = given(*granted())
    assert [type(e) for e in when(state, command(SuspendBenefit))] == [BenefitSuspended]
    assert isinstance(refusal(state, command(ResumeBenefit)), NothingOpenError)
    paused = given(*suspended())
    assert isinstance(refusal(paused, command(SuspendBenefit)), NothingOpenError)
    assert when(paused, command(ResumeBenefit)) == [
        BenefitResumed(youth_id=YOUTH, benefit_id=BENEFIT, resumed_on=TODAY)
    ]
    assert [type(e) for e in when(paused, command(EndBenefit))] == [BenefitEnded]


def test_an_end_needs_a_granted_benefit_and_is_not_before_its_start():
    """An application only, or nothing: 404; ended before the benefit began: 422."""
    assert isinstance(refusal(given(*applied()), command(EndBenefit)), NothingOpenError)
    early = command(EndBenefit, ended_on=SEARCH_END - timedelta(days=1))
    assert refusal(given(*granted()), early).field == "ended_on"


def test_a_suspension_is_not_before_the_start_nor_a_resumption_before_it():
    """Dates in order: 422 on the date that comes too early."""
    early = command(SuspendBenefit, suspended_on=SEARCH_END - timedelta(days=1))
    assert refusal(given(*granted()), early).field == "suspended_on"
    late_pause = given(*granted(), event(BenefitSuspended, suspended_on=TODAY))
    early_resume = command(ResumeBenefit, resumed_on=TODAY - timedelta(days=1))
    assert refusal(late_pause, early_resume).field == "resumed_on"


def test_an_allowance_is_applied_for_once_per_kind_at_a_time():
    """An open application for huurtoeslag refuses another; zorgtoeslag is heard."""
    state = given(event(AllowanceApplied))
    assert isinstance(refusal(state, command(ApplyForAllowance)), AlreadyDoneError)
    other = command(ApplyForAllowance, kind="zorgtoeslag")
    assert [type(e) for e in when(state, other)] == [AllowanceApplied]


def test_an_allowance_is_decided_on_its_open_application():
    """Granted or refused names the application; none open: 404."""
    state = given(event(AllowanceApplied))
    assert when(state, command(GrantAllowance)) == [
        AllowanceGranted(
            youth_id=YOUTH,
            allowance_id=ALLOWANCE,
            kind="huurtoeslag",
            monthly_amount=300,
            granted_on=TODAY,
        )
    ]
    assert [type(e) for e in when(state, command(RefuseAllowance))] == [AllowanceRefused]
    decided = given(event(AllowanceApplied), event(AllowanceGranted))
    assert isinstance(refusal(decided, command(RefuseAllowance)), NothingOpenError)
    assert isinstance(refusal(given(), command(GrantAllowance)), NothingOpenError)
    early = command(GrantAllowance, granted_on=START - timedelta(days=1))
    assert refusal(state, early).field == "granted_on"


def test_income_from_work_is_recorded_in_any_state():
    """Before any benefit and while one runs alike."""
    for state in (given(), given(*granted())):
        assert when(state, command(RecordIncomeFromWork)) == [
            IncomeFromWorkRecorded(youth_id=YOUTH, amount=640, received_on=TODAY)
        ]


def test_the_state_follows_the_benefit_through_its_life():
    """Applied, searching, granted (on bijstand since), suspended, ended (with the reason)."""
    assert (given(*applied()).status, given(*searching()).search) == ("aangevraagd", "loopt")
    running = given(*granted())
    assert (running.status, running.from_on, running.norm) == ("lopend", SEARCH_END, "alleenstaand")
    assert given(*suspended()).status == "opgeschort"
    ended = given(*granted(), event(BenefitEnded))
    assert (ended.status, ended.end_reason, ended.open) == ("beeindigd", "werk", False)
    again = given(*granted(), event(BenefitEnded), event(BenefitApplied, benefit_id=NEXT_BENEFIT))
    assert (again.status, again.search, again.from_on, again.benefits) == (
        "aangevraagd", "geen", None, 1,
    )  # fmt: skip


def test_a_refusal_is_not_dated_before_the_search_period_recorded_on_its_application():
    """Found by the property test: refusing before the search period began was accepted."""
    state = given(
        event(BenefitApplied, applied_on=START - timedelta(days=20)),
        event(SearchPeriodStarted, started_on=START, ends_on=SEARCH_END),
    )
    error = refusal(state, command(RefuseBenefit, refused_on=START - timedelta(days=5)))
    assert (error.field, "zoektermijn" in error.nl, "search period" in error.en) == (
        "refused_on",
        True,
        True,
    )
    assert [type(e) for e in when(state, command(RefuseBenefit, refused_on=START))] == [
        BenefitRefused
    ]
