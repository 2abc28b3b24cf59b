"""Money in whole euros: never zero or negative, summed exactly, never settled beyond the debt."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.debts.domain.commands import (
    CompleteInventory,
    EndTrajectory,
    RecordCreditorResponse,
    RecordDebt,
    RevokeWriteOff,
    SettleDebts,
    TakeOverByFund,
)
from services.debts.domain.events import (
    CreditorResponded,
    DebtInventoryCompleted,
    DebtRecorded,
    DebtTakenOverByFund,
    WriteOffRevoked,
)
from services.debts.domain.vocabulary import MAX_EUROS
from tests.unit.debts.givens import (
    command,
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
)

# --- zero, negative and too large: refused by the command's shape -------------------------------


@pytest.mark.parametrize("amount", [0, -1, -MAX_EUROS, MAX_EUROS + 1])
def test_a_debt_of_zero_negative_or_beyond_the_maximum_is_invalid(amount):
    """A debt is at least 1 euro and at most MAX_EUROS."""
    with pytest.raises(ValidationError):
        command(RecordDebt, amount=amount)


@pytest.mark.parametrize("amount", [1.5, "12,50"])
def test_a_debt_in_cents_is_invalid(amount):
    """Whole euros only: no fractions, no Dutch decimal strings."""
    with pytest.raises(ValidationError):
        command(RecordDebt, amount=amount)


@pytest.mark.parametrize(
    ("cls", "field", "value"),
    [
        (CompleteInventory, "total", -1),
        (TakeOverByFund, "total_bought", 0),
        (TakeOverByFund, "total_bought", -1),
        (TakeOverByFund, "written_off", -1),
        (SettleDebts, "amount_settled", -400),
        (RecordCreditorResponse, "counter_amount", 0),
        (RecordCreditorResponse, "counter_amount", -1),
    ],
)
def test_zero_or_negative_amounts_are_invalid(cls, field, value):
    """Amounts that would make what is owed go negative never reach the rules."""
    with pytest.raises(ValidationError):
        command(cls, **{field: value})


def test_a_debt_of_the_maximum_is_recorded():
    """MAX_EUROS itself is a valid debt."""
    [recorded] = when(given(*requested()), command(RecordDebt, amount=MAX_EUROS))
    assert isinstance(recorded, DebtRecorded)
    assert recorded.amount == MAX_EUROS


# --- huge sums: int arithmetic, exact to the euro -----------------------------------------------


def huge_inventory(count: int = 100) -> list:
    """`count` debts of MAX_EUROS each, but the last one a euro less."""
    amounts = [MAX_EUROS] * (count - 1) + [MAX_EUROS - 1]
    return [
        *requested(),
        *(event(DebtRecorded, debt_id=f"d{i}", amount=a) for i, a in enumerate(amounts)),
    ]


def test_huge_amounts_sum_exactly():
    """A hundred debts near ten million sum to the euro, as an int."""
    state = given(*huge_inventory())
    assert state.debt_total == 100 * MAX_EUROS - 1
    assert isinstance(state.debt_total, int)
    assert state.balance == 100 * MAX_EUROS - 1


def test_a_huge_total_equal_to_the_sum_completes_the_inventory():
    """The exact total of the huge inventory is accepted."""
    cmd = command(CompleteInventory, total=100 * MAX_EUROS - 1)
    [completed] = when(given(*huge_inventory()), cmd)
    assert isinstance(completed, DebtInventoryCompleted)
    assert completed.creditor_count == 100


def test_a_huge_total_one_euro_off_is_refused():
    """One euro off at a billion is still off: no rounding anywhere."""
    error = refusal(given(*huge_inventory()), command(CompleteInventory, total=100 * MAX_EUROS))
    assert error.field == "total"
    assert error.nl == ("Totaal 1000000000 is niet gelijk aan de som van de schulden (999999999)")


# --- counter-proposals --------------------------------------------------------------------------


def test_a_counter_proposal_carries_its_amount():
    """A creditor offering to settle d2 (500) for 350."""
    cmd = command(
        RecordCreditorResponse, debt_id="d2", response="tegenvoorstel", counter_amount=350
    )
    [response] = when(given(*proposed()), cmd)
    assert isinstance(response, CreditorResponded)
    assert response.counter_amount == 350
    after = given(*proposed(), response)
    assert dict(after.counter_amounts) == {"d2": 350}
    assert after.balance == 1500  # a counter-proposal is an offer, not a settlement


def test_a_counter_proposal_without_an_amount_is_refused():
    """Tegenvoorstel needs the amount the creditor offers, naming counter_amount."""
    cmd = command(RecordCreditorResponse, response="tegenvoorstel")
    error = refusal(given(*proposed()), cmd)
    assert error.field == "counter_amount"
    assert error.nl == "Een tegenvoorstel noemt een bedrag"


@pytest.mark.parametrize("response", ["akkoord", "weigering"])
def test_an_amount_without_a_counter_proposal_is_refused(response):
    """Only a counter-proposal names an amount."""
    cmd = command(RecordCreditorResponse, response=response, counter_amount=100)
    error = refusal(given(*proposed()), cmd)
    assert error.field == "counter_amount"


def test_a_counter_proposal_above_the_debt_is_refused():
    """A creditor cannot settle d2 (500) for more than it is owed."""
    cmd = command(
        RecordCreditorResponse, debt_id="d2", response="tegenvoorstel", counter_amount=501
    )
    error = refusal(given(*proposed()), cmd)
    assert error.field == "counter_amount"
    assert error.nl == "Het tegenvoorstel (501) is hoger dan de schuld (500)"
    assert "501" not in error.en


def test_a_counter_proposal_equal_to_the_debt_is_accepted():
    """The full amount is a (grudging) counter-proposal too."""
    cmd = command(
        RecordCreditorResponse, debt_id="d2", response="tegenvoorstel", counter_amount=500
    )
    assert when(given(*proposed()), cmd)


# --- the fund's amounts -------------------------------------------------------------------------


def test_a_write_off_above_what_the_fund_paid_is_refused():
    """The fund cannot write off more than it bought: nothing would be owed below zero."""
    cmd = command(TakeOverByFund, total_bought=1200, written_off=1201)
    error = refusal(given(*ready_for_fund()), cmd)
    assert error.field == "written_off"
    assert error.en == "The write-off exceeds what the fund paid"


def test_a_write_off_of_everything_leaves_nothing_owed():
    """Written off 1200 of 1200: 0 remains, not less."""
    cmd = command(TakeOverByFund, total_bought=1200, written_off=1200)
    [takeover] = when(given(*ready_for_fund()), cmd)
    assert isinstance(takeover, DebtTakenOverByFund)
    assert takeover.remaining_to_fund == 0
    assert given(*ready_for_fund(), takeover).balance == 0


def test_a_write_off_of_nothing_leaves_everything_owed_to_the_fund():
    """No write-off: what the fund paid is owed to it."""
    cmd = command(TakeOverByFund, total_bought=1200, written_off=0)
    [takeover] = when(given(*ready_for_fund()), cmd)
    assert given(*ready_for_fund(), takeover).balance == 1200


# --- settling: never more than is owed ----------------------------------------------------------


@pytest.mark.parametrize(("history", "owed"), [("inventoried", 1500), ("taken over", 400)])
def test_settling_more_than_is_owed_is_refused(history, owed):
    """One euro above the balance is refused on amount_settled."""
    state = given(*(inventoried() if history == "inventoried" else taken_over()))
    assert state.balance == owed
    error = refusal(state, command(SettleDebts, amount_settled=owed + 1))
    assert error.field == "amount_settled"
    assert error.nl == f"Er kan niet meer geregeld worden dan er openstaat ({owed})"
    assert error.en == "Settling more than is owed is refused"


@pytest.mark.parametrize("amount", [400, 1])
def test_settling_at_most_the_balance_makes_debt_free(amount):
    """The exact balance, or less (creditors accepted less): the balance is 0 after."""
    [settled_] = when(given(*taken_over()), command(SettleDebts, amount_settled=amount))
    after = given(*taken_over(), settled_)
    assert after.settled
    assert after.balance == 0
    assert after.owed_to_fund == 0


def test_with_everything_written_off_nothing_is_owed_and_settling_zero_makes_debt_free():
    """A full write-off owes nothing: one euro is more than is owed, zero ends in debt-free."""
    state = given(
        *ready_for_fund(), event(DebtTakenOverByFund, written_off=1200, remaining_to_fund=0)
    )
    error = refusal(state, command(SettleDebts, amount_settled=1))
    [settled] = when(state, command(SettleDebts, amount_settled=0))
    debt_free = given(
        *ready_for_fund(),
        event(DebtTakenOverByFund, written_off=1200, remaining_to_fund=0),
        settled,
    )
    assert error.field == "amount_settled"
    assert (debt_free.phase, debt_free.balance) == ("schuldenvrij", 0)
    assert when(debt_free, command(EndTrajectory, reason="afgerond"))


# --- revocation, before and after settlement ----------------------------------------------------


def test_a_revoked_write_off_is_owed_again():
    """Owed 400 to the fund; revoking the 800 write-off makes it 1200."""
    state = given(*taken_over(), event(WriteOffRevoked, reopened=800))
    assert state.balance == 1200
    assert state.owed_to_fund == 400


def test_a_revocation_after_settlement_reopens_the_write_off():
    """Debt-free, then the contract is broken: the 800 written off is owed again, not settled."""
    [revoked] = when(given(*settled()), command(RevokeWriteOff))
    assert isinstance(revoked, WriteOffRevoked)
    assert revoked.reopened == 800
    after = given(*settled(), revoked)
    assert not after.settled
    assert after.phase == "fonds"
    assert after.balance == 800  # the 400 owed to the fund was paid; only the write-off returns


def test_after_a_revocation_what_was_reopened_can_be_settled_but_not_more():
    """Settling the reopened 800 is accepted; 801 is more than is owed."""
    state = given(*settled(), event(WriteOffRevoked))
    error = refusal(state, command(SettleDebts, amount_settled=801))
    assert error.field == "amount_settled"
    [again] = when(state, command(SettleDebts, amount_settled=800))
    after = given(*settled(), event(WriteOffRevoked), again)
    assert after.settled
    assert after.balance == 0


def test_a_revocation_before_settlement_adds_to_what_is_settled():
    """Owed 400 plus the reopened 800: settling 1200 is accepted, 1201 is not."""
    state = given(*taken_over(), event(WriteOffRevoked))
    assert when(state, command(SettleDebts, amount_settled=1200))
    assert refusal(state, command(SettleDebts, amount_settled=1201)).field == "amount_settled"
