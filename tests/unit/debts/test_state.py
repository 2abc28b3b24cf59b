"""Folding events into the trajectory: phases, amounts and hours the rules and views rely on."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from services.debts.domain.commands import EndTrajectory, RecordDebt
from services.debts.domain.events import (
    CATALOGUE,
    CounterpartHoursLogged,
    CreditorResponded,
    DebtHelpRequested,
    DebtInventoryCompleted,
    DebtRecorded,
    DebtsSettled,
    DebtTakenOverByFund,
    DebtTrajectoryEnded,
    FirstConversationHeld,
    WriteOffRevoked,
)
from services.debts.domain.model import (
    EVOLVERS,
    ErasedError,
    FrozenMap,
    Trajectory,
    evolve,
)
from services.debts.domain.rules import DECIDERS
from shared.events import DomainEvent
from shared.integrity import IntegrityEvents
from shared.personal_data import ERASED
from tests.unit.debts.givens import (
    START,
    TRAJECTORY,
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
    with_debts,
)


def test_every_event_of_the_catalogue_folds_and_every_command_has_rules():
    """The registries cover the published contract: 16 events, 16 commands."""
    # The integrity events live in the service's own integrity stream, never a young person's.
    assert set(EVOLVERS) == {e for e in CATALOGUE if not issubclass(e, IntegrityEvents)}
    assert len(DECIDERS) == 16


def test_nothing_requested_is_phase_geen():
    """The empty state knows no trajectory."""
    state = Trajectory()
    assert (state.phase, state.open, state.balance, state.debt_total) == ("geen", False, 0, 0)


@pytest.mark.parametrize(
    ("history", "phase"),
    [
        (requested(), "aangemeld"),
        ([*requested(), event(FirstConversationHeld)], "inventarisatie"),
        ([*requested(), event(DebtRecorded)], "inventarisatie"),
        (with_debts(), "inventarisatie"),
        (inventoried(), "schuldregeling"),
        (proposed(), "schuldregeling"),
        (ready_for_fund(), "schuldregeling"),
        (taken_over(), "fonds"),
        (counterpart_done(), "fonds"),
        (settled(), "schuldenvrij"),
        ([*settled(), event(WriteOffRevoked)], "fonds"),
        ([*settled(), event(DebtTrajectoryEnded, reason="afgerond")], "beeindigd"),
        ([*requested(), event(DebtTrajectoryEnded, reason="zelf")], "beeindigd"),
        ([*ready_for_fund(), event(DebtsSettled, amount_settled=1500)], "schuldenvrij"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_the_phase_follows_from_the_facts(history, phase):
    """Each phase is derived from what happened; nothing stores it."""
    assert given(*history).phase == phase


def test_a_whole_trajectory_folds_into_the_state():
    """Each event leaves its mark: dates, debts, answers, hours and the fund's amounts."""
    state = given(*counterpart_done())
    assert state == Trajectory(
        open=True,
        trajectory_id=TRAJECTORY,
        requested_on=START,
        crisis=False,
        in_fund=True,
        first_conversation_due=START + timedelta(days=28),
        first_conversation_on=START,
        debts=FrozenMap({"d1": 1000, "d2": 500}),
        inventory_total=1500,
        settlement_kind="schuldbemiddeling",
        responses=FrozenMap({"d1": "akkoord", "d2": "tegenvoorstel"}),
        counter_amounts=FrozenMap({"d2": 400}),
        counterpart_hours=40,
        hours_done=40,
        counterpart_completed=True,
        taken_over=True,
        written_off=800,
        owed_to_fund=400,
    )
    assert (state.debt_total, state.hours_left, state.balance) == (1500, 0, 400)


def test_the_state_is_a_hashable_value():
    """Equal histories fold into equal states with equal hashes, whatever the map order."""
    first = given(*ready_for_fund())
    second = given(*ready_for_fund())
    assert first == second
    assert hash(first) == hash(second)
    assert FrozenMap({"a": 1, "b": 2}) == FrozenMap({"b": 2, "a": 1})
    assert hash(FrozenMap({"a": 1, "b": 2})) == hash(FrozenMap({"b": 2, "a": 1}))
    assert len({first, second}) == 1


def test_hours_left_counts_down():
    """40 agreed, 25 done: 15 left."""
    state = given(*taken_over(), event(CounterpartHoursLogged, hours=25))
    assert (state.counterpart_hours, state.hours_done, state.hours_left) == (40, 25, 15)


@pytest.mark.parametrize(
    ("history", "balance"),
    [
        (with_debts(), 1500),
        (ready_for_fund(), 1500),
        (taken_over(), 400),
        ([*taken_over(), event(WriteOffRevoked)], 1200),
        (settled(), 0),
        ([*settled(), event(WriteOffRevoked)], 800),
    ],
    ids=["debts", "answered", "taken over", "revoked", "settled", "revoked after settlement"],
)
def test_the_balance_is_what_is_still_owed(history, balance):
    """Debts before the fund, the fund's remainder after it plus a revoked write-off; 0 settled."""
    assert given(*history).balance == balance


def test_an_event_debts_does_not_know_leaves_the_state_as_it_is():
    """Another service's events pass by."""
    state = given(*proposed())

    class Elsewhere(DomainEvent):
        name = "elsewhere"

        trajectory_id: uuid.UUID

    assert evolve(state, Elsewhere(trajectory_id=TRAJECTORY)) == state


def test_an_event_of_another_trajectory_leaves_the_state_as_it_is():
    """A late event of an earlier trajectory does not leak into the current one."""
    state = given(*with_debts())
    stray = event(DebtRecorded, trajectory_id=uuid.uuid4(), debt_id="d7", amount=99)
    assert evolve(state, stray) == state


def test_a_new_request_resets_the_state():
    """The second trajectory starts empty, with its own id and deadline."""
    second = uuid.uuid4()
    state = given(
        *settled(),
        event(DebtTrajectoryEnded, reason="afgerond"),
        event(DebtHelpRequested, trajectory_id=second, crisis=True),
    )
    assert state.trajectory_id == second
    assert state.crisis
    assert state.ended_reason is None
    assert dict(state.debts) == {}
    assert state.phase == "aangemeld"


def test_the_end_keeps_the_facts_and_the_reason():
    """An ended trajectory still says what happened in it (for reports)."""
    state = given(*taken_over(), event(DebtTrajectoryEnded, reason="ingetrokken"))
    assert not state.open
    assert state.ended_reason == "ingetrokken"
    assert state.debt_total == 1500
    assert state.taken_over


# --- erasure ------------------------------------------------------------------------------------


def erased_history() -> list:
    """The trajectory after the young person's key was destroyed: amounts read ERASED."""
    return [
        *requested(),
        event(DebtRecorded, debt_id="d1", amount=ERASED, creditor_name=ERASED),
        event(DebtInventoryCompleted, total=ERASED, creditor_count=1),
        event(CreditorResponded, debt_id="d1", response="tegenvoorstel", counter_amount=ERASED),
        event(
            DebtTakenOverByFund, total_bought=ERASED, written_off=ERASED, remaining_to_fund=ERASED
        ),
    ]


def test_erased_amounts_fold_as_zero_and_are_marked():
    """The state still folds: the facts stay, the amounts read 0 and `amounts_erased` is set."""
    state = given(*erased_history())
    assert state.amounts_erased
    assert dict(state.debts) == {"d1": 0}
    assert dict(state.counter_amounts) == {"d1": 0}
    assert (state.inventory_total, state.written_off, state.owed_to_fund) == (0, 0, 0)
    assert state.phase == "fonds"
    assert state.balance == 0


@pytest.mark.parametrize("cmd", [command(RecordDebt), command(EndTrajectory)], ids=str)
def test_after_erasure_no_command_is_heard(cmd):
    """Rules about amounts cannot be checked once the amounts are gone: a conflict."""
    error = refusal(given(*erased_history()), cmd)
    assert isinstance(error, ErasedError)
    assert error.nl == "De bedragen van dit schuldhulptraject zijn vernietigd"
