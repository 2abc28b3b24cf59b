"""The rules of the debt trajectory: a command against the state either yields events or is refused.

Pure and synchronous: today arrives as an argument; nothing here does I/O. Refusals carry a
Dutch message (for the user; `str(error)`) and an English one (for the logs and the API's `en`
text), plus the input field at fault when there is one. Amounts are personal data (FIN): the
Dutch message may repeat the amounts the user just entered, the English one (which reaches
the logs) never names an amount. Import these names from `services.debts.domain.model`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from services.debts.domain.commands import (
    AgreeCounterpart,
    CloseForExit,
    CompleteCounterpart,
    CompleteInventory,
    EndTrajectory,
    HoldFirstConversation,
    LogCounterpartHours,
    ProposeSettlement,
    RecordCreditorResponse,
    RecordDebt,
    RecordFirstConversationMissed,
    RequestCrisisHelp,
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
    ErasureConfirmed,
    FirstConversationDeadlineMissed,
    FirstConversationHeld,
    SettlementProposed,
    TimelineSharingResumed,
    TimelineSharingStopped,
    TrajectoryJoinedFund,
    TrajectoryMarkedCrisis,
    WriteOffRevoked,
)
from services.debts.domain.refusals import ErasedError, UnknownTrajectoryError
from services.debts.domain.vocabulary import CRISIS_DEADLINE_WORKING_DAYS, DEADLINE_DAYS
from services.debts.domain.working_days import DUTCH_PUBLIC_HOLIDAYS, add_working_days
from shared.rules import (
    AlreadyDoneError,
    FactDates,
    RuleViolationError,
)
from shared.subject_rights import PrivacyCommand, PrivacyEvents, decide_privacy

if TYPE_CHECKING:
    from collections.abc import Callable, Container, Mapping
    from uuid import UUID

    from services.debts.domain.commands import Command
    from services.debts.domain.state import Trajectory
    from shared.events import DomainEvent

    # One rule set per command; Any because each takes its own command class.
    Decider = Callable[[Trajectory, Any, date], list[DomainEvent]]

# What this domain records when intake erases or a consent changes (shared/subject_rights.py).
PRIVACY = PrivacyEvents(
    "debts", "financien", ErasureConfirmed, TimelineSharingStopped, TimelineSharingResumed
)

__all__ = [
    "DECIDERS",
    "FACT_DATES",
    "AlreadyDoneError",
    "ErasedError",
    "RuleViolationError",
    "UnknownTrajectoryError",
    "decide",
    "wgs_deadline",
]


def wgs_deadline(
    requested_on: date,
    crisis: bool,  # noqa: FBT001 - the flag of the request, passed as it comes
    *,
    holidays: Container[date] = DUTCH_PUBLIC_HOLIDAYS,
) -> date:
    """The Wgs deadline (art. 4) for the first conversation after a request on `requested_on`.

    In a crisis (a threatening situation) 3 working days, Saturdays, Sundays and Dutch public
    holidays skipped (or the `holidays` given); otherwise 4 weeks (28 calendar days).
    """
    if crisis:
        return add_working_days(requested_on, CRISIS_DEADLINE_WORKING_DAYS, holidays)
    return requested_on + timedelta(days=DEADLINE_DAYS)


# Dates of facts, which cannot lie after today: field name -> (Dutch, English) label.
FACT_DATES: Mapping[str, tuple[str, str]] = {
    "requested_on": ("Datum van aanmelding", "Request date"),
    "held_on": ("Datum van het eerste gesprek", "Date of the first conversation"),
    "recorded_on": ("Datum van registratie", "Recording date"),
    "completed_on": ("Datum van afronding", "Completion date"),
    "proposed_on": ("Datum van het voorstel", "Proposal date"),
    "responded_on": ("Datum van de reactie", "Response date"),
    "agreed_on": ("Datum van de afspraak", "Agreement date"),
    "taken_over_on": ("Datum van overname", "Takeover date"),
    "logged_on": ("Datum van de uren", "Date of the hours"),
    "revoked_on": ("Datum van intrekking", "Revocation date"),
    "settled_on": ("Datum van regeling", "Settlement date"),
    "ended_on": ("Einddatum", "End date"),
    "signalled_on": ("Datum van het signaal", "Signal date"),
    "exited_on": ("Datum van uitstroom", "Exit date"),
}

_DATES = FactDates(FACT_DATES)
_no_future_facts = _DATES.refuse_future


def _trajectory_id(state: Trajectory) -> UUID:
    if not state.open or state.trajectory_id is None:
        raise UnknownTrajectoryError
    return state.trajectory_id


def _needs_inventory(state: Trajectory) -> None:
    if state.inventory_total is None:
        raise RuleViolationError(
            "Eerst het schuldenoverzicht vaststellen", "Complete the debt inventory first"
        )


def _needs_proposal(state: Trajectory) -> None:
    if state.settlement_kind is None:
        raise RuleViolationError(
            "Eerst een schuldregeling voorstellen", "Propose a settlement first"
        )


def _needs_counterpart(state: Trajectory) -> None:
    if not state.counterpart_agreed:
        raise RuleViolationError(
            "Er is nog geen tegenprestatie afgesproken", "No counterpart has been agreed yet"
        )


def _request(state: Trajectory, command: RequestDebtHelp, _today: date) -> list[DomainEvent]:
    if state.open and command.programma == "jpf" and not state.in_fund:
        # Enrolled in jpf while debt help was already open: the fund takes that one on.
        return [
            TrajectoryJoinedFund(
                youth_id=command.youth_id,
                trajectory_id=_trajectory_id(state),
                joined_on=command.requested_on,
            )
        ]
    if state.open:
        raise AlreadyDoneError(
            "Er loopt al een schuldhulptraject", "A debt trajectory is already open"
        )
    if command.crisis_trigger is not None and not command.crisis:
        raise RuleViolationError(
            "Een aanleiding voor crisis hoort alleen bij een crisis",
            "A crisis trigger only goes with a crisis",
            "crisis_trigger",
        )
    return [
        DebtHelpRequested(
            youth_id=command.youth_id,
            trajectory_id=command.trajectory_id,
            requested_on=command.requested_on,
            crisis=command.crisis,
            crisis_trigger=command.crisis_trigger,
            first_conversation_due=wgs_deadline(command.requested_on, command.crisis),
            plan_goal_id=command.plan_goal_id,
            programma=command.programma,
        )
    ]


def _in_fund(state: Trajectory) -> None:
    """The fund's counterpart and takeover are for young people in the jpf programme only."""
    if not state.in_fund:
        raise RuleViolationError(
            "Het Jongeren Perspectief Fonds is alleen voor jongeren in het programma jpf",
            "The Jongeren Perspectief Fonds is only for young people in the jpf programme",
            "programma",
        )


def _converse(state: Trajectory, command: HoldFirstConversation, _today: date) -> list[DomainEvent]:
    if state.first_conversation_on is not None:
        raise AlreadyDoneError(
            "Het eerste gesprek is al gevoerd", "The first conversation was already held"
        )
    if state.requested_on is not None and command.held_on < state.requested_on:
        raise RuleViolationError(
            f"Het eerste gesprek ({command.held_on}) ligt vóór de aanmelding "
            f"({state.requested_on})",
            f"The first conversation ({command.held_on}) is before the request "
            f"({state.requested_on})",
            "held_on",
        )
    due = state.first_conversation_due
    return [
        FirstConversationHeld(
            youth_id=command.youth_id,
            trajectory_id=_trajectory_id(state),
            held_on=command.held_on,
            within_deadline=due is None or command.held_on <= due,
        )
    ]


def _record(state: Trajectory, command: RecordDebt, _today: date) -> list[DomainEvent]:
    if state.inventory_total is not None:
        raise RuleViolationError(
            "Het schuldenoverzicht is al vastgesteld; er kan geen schuld meer bij",
            "The debt inventory is complete; no debt can be added",
        )
    if command.debt_id in state.debts:
        raise AlreadyDoneError(
            f"Schuld {command.debt_id} is al geregistreerd",
            f"Debt {command.debt_id} was already recorded",
            "debt_id",
        )
    if command.amount <= 0:  # the command refuses it already; the rule holds without it too
        raise RuleViolationError(
            "Een schuld is een bedrag groter dan 0", "A debt is an amount above 0", "amount"
        )
    return [
        DebtRecorded(
            youth_id=command.youth_id,
            trajectory_id=_trajectory_id(state),
            debt_id=command.debt_id,
            creditor_type=command.creditor_type,
            creditor_name=command.creditor_name,
            amount=command.amount,
            recorded_on=command.recorded_on,
        )
    ]


def _complete_inventory(
    state: Trajectory, command: CompleteInventory, _today: date
) -> list[DomainEvent]:
    if state.inventory_total is not None:
        raise AlreadyDoneError(
            "Het schuldenoverzicht is al vastgesteld", "The debt inventory was already completed"
        )
    if not state.debts:
        raise RuleViolationError(
            "Een schuldenoverzicht heeft ten minste één schuld",
            "A debt inventory needs at least one debt",
        )
    if command.total != state.debt_total:
        raise RuleViolationError(
            f"Totaal {command.total} is niet gelijk aan de som van de schulden "
            f"({state.debt_total})",
            "The total does not equal the sum of the recorded debts",
            "total",
        )
    return [
        DebtInventoryCompleted(
            youth_id=command.youth_id,
            trajectory_id=_trajectory_id(state),
            total=command.total,
            creditor_count=len(state.debts),
            completed_on=command.completed_on,
        )
    ]


def _propose(state: Trajectory, command: ProposeSettlement, _today: date) -> list[DomainEvent]:
    _needs_inventory(state)
    if state.taken_over or state.settled:
        raise AlreadyDoneError(
            "De schulden zijn al overgenomen of geregeld; een nieuw voorstel kan niet meer",
            "The debts were already taken over or settled; no new proposal is possible",
        )
    return [
        SettlementProposed(
            youth_id=command.youth_id,
            trajectory_id=_trajectory_id(state),
            solution_kind=command.solution_kind,
            proposed_on=command.proposed_on,
        )
    ]


def _respond(state: Trajectory, command: RecordCreditorResponse, _today: date) -> list[DomainEvent]:
    _needs_proposal(state)
    amount = state.debts.get(command.debt_id)
    if amount is None:
        raise RuleViolationError(
            f"Onbekende schuld: {command.debt_id}",
            f"Unknown debt: {command.debt_id}",
            "debt_id",
        )
    countered = command.response == "tegenvoorstel"
    if countered and command.counter_amount is None:
        raise RuleViolationError(
            "Een tegenvoorstel noemt een bedrag",
            "A counter-proposal needs an amount",
            "counter_amount",
        )
    if not countered and command.counter_amount is not None:
        raise RuleViolationError(
            "Alleen een tegenvoorstel noemt een bedrag",
            "Only a counter-proposal has an amount",
            "counter_amount",
        )
    if command.counter_amount is not None and command.counter_amount > amount:
        raise RuleViolationError(
            f"Het tegenvoorstel ({command.counter_amount}) is hoger dan de schuld ({amount})",
            "The counter-proposal exceeds the debt",
            "counter_amount",
        )
    return [
        CreditorResponded(
            youth_id=command.youth_id,
            trajectory_id=_trajectory_id(state),
            debt_id=command.debt_id,
            response=command.response,
            counter_amount=command.counter_amount,
            responded_on=command.responded_on,
        )
    ]


def _agree(state: Trajectory, command: AgreeCounterpart, _today: date) -> list[DomainEvent]:
    if state.counterpart_agreed:
        raise AlreadyDoneError(
            "Er is al een tegenprestatie afgesproken", "A counterpart was already agreed"
        )
    _in_fund(state)
    _needs_proposal(state)
    return [
        CounterpartAgreed(
            youth_id=command.youth_id,
            trajectory_id=_trajectory_id(state),
            kind=command.kind,
            hours=command.hours,
            goals=command.goals,
            agreed_on=command.agreed_on,
        )
    ]


def _take_over(state: Trajectory, command: TakeOverByFund, _today: date) -> list[DomainEvent]:
    if state.taken_over:
        raise AlreadyDoneError(
            "Het fonds heeft de schulden al overgenomen", "The fund already took over the debts"
        )
    _in_fund(state)
    if state.settled:
        raise RuleViolationError(
            "De schulden zijn al geregeld; het fonds neemt niets meer over",
            "The debts are settled; there is nothing left for the fund to take over",
        )
    _needs_inventory(state)
    missing_nl: list[str] = []
    missing_en: list[str] = []
    if unanswered := [debt_id for debt_id in state.debts if debt_id not in state.responses]:
        missing_nl.append(f"nog geen reactie van de schuldeiser op {', '.join(unanswered)}")
        missing_en.append(f"no creditor response yet for {', '.join(unanswered)}")
    if not state.counterpart_agreed:
        missing_nl.append("nog geen tegenprestatie afgesproken")
        missing_en.append("no counterpart agreed yet")
    if missing_nl:
        raise RuleViolationError(
            f"Het fonds kan de schulden nog niet overnemen: {'; '.join(missing_nl)}",
            f"The fund cannot take over the debts yet: {'; '.join(missing_en)}",
        )
    if command.written_off > command.total_bought:
        raise RuleViolationError(
            f"De kwijtschelding ({command.written_off}) is hoger dan wat het fonds betaalde "
            f"({command.total_bought})",
            "The write-off exceeds what the fund paid",
            "written_off",
        )
    return [
        DebtTakenOverByFund(
            youth_id=command.youth_id,
            trajectory_id=_trajectory_id(state),
            total_bought=command.total_bought,
            written_off=command.written_off,
            remaining_to_fund=command.total_bought - command.written_off,
            taken_over_on=command.taken_over_on,
        )
    ]


def _log_hours(state: Trajectory, command: LogCounterpartHours, _today: date) -> list[DomainEvent]:
    _needs_counterpart(state)
    if state.counterpart_completed:
        raise RuleViolationError(
            "De tegenprestatie is al voltooid; er kunnen geen uren meer bij",
            "The counterpart is complete; no more hours can be logged",
        )
    left = state.hours_left
    if command.hours > left:
        raise RuleViolationError(
            f"Er staan nog maar {left} uur open",
            f"Only {left} hours are left",
            "hours",
        )
    return [
        CounterpartHoursLogged(
            youth_id=command.youth_id,
            trajectory_id=_trajectory_id(state),
            hours=command.hours,
            logged_on=command.logged_on,
        )
    ]


def _complete_counterpart(
    state: Trajectory, command: CompleteCounterpart, _today: date
) -> list[DomainEvent]:
    _needs_counterpart(state)
    if state.counterpart_completed:
        raise AlreadyDoneError(
            "De tegenprestatie is al voltooid", "The counterpart was already completed"
        )
    if (left := state.hours_left) > 0:
        raise RuleViolationError(
            f"De tegenprestatie is nog niet klaar: er staan nog {left} uur open",
            f"The counterpart is not done yet: {left} hours are left",
        )
    return [
        CounterpartCompleted(
            youth_id=command.youth_id,
            trajectory_id=_trajectory_id(state),
            completed_on=command.completed_on,
        )
    ]


def _revoke(state: Trajectory, command: RevokeWriteOff, _today: date) -> list[DomainEvent]:
    if not state.taken_over:
        raise RuleViolationError(
            "Er is geen kwijtschelding: het fonds heeft de schulden niet overgenomen",
            "There is no write-off: the fund did not take over the debts",
        )
    if state.write_off_revoked:
        raise AlreadyDoneError(
            "De kwijtschelding is al ingetrokken", "The write-off was already revoked"
        )
    if state.written_off <= 0:
        raise RuleViolationError(
            "Er is niets kwijtgescholden om in te trekken", "Nothing was written off to revoke"
        )
    # Also after DebtsSettled: the young person is then no longer debt-free (see `evolve`).
    return [
        WriteOffRevoked(
            youth_id=command.youth_id,
            trajectory_id=_trajectory_id(state),
            reason=command.reason,
            reopened=state.written_off,
            revoked_on=command.revoked_on,
        )
    ]


def _settle(state: Trajectory, command: SettleDebts, _today: date) -> list[DomainEvent]:
    _needs_inventory(state)
    if state.settled:
        raise AlreadyDoneError("De schulden zijn al geregeld", "The debts were already settled")
    balance = state.balance
    if command.amount_settled > balance:
        raise RuleViolationError(
            f"Er kan niet meer geregeld worden dan er openstaat ({balance})",
            "Settling more than is owed is refused",
            "amount_settled",
        )
    return [
        DebtsSettled(
            youth_id=command.youth_id,
            trajectory_id=_trajectory_id(state),
            solution_kind=command.solution_kind,
            amount_settled=command.amount_settled,
            settled_on=command.settled_on,
        )
    ]


def _end(state: Trajectory, command: EndTrajectory, _today: date) -> list[DomainEvent]:
    if command.reason == "afgerond" and not state.settled:
        raise RuleViolationError(
            "Afgerond kan pas als de schulden geregeld zijn",
            "'afgerond' needs the debts to be settled",
            "reason",
        )
    return [
        DebtTrajectoryEnded(
            youth_id=command.youth_id,
            trajectory_id=_trajectory_id(state),
            reason=command.reason,
            ended_on=command.ended_on,
        )
    ]


def _crisis(state: Trajectory, command: RequestCrisisHelp, _today: date) -> list[DomainEvent]:
    # No open trajectory: a crisis request, its deadline counted from the signal. An open one
    # that is no crisis yet becomes one, and its deadline moves forward, never back.
    deadline = wgs_deadline(command.signalled_on, crisis=True)
    if not state.open:
        return [
            DebtHelpRequested(
                youth_id=command.youth_id,
                trajectory_id=command.trajectory_id,
                requested_on=command.signalled_on,
                crisis=True,
                crisis_trigger=command.crisis_trigger,
                first_conversation_due=deadline,
            )
        ]
    if state.crisis:
        raise AlreadyDoneError(
            "Het schuldhulptraject is al een crisis", "The debt trajectory already is a crisis"
        )
    current = state.first_conversation_due
    return [
        TrajectoryMarkedCrisis(
            youth_id=command.youth_id,
            trajectory_id=_trajectory_id(state),
            crisis_trigger=command.crisis_trigger,
            marked_on=command.signalled_on,
            first_conversation_due=deadline if current is None else min(current, deadline),
        )
    ]


def _close_for_exit(state: Trajectory, command: CloseForExit, _today: date) -> list[DomainEvent]:
    # Nothing owed (settled, or nothing recorded or left): the trajectory ends. Still owed: it
    # stays open, and the signal names what is owed, to whom in kind, never how much.
    trajectory_id = _trajectory_id(state)
    if state.balance > 0:
        return [
            DebtClosureBlocked(
                youth_id=command.youth_id,
                trajectory_id=trajectory_id,
                reason="schuld_bij_fonds" if state.taken_over else "schulden_openstaand",
                signalled_on=command.exited_on,
            )
        ]
    # 'afgerond' needs the debts settled (as `_end` says); unsettled, the exit's own reason.
    unsettled = "overig" if command.reason == "afgerond" else command.reason
    return [
        DebtTrajectoryEnded(
            youth_id=command.youth_id,
            trajectory_id=trajectory_id,
            reason="afgerond" if state.settled else unsettled,
            ended_on=command.exited_on,
        )
    ]


def _missed(
    state: Trajectory, command: RecordFirstConversationMissed, today: date
) -> list[DomainEvent]:
    # The timer of a trajectory that ended, held its conversation or was already recorded as
    # missed finds nothing to do ("already so"); one that fires early is refused.
    if state.trajectory_id != command.trajectory_id:
        raise AlreadyDoneError(
            "Dit schuldhulptraject is al afgesloten", "This debt trajectory is no longer open"
        )
    if state.first_conversation_on is not None or state.first_conversation_missed:
        raise AlreadyDoneError(
            "Het eerste gesprek is al gevoerd of als te laat vastgelegd",
            "The first conversation was already held or recorded as missed",
        )
    due = state.first_conversation_due
    if due is None or today <= due:
        raise RuleViolationError(
            f"De termijn voor het eerste gesprek ({due}) is nog niet verstreken",
            f"The first conversation's deadline ({due}) has not passed yet",
        )
    return [
        FirstConversationDeadlineMissed(
            youth_id=command.youth_id,
            trajectory_id=command.trajectory_id,
            first_conversation_due=due,
            missed_on=due + timedelta(days=1),
        )
    ]


DECIDERS: Mapping[type[Command], Decider] = {
    RequestDebtHelp: _request,
    HoldFirstConversation: _converse,
    RecordDebt: _record,
    CompleteInventory: _complete_inventory,
    ProposeSettlement: _propose,
    RecordCreditorResponse: _respond,
    AgreeCounterpart: _agree,
    TakeOverByFund: _take_over,
    LogCounterpartHours: _log_hours,
    CompleteCounterpart: _complete_counterpart,
    RevokeWriteOff: _revoke,
    SettleDebts: _settle,
    EndTrajectory: _end,
    RequestCrisisHelp: _crisis,
    CloseForExit: _close_for_exit,
    RecordFirstConversationMissed: _missed,
}

# The commands heard without an open trajectory: they may open one.
OPENING: tuple[type[Command], ...] = (RequestDebtHelp, RequestCrisisHelp)


def decide(state: Trajectory, command: Command | PrivacyCommand, today: date) -> list[DomainEvent]:
    """The events `command` yields against `state` on `today`, or a refusal.

    Only `RequestDebtHelp` and `RequestCrisisHelp` are heard without an open trajectory; every
    other command needs one (`UnknownTrajectoryError`). Once the amounts were erased nothing is
    heard (`ErasedError`).
    Erasure and timeline sharing are heard first, in any state (shared/subject_rights.py).
    """
    if isinstance(command, PrivacyCommand):
        return decide_privacy(state.privacy, command, PRIVACY)
    decider = DECIDERS.get(type(command))
    if decider is None:
        raise TypeError(f"debts has no rules for {type(command).__name__}")
    if state.amounts_erased:
        raise ErasedError
    if not state.open and not isinstance(command, OPENING):
        raise UnknownTrajectoryError
    _no_future_facts(command, today)
    return decider(state, command, today)
