"""The Wgs deadline of the first conversation: 4 weeks, or 3 working days in a crisis."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.debts.domain.commands import HoldFirstConversation, RequestDebtHelp
from services.debts.domain.events import (
    DebtHelpRequested,
    DebtTrajectoryEnded,
    FirstConversationHeld,
)
from services.debts.domain.model import (
    Trajectory,
    UnknownTrajectoryError,
    add_working_days,
    is_working_day,
    wgs_deadline,
)
from tests.unit.debts.givens import (
    TODAY,
    TRAJECTORY,
    YOUTH,
    command,
    event,
    given,
    requested,
    when,
)

THURSDAY = date(2026, 11, 19)
FRIDAY = date(2026, 11, 20)
SATURDAY = date(2026, 11, 21)
SUNDAY = TODAY
MONDAY = date(2026, 11, 23)
TUESDAY = date(2026, 11, 24)
WEDNESDAY = date(2026, 11, 25)
CHRISTMAS_EVE = date(2026, 12, 24)  # a Thursday
HOLIDAYS = frozenset({date(2026, 12, 25), date(2026, 12, 26)})  # Kerst: Friday and Saturday


# --- working days -----------------------------------------------------------------------------


def test_today_is_a_sunday_and_the_week_is_where_the_tests_think():
    """The fixed dates below lean on these weekdays."""
    assert [d.strftime("%a") for d in (THURSDAY, FRIDAY, SATURDAY, SUNDAY, MONDAY, TUESDAY)] == [
        "Thu",
        "Fri",
        "Sat",
        "Sun",
        "Mon",
        "Tue",
    ]


@pytest.mark.parametrize(
    ("day", "working"),
    [(THURSDAY, True), (FRIDAY, True), (SATURDAY, False), (SUNDAY, False), (MONDAY, True)],
)
def test_saturday_and_sunday_are_not_working_days(day, working):
    """Monday to Friday work; the weekend does not."""
    assert is_working_day(day) is working


def test_a_given_public_holiday_is_not_a_working_day():
    """Holidays are passed in: the extension point for the Dutch calendar."""
    assert is_working_day(date(2026, 12, 25))
    assert not is_working_day(date(2026, 12, 25), HOLIDAYS)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (MONDAY, 3, date(2026, 11, 26)),  # Thursday
        (THURSDAY, 3, TUESDAY),
        (FRIDAY, 3, WEDNESDAY),
        (SATURDAY, 3, WEDNESDAY),
        (SUNDAY, 3, WEDNESDAY),
        (FRIDAY, 1, MONDAY),
        (SUNDAY, 0, SUNDAY),
    ],
)
def test_working_days_skip_the_weekend(start, days, expected):
    """The start never counts; a weekend in between is skipped."""
    assert add_working_days(start, days) == expected


def test_working_days_skip_given_holidays():
    """With Christmas given, three working days after Christmas Eve end on Wednesday the 30th."""
    assert add_working_days(CHRISTMAS_EVE, 3) == date(2026, 12, 29)
    assert add_working_days(CHRISTMAS_EVE, 3, HOLIDAYS) == date(2026, 12, 30)


def test_a_negative_number_of_working_days_is_a_programming_error():
    """Counting backwards is not what the deadline needs."""
    with pytest.raises(ValueError, match="-1"):
        add_working_days(MONDAY, -1)


# --- the deadline -----------------------------------------------------------------------------


def test_a_regular_request_is_due_in_four_weeks():
    """28 calendar days, weekends included."""
    assert wgs_deadline(THURSDAY, crisis=False) == THURSDAY + timedelta(days=28)
    assert wgs_deadline(SATURDAY, crisis=False) == date(2026, 12, 19)


@pytest.mark.parametrize(
    ("requested_on", "due"),
    [(THURSDAY, TUESDAY), (FRIDAY, WEDNESDAY), (SATURDAY, WEDNESDAY), (SUNDAY, WEDNESDAY)],
)
def test_a_crisis_request_is_due_in_three_working_days(requested_on, due):
    """A crisis request on Thursday the 19th is due on Tuesday the 24th."""
    assert wgs_deadline(requested_on, crisis=True) == due


def test_a_crisis_deadline_skips_given_holidays():
    """Holidays are an extension point of the deadline too."""
    assert wgs_deadline(CHRISTMAS_EVE, crisis=True, holidays=HOLIDAYS) == date(2026, 12, 30)


def test_the_request_carries_the_crisis_deadline():
    """A crisis request on Thursday, recorded on Sunday, is due on Tuesday."""
    cmd = command(RequestDebtHelp, requested_on=THURSDAY, crisis=True, crisis_trigger="ontruiming")
    [requested_] = when(Trajectory(), cmd)
    assert requested_ == DebtHelpRequested(
        youth_id=YOUTH,
        trajectory_id=TRAJECTORY,
        requested_on=THURSDAY,
        crisis=True,
        crisis_trigger="ontruiming",
        first_conversation_due=TUESDAY,
    )


def test_the_request_carries_the_regular_deadline():
    """Without a crisis the request is due four weeks later."""
    [requested_] = when(Trajectory(), command(RequestDebtHelp, requested_on=THURSDAY))
    assert isinstance(requested_, DebtHelpRequested)
    assert requested_.first_conversation_due == date(2026, 12, 17)


def test_a_conversation_before_the_deadline_is_within_it():
    """Held on Saturday for a Tuesday deadline: within."""
    state = given(*requested(requested_on=THURSDAY, crisis=True, first_conversation_due=TUESDAY))
    [held] = when(state, command(HoldFirstConversation, held_on=SATURDAY))
    assert held == FirstConversationHeld(
        youth_id=YOUTH, trajectory_id=TRAJECTORY, held_on=SATURDAY, within_deadline=True
    )


def test_a_conversation_after_the_deadline_is_not_within_it():
    """A crisis request on Monday the 16th was due Thursday the 19th; today is too late."""
    state = given(
        *requested(requested_on=date(2026, 11, 16), crisis=True, first_conversation_due=THURSDAY)
    )
    [held] = when(state, command(HoldFirstConversation))
    assert isinstance(held, FirstConversationHeld)
    assert held.within_deadline is False


def test_a_conversation_on_the_deadline_is_within_it():
    """The deadline day itself still counts."""
    state = given(*requested(requested_on=THURSDAY, crisis=True, first_conversation_due=SUNDAY))
    [held] = when(state, command(HoldFirstConversation))
    assert isinstance(held, FirstConversationHeld)
    assert held.within_deadline is True


# --- the deadline's status, as reports and work lists show it ---------------------------------


@pytest.mark.parametrize(
    ("due", "status"),
    [
        (TODAY + timedelta(days=2), "op_tijd"),
        (MONDAY, "dreigt"),
        (TODAY, "dreigt"),
        (TODAY - timedelta(days=1), "verlopen"),
    ],
)
def test_without_a_conversation_the_deadline_is_on_time_threatening_or_overdue(due, status):
    """Due today or tomorrow threatens; due before today is overdue."""
    state = given(*requested(requested_on=THURSDAY, first_conversation_due=due))
    assert state.deadline_status(TODAY) == status


@pytest.mark.parametrize(
    ("held_on", "status"),
    [(FRIDAY, "gehaald"), (SATURDAY, "gehaald"), (SUNDAY, "te_laat")],
)
def test_after_the_conversation_the_deadline_was_met_or_missed(held_on, status):
    """Once the conversation was held, only whether it was in time matters, not today."""
    state = given(
        *requested(requested_on=THURSDAY, first_conversation_due=SATURDAY),
        event(FirstConversationHeld, held_on=held_on),
    )
    assert state.deadline_status(TODAY) == status
    assert state.deadline_status(TODAY + timedelta(days=100)) == status


def test_an_ended_trajectory_without_a_conversation_stays_overdue():
    """Ending the trajectory does not make a missed deadline go away in the reports."""
    state = given(
        *requested(requested_on=THURSDAY, first_conversation_due=SATURDAY),
        event(DebtTrajectoryEnded, reason="niet_verschenen"),
    )
    assert state.deadline_status(TODAY) == "verlopen"


def test_no_deadline_without_a_request():
    """A young person who never asked for debt help has no deadline."""
    with pytest.raises(UnknownTrajectoryError):
        Trajectory().deadline_status(TODAY)
