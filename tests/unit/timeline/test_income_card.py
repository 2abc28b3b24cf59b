"""The income line on a young person's page: "Bijstand sinds maart 2024, 2 jaar en 8 maanden"."""

from __future__ import annotations

from datetime import date

import pytest

from services.timeline.read_model.access import Viewer
from services.timeline.read_model.summary import RULES, describe, years_and_months
from services.timeline.web.labels import badge, domain_label
from tests.unit.timeline.test_access import consent, verdict

INCOME = "nl.regie.income."


def test_on_bijstand_since_the_grant_counts_years_and_months_when_read():
    """Granted from 12 March 2024, read on 22 November 2026: two years and eight months."""
    status = RULES[f"{INCOME}benefit-granted"](
        {"from_on": "2024-03-12", "norm": "alleenstaand"}, {}
    )
    assert (status.code, status.label, status.since) == (
        "bijstand", "Bijstand sinds maart 2024", "2024-03-12",
    )  # fmt: skip
    shown = describe(status.code, status.label, date(2024, 3, 12), date(2026, 11, 22))
    assert shown == "Bijstand sinds maart 2024, 2 jaar en 8 maanden"
    assert badge(status.code) == ("Bijstand", "let-op")


def test_a_resumed_benefit_keeps_its_first_day_and_an_ended_one_says_why():
    """Suspended then resumed: still on bijstand since the grant; ended for work: out of it."""
    granted = RULES[f"{INCOME}benefit-granted"]({"from_on": "2025-06-01"}, {})
    paused = RULES[f"{INCOME}benefit-suspended"]({"suspended_on": "2026-01-05"}, granted.detail)
    resumed = RULES[f"{INCOME}benefit-resumed"]({"resumed_on": "2026-02-01"}, paused.detail)
    ended = RULES[f"{INCOME}benefit-ended"]({"reason": "werk", "ended_on": "2026-10-31"}, {})
    assert (paused.code, resumed.label, resumed.since) == (
        "bijstand_opgeschort", "Bijstand sinds juni 2025", "2025-06-01",
    )  # fmt: skip
    assert (ended.code, ended.label) == ("bijstand_beeindigd", "Bijstand beëindigd (werk)")
    assert domain_label("income") == "Inkomen"


@pytest.mark.parametrize(
    ("since", "today", "text"),
    [
        (date(2026, 8, 22), date(2026, 11, 22), "3 maanden"),
        (date(2026, 11, 1), date(2026, 11, 22), "0 maanden"),
        (date(2025, 11, 22), date(2026, 11, 22), "1 jaar"),
        (date(2024, 5, 23), date(2026, 11, 22), "2 jaar en 5 maanden"),
        (date(2025, 10, 22), date(2026, 11, 22), "1 jaar en 1 maand"),
    ],
)
def test_years_and_months_count_whole_months(since, today, text):
    """Whole months only; a year without months says just the years."""
    assert years_and_months(since, today) == text


def test_the_inkomensconsulent_sees_income_only_and_the_director_on_consent_for_financien():
    """Income entries are the inkomensconsulent's; a consent to financien opens them."""
    consultant = Viewer("i-1", frozenset({"inkomensconsulent"}), "0518")
    assert verdict(consultant, domain="income", director=None) == "toon"
    assert verdict(consultant, domain="debts", director=None) == "verborgen"
    assert verdict(domain="income") == "afgeschermd"
    assert verdict(domain="income", consents=[consent(("financien",))]) == "toon"
