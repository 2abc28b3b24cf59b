"""Income's counts outside the auditor: small cells protected, complements too, per figure."""

from __future__ import annotations

from datetime import date

from services.income.figures import protect_distribution, protect_report, threshold_for
from services.income.projections.benefits import Share
from services.income.report import BijstandReport

TABLE = [
    Share(status="aangevraagd", norm=None, count=6),
    Share(status="beeindigd", norm="alleenstaand", count=30),
    Share(status="beeindigd", norm="kostendeler", count=9),
    Share(status="lopend", norm="alleenstaand", count=40),
    Share(status="lopend", norm="kostendeler", count=12),
    Share(status="opgeschort", norm="alleenstaand", count=2),
    Share(status="opgeschort", norm="kostendeler", count=7),
]


def test_the_auditor_reads_exact_counts_and_anyone_else_the_threshold():
    """Only the auditor is exempt; the inkomensconsulent and policy staff are not."""
    assert threshold_for(frozenset({"auditor"}), 4) is None
    assert threshold_for(frozenset({"inkomensconsulent"}), 4) == 4
    assert threshold_for(frozenset({"beleidsmedewerker", "klantmanager"}), 7) == 7


def test_the_distribution_hides_a_small_cell_and_its_complement():
    """2 suspended reads "<5"; its row, its column and theirs in turn hide one more each."""
    shown = protect_distribution(TABLE, threshold=4)
    assert [(s.status, s.norm, s.count) for s in shown] == [
        ("aangevraagd", None, 6),
        ("beeindigd", "alleenstaand", "x"),  # else 72 alleenstaand - 40 - 30 gives the 2
        ("beeindigd", "kostendeler", "x"),  # else 39 ended - 9 gives the 30
        ("lopend", "alleenstaand", 40),
        ("lopend", "kostendeler", 12),
        ("opgeschort", "alleenstaand", "<5"),
        ("opgeschort", "kostendeler", "x"),  # else 9 suspended - 7 gives the 2
    ]
    assert [s.count for s in TABLE] == [6, 30, 9, 40, 12, 2, 7]  # the exact table is unchanged


def test_a_distribution_without_small_cells_is_published_exactly():
    """Nothing from 1 to 4, nothing hidden; 0 is 0."""
    exact = [Share(status="lopend", norm="alleenstaand", count=5),
             Share(status="opgeschort", norm="alleenstaand", count=0)]  # fmt: skip
    assert [s.count for s in protect_distribution(exact, threshold=4)] == [5, 0]


def report(**figures) -> BijstandReport:
    return BijstandReport(
        gemeentecode="0518", start=date(2026, 1, 1), end=date(2026, 12, 31), **figures
    )


def test_the_bijstand_report_protects_each_figure_with_its_total():
    """Outflow by reason with its total, the stock split at two years, allowances per kind."""
    exact = report(
        inflow=3, outflow=33, outflow_by_reason={"opleiding": 2, "werk": 31},
        on_bijstand_at_end=30, long_term_at_end=28,
        allowances_granted={"huurtoeslag": 9, "zorgtoeslag": 1},
    )  # fmt: skip
    shown = protect_report(exact, threshold=4)
    assert (shown.inflow, shown.outflow, shown.outflow_by_reason) == (
        "<5",
        33,
        {"opleiding": "<5", "werk": "x"},  # else 33 - 31 gives 2
    )
    # 30 on bijstand, 28 of them long: the 2 not long is a small cell, so one more is hidden
    assert (shown.on_bijstand_at_end, shown.long_term_at_end) == (30, "x")
    assert shown.allowances_granted == {"huurtoeslag": "x", "zorgtoeslag": "<5"}
    assert "<5" in str(shown.suppression)
    assert exact.suppression is None  # the auditor's report states no rule: it is exact


def test_a_report_with_nothing_small_or_nothing_at_all_stays_exact():
    """Zeros and large counts pass unchanged; no outflow is an outflow of 0."""
    exact = report(inflow=0, outflow=0, outflow_by_reason={}, on_bijstand_at_end=12,
                   long_term_at_end=6, allowances_granted={})  # fmt: skip
    shown = protect_report(exact, threshold=4)
    assert (shown.inflow, shown.outflow, shown.on_bijstand_at_end, shown.long_term_at_end) == (
        0,
        0,
        12,
        6,
    )
