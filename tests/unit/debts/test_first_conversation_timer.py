"""The first conversation's timer: scheduled, moved and cancelled with the events; its rule."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.debts.bootstrap import DECLARATION
from services.debts.domain.commands import (
    HoldFirstConversation,
    RecordFirstConversationMissed,
    RequestCrisisHelp,
    RequestDebtHelp,
)
from services.debts.domain.events import (
    DebtHelpRequested,
    DebtRecorded,
    DebtTrajectoryEnded,
    FirstConversationDeadlineMissed,
    FirstConversationHeld,
)
from services.debts.domain.model import AlreadyDoneError, RuleViolationError, Trajectory, decide
from services.debts.timers import FIRST_CONVERSATION, TIMERS, first_conversation_timer
from shared.clock import start_of
from shared.timers import Cancel, DueTimer, Schedule
from tests.support.fakes import wire
from tests.unit.debts.givens import START, TODAY, TRAJECTORY, YOUTH, event, given

DUE = START + timedelta(days=28)
MISS = RecordFirstConversationMissed(youth_id=YOUTH, trajectory_id=TRAJECTORY)
TIMER = first_conversation_timer(TRAJECTORY)


def requested_on_start() -> Trajectory:
    return given(event(DebtHelpRequested, requested_on=START, first_conversation_due=DUE))


# --- the rule ---------------------------------------------------------------------------------


def test_the_day_after_the_deadline_the_miss_is_recorded_with_the_day_it_was_due():
    """Recorded late or not, the event names the deadline and the first day past it."""
    (missed,) = decide(requested_on_start(), MISS, TODAY)

    assert missed == FirstConversationDeadlineMissed(
        youth_id=YOUTH,
        trajectory_id=TRAJECTORY,
        first_conversation_due=DUE,
        missed_on=DUE + timedelta(days=1),
    )


def test_on_the_deadline_itself_nothing_is_missed_yet():
    """The deadline's day still counts: a timer firing early is refused."""
    with pytest.raises(RuleViolationError):
        decide(requested_on_start(), MISS, DUE)


@pytest.mark.parametrize(
    "after",
    [
        event(FirstConversationHeld, held_on=START),
        event(FirstConversationDeadlineMissed, first_conversation_due=DUE, missed_on=DUE),
    ],
)
def test_a_held_or_already_missed_conversation_leaves_nothing_to_record(after):
    """Already so: the timer's worker settles it with nothing recorded."""
    state = given(event(DebtHelpRequested, first_conversation_due=DUE), after)

    with pytest.raises(AlreadyDoneError):
        decide(state, MISS, TODAY)


def test_another_trajectory_s_timer_finds_nothing_to_do():
    """A timer of a trajectory that is not the current one is already settled in effect."""
    other = RecordFirstConversationMissed(youth_id=YOUTH, trajectory_id=YOUTH)

    with pytest.raises(AlreadyDoneError):
        decide(requested_on_start(), other, TODAY)


def test_the_recorded_miss_makes_the_deadline_verlopen_whatever_the_day():
    """The fact outranks the reading of the calendar."""
    state = given(
        event(DebtHelpRequested, first_conversation_due=DUE),
        event(FirstConversationDeadlineMissed, first_conversation_due=DUE, missed_on=DUE),
    )

    assert state.first_conversation_missed
    assert state.deadline_status(START) == "verlopen"


# --- what each event does to the timer --------------------------------------------------------


def test_a_request_schedules_the_timer_for_the_end_of_the_deadline_s_day():
    """Midnight in Amsterdam after the due day; the payload names the trajectory."""
    changes = TIMERS.schedules(
        event(DebtHelpRequested, trajectory_id=TRAJECTORY, first_conversation_due=DUE)
    )

    assert changes == [
        Schedule(TIMER, FIRST_CONVERSATION, start_of(DUE + timedelta(days=1)),
                 {"trajectory_id": str(TRAJECTORY)}),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "ended",
    [event(FirstConversationHeld), event(DebtTrajectoryEnded)],
)
def test_holding_the_conversation_or_ending_the_trajectory_cancels_it(ended):
    """The awaited fact, or no trajectory left to wait for."""
    assert TIMERS.schedules(ended) == [Cancel(TIMER)]


def test_other_events_leave_the_timer_alone():
    """A debt recorded changes nothing about the deadline."""
    assert TIMERS.schedules(event(DebtRecorded)) == []


def test_a_due_timer_asks_for_the_miss_of_its_trajectory():
    """The youth from the timer's subject, the trajectory from its payload."""
    due = DueTimer(
        timer_id=TIMER, kind=FIRST_CONVERSATION, stream_id=f"debts-{YOUTH}", subject=str(YOUTH),
        tenant="0518", due_at=start_of(DUE), payload={"trajectory_id": str(TRAJECTORY)},
        scheduled_by=TIMER, correlation_id=None, lease_token=TIMER,
    )  # fmt: skip

    assert TIMERS.fires(due) == MISS


# --- through the pipeline: the timers go with the events --------------------------------------


async def test_the_pipeline_stores_the_timer_changes_with_the_events():
    """Requested: scheduled; a crisis: moved earlier; held: cancelled; never resurrected."""
    wired = wire(DECLARATION)
    await wired.when(RequestDebtHelp(youth_id=YOUTH, trajectory_id=TRAJECTORY, requested_on=START))
    (scheduled, state) = wired.store.timers[TIMER]
    assert (state, scheduled.due_at) == ("scheduled", start_of(DUE + timedelta(days=1)))

    await wired.when(
        RequestCrisisHelp(youth_id=YOUTH, trajectory_id=TRAJECTORY, crisis_trigger="ontruiming",
                          signalled_on=date(2026, 10, 2))
    )  # fmt: skip
    (moved, state) = wired.store.timers[TIMER]
    assert (state, moved.due_at) == ("scheduled", start_of(date(2026, 10, 8)))  # Fri: Mon-Wed

    await wired.when(HoldFirstConversation(youth_id=YOUTH, held_on=date(2026, 10, 5)))
    assert wired.store.timers[TIMER][1] == "cancelled"
