"""The debts rule tests' examples: a valid command and event of each kind, and the stages.

The language (given / when / refusal on the fixed day) is the shared one,
tests/support/scenario.py.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import TYPE_CHECKING, Any

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
    FirstConversationDeadlineMissed,
    FirstConversationHeld,
    SettlementProposed,
    TrajectoryJoinedFund,
    TrajectoryMarkedCrisis,
    WriteOffRevoked,
)
from services.debts.domain.model import Trajectory, decide, evolve
from tests.support.over_http import OverHttp
from tests.support.scenario import START, TODAY, TOMORROW, YOUTH, Scenario

if TYPE_CHECKING:
    from shared.events import DomainEvent

__all__ = ["START", "TODAY", "TOMORROW", "YOUTH"]  # re-exported: the tests import them here

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
        "programma": "jpf",  # the fund's rules apply; tests of other trajectories say None
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
    TrajectoryJoinedFund: {"joined_on": START},
    TrajectoryMarkedCrisis: {
        "crisis_trigger": "ontruiming",
        "marked_on": START,
        "first_conversation_due": START + timedelta(days=3),
    },
    DebtClosureBlocked: {"reason": "schulden_openstaand", "signalled_on": START},
    FirstConversationDeadlineMissed: {
        "first_conversation_due": START + timedelta(days=28),
        "missed_on": START + timedelta(days=29),
    },
}


SCENARIO = Scenario(
    initial=Trajectory(),
    evolve=evolve,
    decide=decide,
    commands=COMMAND_DEFAULTS,
    events=EVENT_DEFAULTS,
    event_fields={"trajectory_id": TRAJECTORY},
)
# The shared tests' story (tests/unit/service_layer/services.py): commands valid one after
# the other on a young person with no history here, the last recording personal data.
STORY = (RequestDebtHelp, RecordDebt)
# The domain over HTTP, for the cross-domain tests (tests/support/over_http.py): the worker's
# first command and its read, the listing a regisseur is refused, the roles the fuzzing sends.
OVER_HTTP = OverHttp(
    role="schuldhulpverlener",
    path="/debt-help",
    body=lambda day: {"requested_on": day},
    read="/debts",
    listing="/trajectories",
    listing_activity="debts.trajecten",
    fuzz_roles=("schuldhulpverlener", "auditor"),
)
command, event, given, when, refusal = (
    SCENARIO.command, SCENARIO.event, SCENARIO.given, SCENARIO.when, SCENARIO.refusal,
)  # fmt: skip


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
