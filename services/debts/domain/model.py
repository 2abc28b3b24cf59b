"""The young person's debt trajectory as the debts service knows it: state folded from events.

Pure and synchronous: time arrives as an argument, nothing here does I/O. Money is whole euros
as `int`, never floats. The state (`Trajectory`) lives in `state.py`, the rules (`decide`,
`wgs_deadline`) in `rules.py`, the refusals in `refusals.py` and the working-day arithmetic in
`working_days.py`; all are exported from here: this is the module to import.

Phases, derived from the facts (never stored), checked in this order:

- `geen`: no trajectory was ever requested.
- `beeindigd`: the trajectory ended (`DebtTrajectoryEnded`, any reason, `afgerond` included);
  `ended_reason` says why.
- `schuldenvrij`: the debts are settled (`DebtsSettled`) and the trajectory is still open.
- `fonds`: the Jongeren Perspectief Fonds took the debts over; the young person owes the fund
  and does the counterpart.
- `schuldregeling`: the inventory is complete; settlement proposed, creditors answering,
  counterpart agreed.
- `inventarisatie`: the first conversation was held or a debt was recorded; the inventory is
  still open.
- `aangemeld`: requested; nothing happened yet.

A revoked write-off after settlement un-settles (`settled` becomes False), so the phase goes
back from `schuldenvrij` to `fonds`: the young person owes again what was written off.

Erasure: amounts are sealed with the young person's key (FIN). Once the key is destroyed the
events read "gegevens vernietigd" in their amount fields; they fold as 0 and set
`amounts_erased`, after which `decide` hears no command.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from services.debts.domain.events import (
    PRIVACY_EVENTS,
    CounterpartAgreed,
    CounterpartCompleted,
    CounterpartHoursLogged,
    CreditorResponded,
    DebtClosureBlocked,
    DebtHelpRequested,
    DebtInventoryCompleted,
    DebtRecorded,
    DebtsSettled,
    DebtTakenOverByFund,
    DebtTrajectoryEnded,
    FirstConversationDeadlineMissed,
    FirstConversationHeld,
    SettlementProposed,
    TrajectoryJoinedFund,
    TrajectoryMarkedCrisis,
    WriteOffRevoked,
)
from services.debts.domain.refusals import ErasedError, UnknownTrajectoryError
from services.debts.domain.rules import decide, wgs_deadline
from services.debts.domain.state import DeadlineStatus, Phase, Trajectory
from services.debts.domain.working_days import (
    DUTCH_PUBLIC_HOLIDAYS,
    add_working_days,
    is_working_day,
)
from shared.rules import AlreadyDoneError, FrozenMap, RuleViolationError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from shared.events import DomainEvent

__all__ = [
    "DUTCH_PUBLIC_HOLIDAYS",
    "AlreadyDoneError",
    "DeadlineStatus",
    "ErasedError",
    "FrozenMap",
    "Phase",
    "RuleViolationError",
    "Trajectory",
    "UnknownTrajectoryError",
    "add_working_days",
    "decide",
    "evolve",
    "is_working_day",
    "wgs_deadline",
]


def _euros(value: int | str) -> int | None:
    """An amount of an event, or None when it reads "gegevens vernietigd"."""
    return value if isinstance(value, int) else None


def _requested(state: Trajectory, event: DebtHelpRequested) -> Trajectory:
    # A new trajectory starts from nothing: what an earlier one knew does not carry over,
    # except what the young person decided about their data.
    return Trajectory(
        privacy=state.privacy,
        open=True,
        trajectory_id=event.trajectory_id,
        requested_on=event.requested_on,
        crisis=event.crisis,
        in_fund=event.programma == "jpf",
        first_conversation_due=event.first_conversation_due,
    )


def _joined_fund(state: Trajectory, _event: TrajectoryJoinedFund) -> Trajectory:
    return replace(state, in_fund=True)


def _conversed(state: Trajectory, event: FirstConversationHeld) -> Trajectory:
    return replace(state, first_conversation_on=event.held_on)


def _recorded(state: Trajectory, event: DebtRecorded) -> Trajectory:
    amount = _euros(event.amount)
    return replace(
        state,
        debts=state.debts.set(event.debt_id, amount or 0),
        amounts_erased=state.amounts_erased or amount is None,
    )


def _inventoried(state: Trajectory, event: DebtInventoryCompleted) -> Trajectory:
    total = _euros(event.total)
    return replace(
        state,
        inventory_total=total or 0,
        amounts_erased=state.amounts_erased or total is None,
    )


def _proposed(state: Trajectory, event: SettlementProposed) -> Trajectory:
    # A new proposal needs new answers: the ones to an earlier proposal no longer count.
    return replace(
        state,
        settlement_kind=event.solution_kind,
        responses=FrozenMap(),
        counter_amounts=FrozenMap(),
    )


def _responded(state: Trajectory, event: CreditorResponded) -> Trajectory:
    # A creditor answering again replaces the earlier answer (and its counter-proposal).
    counter = None if event.counter_amount is None else _euros(event.counter_amount)
    erased = event.counter_amount is not None and counter is None
    return replace(
        state,
        responses=state.responses.set(event.debt_id, event.response),
        counter_amounts=(
            state.counter_amounts.without(event.debt_id)
            if event.counter_amount is None
            else state.counter_amounts.set(event.debt_id, counter or 0)
        ),
        amounts_erased=state.amounts_erased or erased,
    )


def _agreed(state: Trajectory, event: CounterpartAgreed) -> Trajectory:
    return replace(state, counterpart_hours=event.hours)


def _taken_over(state: Trajectory, event: DebtTakenOverByFund) -> Trajectory:
    written_off = _euros(event.written_off)
    remaining = _euros(event.remaining_to_fund)
    return replace(
        state,
        taken_over=True,
        written_off=written_off or 0,
        owed_to_fund=remaining or 0,
        amounts_erased=state.amounts_erased or written_off is None or remaining is None,
    )


def _logged(state: Trajectory, event: CounterpartHoursLogged) -> Trajectory:
    return replace(state, hours_done=state.hours_done + event.hours)


def _completed(state: Trajectory, _event: CounterpartCompleted) -> Trajectory:
    return replace(state, counterpart_completed=True)


def _revoked(state: Trajectory, _event: WriteOffRevoked) -> Trajectory:
    # Revocation after settlement re-opens what was written off: no longer debt-free.
    return replace(state, write_off_revoked=True, settled=False)


def _settled(state: Trajectory, _event: DebtsSettled) -> Trajectory:
    # Settled: nothing is owed to the fund any more; a later revocation re-opens only the
    # write-off (`balance` = `written_off`), not what was already paid.
    return replace(state, settled=True, owed_to_fund=0)


def _ended(state: Trajectory, event: DebtTrajectoryEnded) -> Trajectory:
    return replace(state, open=False, ended_reason=event.reason)


def _marked_crisis(state: Trajectory, event: TrajectoryMarkedCrisis) -> Trajectory:
    return replace(state, crisis=True, first_conversation_due=event.first_conversation_due)


def _closure_blocked(state: Trajectory, event: DebtClosureBlocked) -> Trajectory:
    return replace(state, closure_blocked=event.reason)


def _missed(state: Trajectory, _event: FirstConversationDeadlineMissed) -> Trajectory:
    return replace(state, first_conversation_missed=True)


def _privacy(state: Trajectory, event: DomainEvent) -> Trajectory:
    return replace(state, privacy=state.privacy.evolve(event))


# Any: each folds its own event class.
EVOLVERS: Mapping[type[DomainEvent], Callable[[Trajectory, Any], Trajectory]] = {
    DebtHelpRequested: _requested,
    TrajectoryJoinedFund: _joined_fund,
    FirstConversationHeld: _conversed,
    DebtRecorded: _recorded,
    DebtInventoryCompleted: _inventoried,
    SettlementProposed: _proposed,
    CreditorResponded: _responded,
    CounterpartAgreed: _agreed,
    DebtTakenOverByFund: _taken_over,
    CounterpartHoursLogged: _logged,
    CounterpartCompleted: _completed,
    WriteOffRevoked: _revoked,
    DebtsSettled: _settled,
    DebtTrajectoryEnded: _ended,
    TrajectoryMarkedCrisis: _marked_crisis,
    DebtClosureBlocked: _closure_blocked,
    FirstConversationDeadlineMissed: _missed,
    **dict.fromkeys(PRIVACY_EVENTS, _privacy),
}


def evolve(state: Trajectory, event: DomainEvent) -> Trajectory:
    """Fold one event into the state.

    An event debts does not know, or one of another trajectory than the current one, leaves
    the state as it is; `DebtHelpRequested` always starts a fresh trajectory.
    """
    if isinstance(event, PRIVACY_EVENTS):  # about the young person, not one trajectory
        return _privacy(state, event)
    evolver = EVOLVERS.get(type(event))
    if evolver is None:
        return state
    if not isinstance(event, DebtHelpRequested) and (
        getattr(event, "trajectory_id", None) != state.trajectory_id
    ):
        return state
    return evolver(state, event)
