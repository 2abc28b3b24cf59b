"""Given events, when a command, then events: the small language the debts rule tests speak."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from functools import reduce
from typing import TYPE_CHECKING, Any, TypeVar

import pytest

from services.debts.domain.commands import (
    AgreeCounterpart,
    Command,
    CompleteCounterpart,
    CompleteInventory,
    EndTrajectory,
    HoldFirstConversation,
    LogCounterpartHours,
    ProposeSettlement,
    RecordCreditorResponse,
    RecordDebt,
    RequestDebtHelp,
    RevokeWriteOff,
    SettleDebts,
    TakeOverByFund,
)
from services.debts.domain.events import (
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
from services.debts.domain.model import RuleViolationError, Trajectory, decide, evolve

if TYPE_CHECKING:
    from shared.events import DomainEvent

C = TypeVar("C", bound=Command)
E = TypeVar("E", bound="DomainEvent")

TODAY = date(2026, 11, 22)  # a Sunday
TOMORROW = TODAY + timedelta(days=1)
START = date(2026, 10, 1)  # when the givens below happened
YOUTH = uuid.UUID("00000000-0000-4000-8000-000000000001")
TRAJECTORY = uuid.UUID("00000000-0000-4000-8000-0000000000a1")

# A valid command of each kind, dated today; tests override what they are about.
COMMAND_DEFAULTS: dict[type[Command], dict[str, Any]] = {
    RequestDebtHelp: {"trajectory_id": TRAJECTORY, "requested_on": TODAY},
    HoldFirstConversation: {"held_on": TODAY},
    RecordDebt: {
        "debt_id": "d9",
        "creditor_type": "zorg",
        "creditor_name": "Zorgverzekeraar",
        "amount": 300,
        "recorded_on": TODAY,
    },
    CompleteInventory: {"total": 1500, "completed_on": TODAY},  # d1 1000 + d2 500
    ProposeSettlement: {"solution_kind": "schuldbemiddeling", "proposed_on": TODAY},
    RecordCreditorResponse: {"debt_id": "d1", "response": "akkoord", "responded_on": TODAY},
    AgreeCounterpart: {"kind": "maatschappelijke_stage", "hours": 40, "agreed_on": TODAY},
    TakeOverByFund: {"total_bought": 1200, "written_off": 800, "taken_over_on": TODAY},
    LogCounterpartHours: {"hours": 10, "logged_on": TODAY},
    CompleteCounterpart: {"completed_on": TODAY},
    RevokeWriteOff: {"reason": "stage_niet_afgerond", "revoked_on": TODAY},
    SettleDebts: {"solution_kind": "schuldbemiddeling", "amount_settled": 400, "settled_on": TODAY},
    EndTrajectory: {"reason": "zelf", "ended_on": TODAY},
}

EVENT_DEFAULTS: dict[type[DomainEvent], dict[str, Any]] = {
    DebtHelpRequested: {
        "requested_on": START,
        "crisis": False,
        "first_conversation_due": START + timedelta(days=28),
    },
    FirstConversationHeld: {"held_on": START, "within_deadline": True},
    DebtRecorded: {
        "debt_id": "d1",
        "creditor_type": "publiek",
        "creditor_name": "Belastingdienst",
        "amount": 1000,
        "recorded_on": START,
    },
    DebtInventoryCompleted: {"total": 1500, "creditor_count": 2, "completed_on": START},
    SettlementProposed: {"solution_kind": "schuldbemiddeling", "proposed_on": START},
    CreditorResponded: {"debt_id": "d1", "response": "akkoord", "responded_on": START},
    CounterpartAgreed: {"kind": "maatschappelijke_stage", "hours": 40, "agreed_on": START},
    DebtTakenOverByFund: {
        "total_bought": 1200,
        "written_off": 800,
        "remaining_to_fund": 400,
        "taken_over_on": START,
    },
    CounterpartHoursLogged: {"hours": 10, "logged_on": START},
    CounterpartCompleted: {"completed_on": START},
    WriteOffRevoked: {"reason": "stage_niet_afgerond", "reopened": 800, "revoked_on": START},
    DebtsSettled: {
        "solution_kind": "schuldbemiddeling",
        "amount_settled": 400,
        "settled_on": START,
    },
    DebtTrajectoryEnded: {"reason": "zelf", "ended_on": START},
    TrajectoryMarkedCrisis: {
        "crisis_trigger": "ontruiming",
        "marked_on": START,
        "first_conversation_due": START + timedelta(days=3),
    },
    DebtClosureBlocked: {"reason": "schulden_openstaand", "signalled_on": START},
}


def command(cls: type[C], **overrides: Any) -> C:
    """A valid `cls` command for the young person, with `overrides` applied."""
    return cls(youth_id=YOUTH, **(COMMAND_DEFAULTS[cls] | overrides))


def event(cls: type[E], **overrides: Any) -> E:
    """A `cls` event of the trajectory, with `overrides` applied."""
    defaults = {"youth_id": YOUTH, "trajectory_id": TRAJECTORY}
    return cls(**(defaults | EVENT_DEFAULTS[cls] | overrides))


def given(*events: DomainEvent) -> Trajectory:
    """The state these events fold into."""
    return reduce(evolve, events, Trajectory())


def when(state: Trajectory, cmd: Command) -> list[DomainEvent]:
    """The events `cmd` yields today."""
    return decide(state, cmd, TODAY)


def refusal(state: Trajectory, cmd: Command) -> RuleViolationError:
    """The error `cmd` is refused with; fails the test if it is accepted."""
    with pytest.raises(RuleViolationError) as refused:
        when(state, cmd)
    return refused.value


# --- the stages of a trajectory, each building on the one before ------------------------------


def requested(**overrides: Any) -> list[DomainEvent]:
    """An open trajectory, requested on START."""
    return [event(DebtHelpRequested, **overrides)]


def with_debts() -> list[DomainEvent]:
    """Requested, first conversation held, debts d1 (1000) and d2 (500) recorded."""
    return [
        *requested(),
        event(FirstConversationHeld),
        event(DebtRecorded, debt_id="d1", amount=1000),
        event(DebtRecorded, debt_id="d2", creditor_type="nuts", creditor_name="Eneco", amount=500),
    ]


def inventoried() -> list[DomainEvent]:
    """The debts above, inventory complete at 1500."""
    return [*with_debts(), event(DebtInventoryCompleted)]


def proposed() -> list[DomainEvent]:
    """The inventory above, and a settlement proposed."""
    return [*inventoried(), event(SettlementProposed)]


def ready_for_fund() -> list[DomainEvent]:
    """Proposed; both creditors answered (d2 with a counter-proposal) and 40 hours agreed."""
    return [
        *proposed(),
        event(CreditorResponded, debt_id="d1", response="akkoord"),
        event(CreditorResponded, debt_id="d2", response="tegenvoorstel", counter_amount=400),
        event(CounterpartAgreed),
    ]


def taken_over() -> list[DomainEvent]:
    """Ready for the fund; it paid 1200, wrote off 800, and 400 is owed to it."""
    return [*ready_for_fund(), event(DebtTakenOverByFund)]


def counterpart_done() -> list[DomainEvent]:
    """Taken over; all 40 hours logged and the counterpart completed."""
    return [
        *taken_over(),
        event(CounterpartHoursLogged, hours=25),
        event(CounterpartHoursLogged, hours=15),
        event(CounterpartCompleted),
    ]


def settled() -> list[DomainEvent]:
    """Counterpart done and the 400 owed to the fund settled: debt-free."""
    return [*counterpart_done(), event(DebtsSettled, amount_settled=400)]
