"""The rules behind debts' policies: a crisis request that chooses, and closing on exit."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

import pytest

from services.debts.domain.commands import CloseForExit, RequestCrisisHelp, RequestDebtHelp
from services.debts.domain.events import (
    DebtClosureBlocked,
    DebtHelpRequested,
    DebtTrajectoryEnded,
    TrajectoryMarkedCrisis,
)
from services.debts.domain.model import (
    AlreadyDoneError,
    Trajectory,
    UnknownTrajectoryError,
)
from tests.unit.debts.givens import (
    START,
    TODAY,
    TOMORROW,
    TRAJECTORY,
    YOUTH,
    event,
    given,
    refusal,
    requested,
    settled,
    taken_over,
    when,
    with_debts,
)

if TYPE_CHECKING:
    from shared.events import DomainEvent

MONDAY = date(2026, 11, 16)
NEW = uuid.UUID("00000000-0000-4000-8000-0000000000b2")


def crisis(**overrides) -> RequestCrisisHelp:
    fields = {"trajectory_id": NEW, "crisis_trigger": "ontruiming", "signalled_on": MONDAY}
    return RequestCrisisHelp(youth_id=YOUTH, **(fields | overrides))


def exit_(**overrides) -> CloseForExit:
    return CloseForExit(youth_id=YOUTH, **({"reason": "zelf", "exited_on": TODAY} | overrides))


def test_without_a_trajectory_a_crisis_request_opens_one_due_in_three_working_days():
    """Signalled on a Monday: a crisis trajectory, the first conversation due on Thursday."""
    (opened,) = when(Trajectory(), crisis())
    assert opened == DebtHelpRequested(
        youth_id=YOUTH,
        trajectory_id=NEW,
        requested_on=MONDAY,
        crisis=True,
        crisis_trigger="ontruiming",
        first_conversation_due=date(2026, 11, 19),
    )


def test_an_open_plain_trajectory_is_marked_crisis_with_the_earlier_deadline():
    """The open trajectory stays (same id); its deadline moves forward; the state follows."""
    state = given(*requested(requested_on=MONDAY, first_conversation_due=date(2026, 12, 14)))
    (marked,) = when(state, crisis())
    assert marked == TrajectoryMarkedCrisis(
        youth_id=YOUTH,
        trajectory_id=TRAJECTORY,
        crisis_trigger="ontruiming",
        marked_on=MONDAY,
        first_conversation_due=date(2026, 11, 19),
    )
    after = given(*requested(), marked)
    assert (after.crisis, after.first_conversation_due, after.trajectory_id) == (
        True,
        date(2026, 11, 19),
        TRAJECTORY,
    )
    assert after.deadline_status(TODAY) == "verlopen"


def test_the_deadline_never_moves_back():
    """An old signal whose 3 days end after the current deadline keeps the current one."""
    state = given(*requested(requested_on=START, first_conversation_due=date(2026, 10, 2)))
    (marked,) = when(state, crisis(signalled_on=date(2026, 10, 1)))
    assert marked.first_conversation_due == date(2026, 10, 2)


def test_a_crisis_already_is_already_done():
    """A second threat, or the same one again, adds nothing."""
    with pytest.raises(AlreadyDoneError):
        when(given(*requested(crisis=True)), crisis())
    after = given(*when(Trajectory(), crisis()))
    with pytest.raises(AlreadyDoneError):
        when(after, crisis())


@pytest.mark.parametrize("crisis_first", [True, False])
def test_enrolment_and_threat_in_either_order_end_in_one_open_crisis_trajectory(crisis_first):
    """A plain request and a crisis request, either order: one open crisis trajectory."""
    plain = RequestDebtHelp(youth_id=YOUTH, trajectory_id=TRAJECTORY, requested_on=MONDAY)
    history: list[DomainEvent] = []
    for cmd in (crisis(), plain) if crisis_first else (plain, crisis()):
        try:
            history += when(given(*history), cmd)
        except AlreadyDoneError:
            continue
    state = given(*history)
    opened = sum(isinstance(e, DebtHelpRequested) for e in history)
    assert (opened, state.open, state.crisis, state.first_conversation_due) == (
        1,
        True,
        True,
        date(2026, 11, 19),
    )


def test_the_signal_date_cannot_lie_ahead():
    """Tomorrow's signal is refused on its field."""
    assert refusal(Trajectory(), crisis(signalled_on=TOMORROW)).field == "signalled_on"


def test_exit_without_a_trajectory_has_nothing_to_close():
    """No open trajectory: 'nothing open' (which a policy takes as nothing to do)."""
    with pytest.raises(UnknownTrajectoryError):
        when(Trajectory(), exit_())


def test_exit_with_nothing_recorded_ends_the_trajectory_with_the_exits_reason():
    """Requested, nothing recorded: ended, with the DDAS reason the policy mapped."""
    assert when(given(*requested()), exit_(reason="verhuisd")) == [
        DebtTrajectoryEnded(
            youth_id=YOUTH, trajectory_id=TRAJECTORY, reason="verhuisd", ended_on=TODAY
        )
    ]


def test_exit_after_settlement_ends_it_as_afgerond_and_afgerond_needs_settlement():
    """Debt-free: 'afgerond'. Unsettled, an 'afgerond' asked for becomes 'overig'."""
    (ended,) = when(given(*settled()), exit_(reason="zelf"))
    assert ended.reason == "afgerond"
    (ended,) = when(given(*requested()), exit_(reason="afgerond"))
    assert ended.reason == "overig"


@pytest.mark.parametrize(
    ("history", "reason"),
    [(with_debts, "schulden_openstaand"), (taken_over, "schuld_bij_fonds")],
)
def test_exit_with_debts_owed_keeps_it_open_and_signals_without_amounts(history, reason):
    """Still owed: no end, a signal with a code; the state remembers why it stayed open."""
    (signal,) = when(given(*history()), exit_())
    assert signal == DebtClosureBlocked(
        youth_id=YOUTH, trajectory_id=TRAJECTORY, reason=reason, signalled_on=TODAY
    )
    assert set(signal.model_dump()) == {"youth_id", "trajectory_id", "reason", "signalled_on"}
    state = given(*history(), signal)
    assert (state.open, state.closure_blocked) == (True, reason)


def test_a_new_trajectory_forgets_the_old_signal():
    """Blocked, ended by hand, requested again: no signal on the new one."""
    state = given(
        *with_debts(),
        event(DebtClosureBlocked, reason="schulden_openstaand", signalled_on=START),
        event(DebtTrajectoryEnded),
        event(DebtHelpRequested, trajectory_id=NEW),
    )
    assert (state.open, state.closure_blocked) == (True, None)
