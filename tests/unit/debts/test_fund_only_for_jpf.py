"""The Jongeren Perspectief Fonds is a programme: its counterpart and takeover are for jpf only.

A trajectory learns it from intake's jpf enrolment (the `JpfDebtHelp` policy asks for debt
help with `programma: jpf`); any other trajectory is plain Wgs debt help, which the fund's
commands refuse with a bilingual 422 on `programma`. Reports count the fund's figures from
those events, so they count jpf young people only.
"""

from __future__ import annotations

import pytest

from services.debts.domain.commands import AgreeCounterpart, RequestDebtHelp, TakeOverByFund
from services.debts.domain.events import CATALOGUE, DebtHelpRequested, TrajectoryJoinedFund
from services.debts.domain.model import AlreadyDoneError
from tests.unit.debts.givens import (
    TODAY,
    command,
    event,
    given,
    proposed,
    ready_for_fund,
    refusal,
    when,
)

NOT_IN_FUND = (
    "Het Jongeren Perspectief Fonds is alleen voor jongeren in het programma jpf",
    "The Jongeren Perspectief Fonds is only for young people in the jpf programme",
)


def outside_the_fund(events):
    """The same history, but the trajectory was opened without a jpf enrolment."""
    return [event(DebtHelpRequested, programma=None), *events[1:]]


def test_a_trajectory_opened_for_jpf_remembers_it_and_another_does_not():
    """The request's programme is what the fund's rules read later."""
    [for_fund] = when(given(), command(RequestDebtHelp, programma="jpf"))
    [plain] = when(given(), command(RequestDebtHelp))
    assert (for_fund.programma, plain.programma) == ("jpf", None)
    assert given(for_fund).in_fund
    assert not given(plain).in_fund


@pytest.mark.parametrize(
    ("history", "cmd"),
    [(proposed, AgreeCounterpart), (ready_for_fund, TakeOverByFund)],
    ids=["counterpart", "takeover"],
)
def test_the_funds_commands_are_refused_outside_jpf_on_programma(history, cmd):
    """Everything else ready, the young person not in jpf: refused, in Dutch and English."""
    error = refusal(given(*outside_the_fund(history())), command(cmd))
    assert (error.nl, error.en, error.field) == (*NOT_IN_FUND, "programma")


@pytest.mark.parametrize(
    ("history", "cmd"),
    [(proposed, AgreeCounterpart), (ready_for_fund, TakeOverByFund)],
    ids=["counterpart", "takeover"],
)
def test_the_funds_commands_are_accepted_in_jpf(history, cmd):
    """The same history opened for a jpf enrolment goes through."""
    assert len(when(given(*history()), command(cmd))) == 1


def test_a_request_stored_before_the_field_existed_is_not_the_funds():
    """Stored without `programma`, it reads as plain debt help: the fund's rules refuse."""
    stored = event(DebtHelpRequested).model_dump(mode="json", exclude={"programma"})
    cls, data = CATALOGUE.current(CATALOGUE.type_name(DebtHelpRequested), 1, stored)
    old = cls.model_validate(data)
    error = refusal(given(old, *proposed()[1:]), command(AgreeCounterpart))
    assert error.field == "programma"


def test_a_jpf_enrolment_while_debt_help_is_open_brings_that_trajectory_into_the_fund():
    """A crisis opened first, the jpf enrolment later: the fund takes that trajectory on."""
    plain = outside_the_fund(proposed())
    [joined] = when(given(*plain), command(RequestDebtHelp, programma="jpf"))
    assert joined == TrajectoryJoinedFund(
        youth_id=joined.youth_id, trajectory_id=given(*plain).trajectory_id, joined_on=TODAY
    )
    assert len(when(given(*plain, joined), command(AgreeCounterpart))) == 1


def test_a_trajectory_already_in_the_fund_joins_it_only_once():
    """A second jpf enrolment (or its redelivery) is "already so", as any second request."""
    with pytest.raises(AlreadyDoneError):
        when(given(*proposed()), command(RequestDebtHelp, programma="jpf"))
