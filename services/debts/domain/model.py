"""The young person's debt trajectory as the debts service knows it: state folded from events.

Pure and synchronous: time arrives as an argument, nothing here does I/O. Money is whole euros
as `int`, never floats. The rules (`decide`, the errors, `wgs_deadline`) live in `rules.py` and
the working-day arithmetic in `working_days.py`; both are exported from here: this is the
module to import.

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

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

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
    FirstConversationHeld,
    SettlementProposed,
    TrajectoryMarkedCrisis,
    WriteOffRevoked,
)
from services.debts.domain.rules import (
    ErasedError,
    UnknownTrajectoryError,
    decide,
    wgs_deadline,
)
from services.debts.domain.working_days import add_working_days, is_working_day
from shared.policy import Privacy
from shared.rules import AlreadyDoneError, FrozenMap, RuleViolationError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from datetime import date
    from uuid import UUID

    from shared.events import DomainEvent

__all__ = [
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

Phase = Literal[
    "geen", "aangemeld", "inventarisatie", "schuldregeling", "fonds", "schuldenvrij", "beeindigd"
]
DeadlineStatus = Literal["op_tijd", "dreigt", "verlopen", "gehaald", "te_laat"]


@dataclass(frozen=True)
class Trajectory:
    """What the rules and the views need to know about the current (or last) debt trajectory.

    Amounts are whole euros. The state holds no names, only debt ids, codes, dates and amounts;
    it is kept in memory only (the events are what is stored, sealed).
    """

    open: bool = False
    trajectory_id: UUID | None = None
    requested_on: date | None = None
    crisis: bool = False
    first_conversation_due: date | None = None
    first_conversation_on: date | None = None
    debts: FrozenMap[str, int] = field(default_factory=FrozenMap)  # debt id -> euros
    inventory_total: int | None = None  # set once the inventory is complete
    settlement_kind: str | None = None  # of the latest proposal
    responses: FrozenMap[str, str] = field(default_factory=FrozenMap)  # to the latest proposal
    counter_amounts: FrozenMap[str, int] = field(default_factory=FrozenMap)  # current ones
    counterpart_hours: int = 0  # agreed; 0 while none is
    hours_done: int = 0
    counterpart_completed: bool = False
    taken_over: bool = False
    written_off: int = 0
    owed_to_fund: int = 0  # 0 again once settled: paid off
    write_off_revoked: bool = False
    settled: bool = False
    ended_reason: str | None = None
    amounts_erased: bool = False
    closure_blocked: str | None = None  # why it stayed open at the programme's exit, if so
    # Erasure confirmed, timeline sharing (shared/policy/privacy.py): apart from the domain.
    privacy: Privacy = field(default_factory=Privacy)

    @property
    def phase(self) -> Phase:
        """Where the trajectory stands, derived from the facts (see the module's docstring)."""
        # The first that holds, in the order of the module's docstring.
        checks: tuple[tuple[bool, Phase], ...] = (
            (self.trajectory_id is None, "geen"),
            (not self.open, "beeindigd"),
            (self.settled, "schuldenvrij"),
            (self.taken_over, "fonds"),
            (self.inventory_total is not None, "schuldregeling"),
            (self.first_conversation_on is not None or bool(self.debts), "inventarisatie"),
        )
        return next((phase for holds, phase in checks if holds), "aangemeld")

    @property
    def debt_total(self) -> int:
        """The sum of the recorded debts, in euros."""
        return sum(self.debts.values())

    @property
    def counterpart_agreed(self) -> bool:
        """Whether a counterpart was agreed (it always has hours)."""
        return self.counterpart_hours > 0

    @property
    def hours_left(self) -> int:
        """Agreed hours of the counterpart not yet done (the rules keep it at 0 or more)."""
        return self.counterpart_hours - self.hours_done

    @property
    def balance(self) -> int:
        """What the young person still owes, in euros.

        Before a takeover: the sum of the debts. After it: what is owed to the fund, plus the
        write-off once it is revoked. 0 once settled (until a revocation un-settles). Never
        negative, by the rules rather than by clamping here (the property tests check it).
        """
        if self.settled:
            return 0
        if not self.taken_over:
            return self.debt_total
        reopened = self.written_off if self.write_off_revoked else 0
        return self.owed_to_fund + reopened

    def deadline_status(self, today: date) -> DeadlineStatus:
        """How the Wgs deadline of the first conversation stands on `today`.

        Once the conversation was held: `gehaald` (on or before the deadline) or `te_laat`.
        Without one: `verlopen` after the deadline, `dreigt` on its day or the day before,
        `op_tijd` otherwise. Raises `UnknownTrajectoryError` when nothing was ever requested.
        """
        due = self.first_conversation_due
        if due is None:
            raise UnknownTrajectoryError
        if self.first_conversation_on is not None:
            return "gehaald" if self.first_conversation_on <= due else "te_laat"
        days_left = (due - today).days
        if days_left < 0:
            return "verlopen"
        return "dreigt" if days_left <= 1 else "op_tijd"


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
        first_conversation_due=event.first_conversation_due,
    )


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


def _privacy(state: Trajectory, event: DomainEvent) -> Trajectory:
    return replace(state, privacy=state.privacy.evolve(event))


# Any: each folds its own event class.
EVOLVERS: Mapping[type[DomainEvent], Callable[[Trajectory, Any], Trajectory]] = {
    DebtHelpRequested: _requested,
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
