"""Given events, when a command, then events (or a refusal): the rules of the debt trajectory."""

from __future__ import annotations

import uuid
from datetime import timedelta

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
    DebtHelpRequested,
    DebtInventoryCompleted,
    DebtRecorded,
    DebtsSettled,
    DebtTakenOverByFund,
    DebtTrajectoryEnded,
    FirstConversationHeld,
    SettlementProposed,
    WriteOffRevoked,
)
from services.debts.domain.model import (
    AlreadyDoneError,
    Trajectory,
    UnknownTrajectoryError,
    decide,
)
from tests.unit.debts.givens import (
    COMMAND_DEFAULTS,
    START,
    TODAY,
    TOMORROW,
    TRAJECTORY,
    YOUTH,
    command,
    counterpart_done,
    event,
    given,
    inventoried,
    proposed,
    ready_for_fund,
    refusal,
    requested,
    settled,
    taken_over,
    when,
    with_debts,
)

ALL_COMMANDS = list(COMMAND_DEFAULTS)
NEED_TRAJECTORY = [c for c in ALL_COMMANDS if c is not RequestDebtHelp]


# A state in which the default command of each class is accepted.
READY_FOR: dict[type[Command], list] = {
    RequestDebtHelp: [],
    HoldFirstConversation: requested(),
    RecordDebt: with_debts(),
    CompleteInventory: with_debts(),
    ProposeSettlement: inventoried(),
    RecordCreditorResponse: proposed(),
    AgreeCounterpart: proposed(),
    TakeOverByFund: ready_for_fund(),
    LogCounterpartHours: taken_over(),
    CompleteCounterpart: [*taken_over(), event(CounterpartHoursLogged, hours=40)],
    RevokeWriteOff: taken_over(),
    SettleDebts: taken_over(),
    EndTrajectory: requested(),
}


def ready_for(cls: type[Command]) -> Trajectory:
    """A state in which the default `cls` command is accepted."""
    return given(*READY_FOR[cls])


# --- facts lie in the past --------------------------------------------------------------------

FACT_DATES = [
    (RequestDebtHelp, "requested_on"),
    (HoldFirstConversation, "held_on"),
    (RecordDebt, "recorded_on"),
    (CompleteInventory, "completed_on"),
    (ProposeSettlement, "proposed_on"),
    (RecordCreditorResponse, "responded_on"),
    (AgreeCounterpart, "agreed_on"),
    (TakeOverByFund, "taken_over_on"),
    (LogCounterpartHours, "logged_on"),
    (CompleteCounterpart, "completed_on"),
    (RevokeWriteOff, "revoked_on"),
    (SettleDebts, "settled_on"),
    (EndTrajectory, "ended_on"),
]
FACT_IDS = [f"{c.__name__}.{f}" for c, f in FACT_DATES]


def test_every_command_has_a_fact_date_under_test():
    """The list above covers every command the rules know."""
    assert {c for c, _ in FACT_DATES} == set(ALL_COMMANDS)


@pytest.mark.parametrize(("cls", "field"), FACT_DATES, ids=FACT_IDS)
def test_a_fact_dated_tomorrow_is_refused(cls, field):
    """Every date of something that happened must be today or earlier, naming the field."""
    error = refusal(ready_for(cls), command(cls, **{field: TOMORROW}))
    assert error.field == field
    assert "ligt in de toekomst" in error.nl
    assert "is in the future" in error.en


@pytest.mark.parametrize(("cls", "field"), FACT_DATES, ids=FACT_IDS)
def test_a_fact_dated_today_is_accepted(cls, field):
    """Today is not the future: the same command dated today yields its event."""
    assert when(ready_for(cls), command(cls, **{field: TODAY}))


# --- which trajectory ---------------------------------------------------------------------------


@pytest.mark.parametrize("cls", NEED_TRAJECTORY, ids=lambda c: c.__name__)
@pytest.mark.parametrize("history", ["never requested", "ended"])
def test_commands_without_an_open_trajectory_are_refused(cls, history):
    """Everything but a request needs an open trajectory: not found."""
    before = [*requested(), event(DebtTrajectoryEnded)] if history == "ended" else []
    error = refusal(given(*before), command(cls))
    assert isinstance(error, UnknownTrajectoryError)
    assert (error.nl, error.en) == ("Geen lopend schuldhulptraject", "No open debt trajectory")


@pytest.mark.parametrize("cls", NEED_TRAJECTORY, ids=lambda c: c.__name__)
def test_events_carry_the_trajectory_of_the_state(cls):
    """Whatever the command, its events belong to the open trajectory."""
    for produced in when(ready_for(cls), command(cls)):
        data = produced.model_dump()
        assert (data["youth_id"], data["trajectory_id"]) == (YOUTH, TRAJECTORY)


def test_a_command_without_rules_is_a_programming_error():
    """A command class nobody registered rules for fails loudly, not as a refusal."""

    class Unheard(Command):
        pass

    with pytest.raises(TypeError, match="Unheard"):
        decide(Trajectory(), Unheard(youth_id=YOUTH), TODAY)


# --- the request --------------------------------------------------------------------------------


def test_a_request_opens_a_trajectory():
    """A request without crisis yields its event with the four-week deadline."""
    [requested_] = when(Trajectory(), command(RequestDebtHelp, requested_on=START))
    assert requested_ == DebtHelpRequested(
        youth_id=YOUTH,
        trajectory_id=TRAJECTORY,
        requested_on=START,
        crisis=False,
        first_conversation_due=START + timedelta(days=28),
    )


def test_a_second_request_while_one_is_open_is_already_done():
    """One open debt trajectory at a time."""
    error = refusal(given(*requested()), command(RequestDebtHelp, trajectory_id=uuid.uuid4()))
    assert isinstance(error, AlreadyDoneError)
    assert error.nl == "Er loopt al een schuldhulptraject"


def test_a_new_request_after_an_ended_trajectory_starts_afresh():
    """After an end, a new trajectory may start, and knows nothing of the old one."""
    second = uuid.uuid4()
    before = given(*settled(), event(DebtTrajectoryEnded, reason="afgerond"))
    [requested_] = when(before, command(RequestDebtHelp, trajectory_id=second))
    after = given(*settled(), event(DebtTrajectoryEnded, reason="afgerond"), requested_)
    assert after.trajectory_id == second
    assert after.open
    assert after.phase == "aangemeld"
    assert (after.debt_total, after.balance, after.hours_done) == (0, 0, 0)
    assert after == Trajectory(
        open=True,
        trajectory_id=second,
        requested_on=TODAY,
        first_conversation_due=TODAY + timedelta(days=28),
    )


def test_a_crisis_trigger_without_a_crisis_is_refused():
    """The trigger says what makes it a crisis: it needs `crisis` to be true."""
    cmd = command(RequestDebtHelp, crisis=False, crisis_trigger="afsluiting_energie_water")
    error = refusal(Trajectory(), cmd)
    assert error.field == "crisis_trigger"
    assert error.en == "A crisis trigger only goes with a crisis"


def test_a_crisis_without_a_named_trigger_is_accepted():
    """The trigger is optional, even in a crisis."""
    [requested_] = when(Trajectory(), command(RequestDebtHelp, crisis=True))
    assert isinstance(requested_, DebtHelpRequested)
    assert requested_.crisis
    assert requested_.crisis_trigger is None


# --- the first conversation ---------------------------------------------------------------------


def test_the_first_conversation_is_held_once():
    """A second first conversation repeats what already holds."""
    error = refusal(
        given(*requested(), event(FirstConversationHeld)), command(HoldFirstConversation)
    )
    assert isinstance(error, AlreadyDoneError)


def test_the_first_conversation_cannot_precede_the_request():
    """Held the day before the request is refused on held_on."""
    cmd = command(HoldFirstConversation, held_on=START - timedelta(days=1))
    error = refusal(given(*requested()), cmd)
    assert error.field == "held_on"
    assert "vóór de aanmelding" in error.nl


def test_the_first_conversation_on_the_day_of_the_request_is_accepted():
    """Same-day help is the best help."""
    [held] = when(given(*requested()), command(HoldFirstConversation, held_on=START))
    assert held == FirstConversationHeld(
        youth_id=YOUTH, trajectory_id=TRAJECTORY, held_on=START, within_deadline=True
    )


# --- the inventory ------------------------------------------------------------------------------


def test_a_debt_is_recorded():
    """The event carries the debt, its creditor and its amount (which the handler seals)."""
    [recorded] = when(given(*requested()), command(RecordDebt))
    assert recorded == DebtRecorded(
        youth_id=YOUTH,
        trajectory_id=TRAJECTORY,
        debt_id="d9",
        creditor_type="zorg",
        creditor_name="Zorgverzekeraar",
        amount=300,
        recorded_on=TODAY,
    )


def test_a_debt_id_is_recorded_once():
    """A debt id already in the inventory is already done, naming debt_id."""
    error = refusal(given(*with_debts()), command(RecordDebt, debt_id="d1"))
    assert isinstance(error, AlreadyDoneError)
    assert error.field == "debt_id"
    assert error.nl == "Schuld d1 is al geregistreerd"


def test_no_debt_is_added_after_the_inventory():
    """The inventory is closed once complete."""
    error = refusal(given(*inventoried()), command(RecordDebt))
    assert not isinstance(error, AlreadyDoneError)
    assert error.en == "The debt inventory is complete; no debt can be added"


def test_a_debt_of_zero_is_refused_by_the_rule_too():
    """Should a zero amount get past the command's validation, the rule still refuses it."""
    cmd = RecordDebt.model_construct(**{**COMMAND_DEFAULTS[RecordDebt], "youth_id": YOUTH})
    cmd = cmd.model_copy(update={"amount": 0})
    error = refusal(given(*requested()), cmd)
    assert error.field == "amount"


def test_the_inventory_is_completed_with_the_sum_and_the_count():
    """The total equals the sum; the event counts the debts."""
    [completed] = when(given(*with_debts()), command(CompleteInventory, total=1500))
    assert completed == DebtInventoryCompleted(
        youth_id=YOUTH, trajectory_id=TRAJECTORY, total=1500, creditor_count=2, completed_on=TODAY
    )


def test_a_total_that_is_not_the_sum_is_refused_with_both_numbers():
    """The user sees the total entered and the sum; the English (logged) text names no amount."""
    error = refusal(given(*with_debts()), command(CompleteInventory, total=1200))
    assert error.field == "total"
    assert error.nl == "Totaal 1200 is niet gelijk aan de som van de schulden (1500)"
    assert "1200" not in error.en
    assert "1500" not in error.en


def test_an_inventory_without_debts_is_refused():
    """At least one debt, or there is nothing to settle."""
    error = refusal(given(*requested()), command(CompleteInventory, total=0))
    assert error.en == "A debt inventory needs at least one debt"


def test_the_inventory_is_completed_once():
    """A second completion is already done."""
    error = refusal(given(*inventoried()), command(CompleteInventory))
    assert isinstance(error, AlreadyDoneError)


# --- the proposal and the creditors --------------------------------------------------------------


def test_a_settlement_is_proposed_after_the_inventory():
    """The proposal names its solution kind."""
    cmd = command(ProposeSettlement, solution_kind="saneringskrediet")
    [proposal] = when(given(*inventoried()), cmd)
    assert proposal == SettlementProposed(
        youth_id=YOUTH,
        trajectory_id=TRAJECTORY,
        solution_kind="saneringskrediet",
        proposed_on=TODAY,
    )


def test_a_proposal_before_the_inventory_is_refused():
    """Creditors get a proposal only on a complete inventory."""
    error = refusal(given(*with_debts()), command(ProposeSettlement))
    assert error.field is None
    assert error.nl == "Eerst het schuldenoverzicht vaststellen"


def test_a_new_proposal_replaces_the_old_one_and_asks_for_new_answers():
    """Re-proposing before a takeover is allowed; earlier answers no longer count."""
    state = given(*ready_for_fund())
    [proposal] = when(state, command(ProposeSettlement, solution_kind="betalingsregeling"))
    after = given(*ready_for_fund(), proposal)
    assert after.settlement_kind == "betalingsregeling"
    assert dict(after.responses) == {}
    assert dict(after.counter_amounts) == {}


@pytest.mark.parametrize("history", ["taken over", "settled"])
def test_no_new_proposal_after_a_takeover_or_settlement(history):
    """Once the fund took over or the debts are settled, proposing again is done."""
    before = taken_over() if history == "taken over" else settled()
    error = refusal(given(*before), command(ProposeSettlement))
    assert isinstance(error, AlreadyDoneError)


def test_a_creditor_response_is_recorded():
    """An agreement is recorded for its debt, without an amount."""
    [response] = when(given(*proposed()), command(RecordCreditorResponse, response="weigering"))
    assert response == CreditorResponded(
        youth_id=YOUTH,
        trajectory_id=TRAJECTORY,
        debt_id="d1",
        response="weigering",
        responded_on=TODAY,
    )


def test_a_response_before_a_proposal_is_refused():
    """Creditors answer a proposal; without one there is nothing to answer."""
    error = refusal(given(*inventoried()), command(RecordCreditorResponse))
    assert error.nl == "Eerst een schuldregeling voorstellen"


def test_a_response_for_an_unknown_debt_is_refused():
    """The debt must be in the inventory, naming debt_id."""
    error = refusal(given(*proposed()), command(RecordCreditorResponse, debt_id="d7"))
    assert error.field == "debt_id"
    assert error.nl == "Onbekende schuld: d7"


def test_a_creditor_answering_again_replaces_the_earlier_answer():
    """The latest answer counts, with its counter-proposal or without."""
    state = given(
        *proposed(),
        event(CreditorResponded, debt_id="d2", response="tegenvoorstel", counter_amount=300),
    )
    [again] = when(state, command(RecordCreditorResponse, debt_id="d2", response="akkoord"))
    after = given(
        *proposed(),
        event(CreditorResponded, debt_id="d2", response="tegenvoorstel", counter_amount=300),
        again,
    )
    assert dict(after.responses) == {"d2": "akkoord"}
    assert dict(after.counter_amounts) == {}


# --- the counterpart ----------------------------------------------------------------------------


def test_a_counterpart_is_agreed_after_a_proposal():
    """The agreement names its kind, hours and goals."""
    cmd = command(AgreeCounterpart, hours=60, goals="Stage bij de voedselbank")
    [agreed] = when(given(*proposed()), cmd)
    assert agreed == CounterpartAgreed(
        youth_id=YOUTH,
        trajectory_id=TRAJECTORY,
        kind="maatschappelijke_stage",
        hours=60,
        goals="Stage bij de voedselbank",
        agreed_on=TODAY,
    )


def test_a_counterpart_before_a_proposal_is_refused():
    """The counterpart belongs to a settlement with the fund: first a proposal."""
    error = refusal(given(*inventoried()), command(AgreeCounterpart))
    assert error.nl == "Eerst een schuldregeling voorstellen"


def test_a_counterpart_is_agreed_once():
    """A second agreement is already done."""
    error = refusal(given(*ready_for_fund()), command(AgreeCounterpart))
    assert isinstance(error, AlreadyDoneError)


def test_hours_are_logged_against_the_counterpart():
    """Hours done are recorded."""
    [logged] = when(given(*taken_over()), command(LogCounterpartHours, hours=12))
    assert logged == CounterpartHoursLogged(
        youth_id=YOUTH, trajectory_id=TRAJECTORY, hours=12, logged_on=TODAY
    )


def test_hours_without_a_counterpart_are_refused():
    """No hours before a counterpart was agreed."""
    error = refusal(given(*proposed()), command(LogCounterpartHours))
    assert error.nl == "Er is nog geen tegenprestatie afgesproken"


def test_more_hours_than_are_left_are_refused():
    """With 35 of 40 hours done, 6 more is refused on hours."""
    state = given(*taken_over(), event(CounterpartHoursLogged, hours=35))
    error = refusal(state, command(LogCounterpartHours, hours=6))
    assert error.field == "hours"
    assert error.nl == "Er staan nog maar 5 uur open"
    assert error.en == "Only 5 hours are left"


def test_exactly_the_hours_left_are_accepted():
    """The last 5 of 40 hours fit."""
    state = given(*taken_over(), event(CounterpartHoursLogged, hours=35))
    assert when(state, command(LogCounterpartHours, hours=5))


def test_hours_after_the_counterpart_was_completed_are_refused():
    """A completed counterpart takes no more hours."""
    error = refusal(given(*counterpart_done()), command(LogCounterpartHours, hours=1))
    assert error.en == "The counterpart is complete; no more hours can be logged"


def test_the_counterpart_is_completed_when_every_hour_is_done():
    """40 of 40 hours: completed."""
    state = given(*taken_over(), event(CounterpartHoursLogged, hours=40))
    [completed] = when(state, command(CompleteCounterpart))
    assert completed == CounterpartCompleted(
        youth_id=YOUTH, trajectory_id=TRAJECTORY, completed_on=TODAY
    )


def test_the_counterpart_is_not_complete_with_hours_left():
    """With 10 of 40 hours done, completion is refused, saying what is left."""
    state = given(*taken_over(), event(CounterpartHoursLogged, hours=30))
    error = refusal(state, command(CompleteCounterpart))
    assert error.nl == "De tegenprestatie is nog niet klaar: er staan nog 10 uur open"


def test_completing_without_a_counterpart_is_refused():
    """Nothing to complete before one was agreed."""
    error = refusal(given(*proposed()), command(CompleteCounterpart))
    assert error.nl == "Er is nog geen tegenprestatie afgesproken"


def test_the_counterpart_is_completed_once():
    """A second completion is already done."""
    error = refusal(given(*counterpart_done()), command(CompleteCounterpart))
    assert isinstance(error, AlreadyDoneError)


# --- the fund -----------------------------------------------------------------------------------


def test_the_fund_takes_over_with_the_remainder_owed_to_it():
    """Paid 1200, written off 800: 400 is owed to the fund."""
    [takeover] = when(given(*ready_for_fund()), command(TakeOverByFund))
    assert takeover == DebtTakenOverByFund(
        youth_id=YOUTH,
        trajectory_id=TRAJECTORY,
        total_bought=1200,
        written_off=800,
        remaining_to_fund=400,
        taken_over_on=TODAY,
    )


def test_the_fund_waits_for_every_creditor():
    """A debt without a response blocks the takeover, and the refusal names it."""
    state = given(*proposed(), event(CreditorResponded, debt_id="d1"), event(CounterpartAgreed))
    error = refusal(state, command(TakeOverByFund))
    assert error.nl == (
        "Het fonds kan de schulden nog niet overnemen: nog geen reactie van de schuldeiser op d2"
    )
    assert error.en == "The fund cannot take over the debts yet: no creditor response yet for d2"


def test_a_refusal_counts_as_a_response():
    """Every creditor answered, even with a refusal: the fund may take over."""
    state = given(
        *proposed(),
        event(CreditorResponded, debt_id="d1", response="weigering"),
        event(CreditorResponded, debt_id="d2", response="weigering"),
        event(CounterpartAgreed),
    )
    assert when(state, command(TakeOverByFund))


def test_the_fund_waits_for_a_counterpart():
    """Without an agreed counterpart the takeover is refused, saying so."""
    state = given(
        *proposed(), event(CreditorResponded, debt_id="d1"), event(CreditorResponded, debt_id="d2")
    )
    error = refusal(state, command(TakeOverByFund))
    assert error.nl.endswith(": nog geen tegenprestatie afgesproken")


def test_the_refusal_names_everything_that_is_missing():
    """No responses and no counterpart: both are named, responses first."""
    error = refusal(given(*proposed()), command(TakeOverByFund))
    assert error.nl == (
        "Het fonds kan de schulden nog niet overnemen: nog geen reactie van de schuldeiser op "
        "d1, d2; nog geen tegenprestatie afgesproken"
    )


def test_the_fund_takes_over_once():
    """A second takeover is already done."""
    error = refusal(given(*taken_over()), command(TakeOverByFund))
    assert isinstance(error, AlreadyDoneError)


def test_the_fund_does_not_take_over_settled_debts():
    """Settled without the fund (a paid-off payment plan): nothing left to buy."""
    state = given(*ready_for_fund(), event(DebtsSettled, amount_settled=1500))
    error = refusal(state, command(TakeOverByFund))
    assert not isinstance(error, AlreadyDoneError)
    assert error.nl.startswith("De schulden zijn al geregeld")


# --- revoking the write-off ----------------------------------------------------------------------


def test_a_broken_contract_revokes_the_write_off():
    """The event re-opens what was written off."""
    [revoked] = when(given(*taken_over()), command(RevokeWriteOff))
    assert revoked == WriteOffRevoked(
        youth_id=YOUTH,
        trajectory_id=TRAJECTORY,
        reason="stage_niet_afgerond",
        reopened=800,
        revoked_on=TODAY,
    )


def test_no_revocation_without_a_takeover():
    """Only the fund writes off; before it took over there is nothing to revoke."""
    error = refusal(given(*ready_for_fund()), command(RevokeWriteOff))
    assert error.en == "There is no write-off: the fund did not take over the debts"


def test_no_revocation_of_a_write_off_of_nothing():
    """A takeover without write-off leaves nothing to revoke."""
    state = given(
        *ready_for_fund(), event(DebtTakenOverByFund, written_off=0, remaining_to_fund=1200)
    )
    error = refusal(state, command(RevokeWriteOff))
    assert error.en == "Nothing was written off to revoke"


def test_a_write_off_is_revoked_once():
    """A second revocation is already done."""
    error = refusal(given(*taken_over(), event(WriteOffRevoked)), command(RevokeWriteOff))
    assert isinstance(error, AlreadyDoneError)


# --- settling and ending -------------------------------------------------------------------------


def test_debts_are_settled():
    """Settling what is owed yields the event."""
    [settled_] = when(given(*taken_over()), command(SettleDebts, amount_settled=400))
    assert settled_ == DebtsSettled(
        youth_id=YOUTH,
        trajectory_id=TRAJECTORY,
        solution_kind="schuldbemiddeling",
        amount_settled=400,
        settled_on=TODAY,
    )


def test_settling_needs_an_inventory():
    """Without a complete inventory, nobody knows what there is to settle."""
    error = refusal(given(*with_debts()), command(SettleDebts, amount_settled=100))
    assert error.nl == "Eerst het schuldenoverzicht vaststellen"


def test_settling_twice_is_already_done():
    """Debt-free once is enough."""
    error = refusal(given(*settled()), command(SettleDebts, amount_settled=1))
    assert isinstance(error, AlreadyDoneError)


def test_a_trajectory_ends_for_any_reason():
    """Ending records the DDAS outflow reason."""
    [ended] = when(given(*requested()), command(EndTrajectory, reason="verhuisd"))
    assert ended == DebtTrajectoryEnded(
        youth_id=YOUTH, trajectory_id=TRAJECTORY, reason="verhuisd", ended_on=TODAY
    )


def test_afgerond_needs_settled_debts():
    """`afgerond` means debt-free: refused on reason before settlement."""
    error = refusal(given(*counterpart_done()), command(EndTrajectory, reason="afgerond"))
    assert error.field == "reason"
    assert error.nl == "Afgerond kan pas als de schulden geregeld zijn"


def test_afgerond_after_settlement_is_accepted():
    """Debt-free, so the trajectory is completed."""
    [ended] = when(given(*settled()), command(EndTrajectory, reason="afgerond"))
    assert isinstance(ended, DebtTrajectoryEnded)
    assert ended.reason == "afgerond"


def test_afgerond_after_a_revocation_that_unsettled_is_refused():
    """A revoked write-off after settlement means debts again: not `afgerond`."""
    state = given(*settled(), event(WriteOffRevoked))
    error = refusal(state, command(EndTrajectory, reason="afgerond"))
    assert error.field == "reason"
