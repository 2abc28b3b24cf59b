"""What funds pay for maatwerk trajectories: totals per calendar year, from fixed maatwerk.

Exact for the auditor; protected for policy staff (counts from 1 to 4 "<5", a complement
"x", an amount only beside a count of 5 or more); a year reads the same whatever period is
asked; an erased amount counts for nothing; an amount needs its fund and a fund its amount.
"""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from services.intake.domain.commands import ApplyCustomisation
from services.intake.domain.events import CustomisationApplied, YouthRegistered
from services.intake.maatwerk_budget import count_budgets, publish_budgets
from shared.personal_data import ERASED
from shared.rules import RuleViolationError
from tests.unit.intake.givens import command, event, given, when

Y = uuid.UUID("00000000-0000-4000-8000-0000000000b7")


def applied(on: str, fund: str | None, amount: object) -> CustomisationApplied:
    day = date.fromisoformat(on)
    return CustomisationApplied(youth_id=Y, rule="kostendelersnorm", rationale="r",
                                applied_on=day, fund=fund, amount=amount)  # fmt: skip


# 2025: the Kansfonds pays six trajectories, another fund two; 2026: the Kansfonds one.
EVENTS = [
    *(applied(f"2025-0{m}-10", "kansfonds", 10_000 + 1_000 * m) for m in range(1, 7)),
    applied("2025-03-01", "ander_fonds", 4_000),
    applied("2025-08-01", "ander_fonds", 6_000),
    applied("2025-09-01", None, None),  # maatwerk no fund pays: no trajectory of a fund
    applied("2025-10-01", "kansfonds", ERASED),  # erased: its amount is gone, so is it
    applied("2026-02-01", "kansfonds", 12_500),
]


def shown(rows):
    return [(r.year, r.fund, r.trajectories, r.total_euros, r.mean_euros, r.withheld)
            for r in rows]  # fmt: skip


def test_the_auditor_reads_every_total_exactly():
    counted = count_budgets(EVENTS, first_year=2025, last_year=2026)
    assert shown(publish_budgets(counted, None)) == [
        (2025, "ander_fonds", 2, 10_000, 5_000, None),
        (2025, "kansfonds", 6, 81_000, 13_500, None),
        (2025, "alle", 8, 91_000, 11_375, None),
        (2026, "kansfonds", 1, 12_500, 12_500, None),
        (2026, "alle", 1, 12_500, 12_500, None),
    ]


def test_policy_staff_read_amounts_only_beside_a_count_above_the_threshold():
    counted = count_budgets(EVENTS, first_year=2025, last_year=2026)
    # The 2 is "<5"; the 6 is hidden beside it (8 - 6 would give the 2 away), and its amount
    # with it (91,000 - 81,000 would give the 10,000 away); the 8 and its total stand.
    assert shown(publish_budgets(counted, 4)) == [
        (2025, "ander_fonds", "<5", None, None, "Niet gepubliceerd: <5 trajecten."),
        (2025, "kansfonds", "x", None, None, "Niet gepubliceerd: afgeschermd."),
        (2025, "alle", 8, 91_000, 11_375, None),
        (2026, "kansfonds", "<5", None, None, "Niet gepubliceerd: <5 trajecten."),
        (2026, "alle", "<5", None, None, "Niet gepubliceerd: <5 trajecten."),
    ]


def test_a_year_reads_the_same_whatever_period_is_asked():
    alone = publish_budgets(count_budgets(EVENTS, first_year=2025, last_year=2025), 4)
    both = publish_budgets(count_budgets(EVENTS, first_year=2025, last_year=2026), 4)
    assert shown(alone) == [row for row in shown(both) if row[0] == 2025]


def test_an_amount_needs_its_fund_and_a_fund_its_amount():
    youth = given(event(YouthRegistered, Y))
    paid = when(youth, command(ApplyCustomisation, Y, fund="kansfonds", amount=10_000))
    assert (paid[0].fund, paid[0].amount) == ("kansfonds", 10_000)
    for changes, field in (({"fund": "kansfonds"}, "amount"), ({"amount": 10_000}, "fund")):
        with pytest.raises(RuleViolationError) as refused:
            when(youth, command(ApplyCustomisation, Y, **changes))
        assert refused.value.field == field
        assert refused.value.en
