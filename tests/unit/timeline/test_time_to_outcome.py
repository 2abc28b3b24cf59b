"""Time to outcome per enrolment cohort from a fixed fact table: exact, and protected."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from services.timeline.reports.published import Cut, Facts, publish
from services.timeline.reports.spreadsheet import report_csv
from services.timeline.reports.time_to_outcome import (
    HIDDEN,
    MILESTONES,
    DurationFact,
    percentile,
    publish_durations,
    quarter_of,
)
from services.timeline.reports.workbook import report_xlsx

JAN, FEB, APR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 4, 1)
FACTS = [
    DurationFact(JAN, "jpf", "18-22", 10, {"toekomstplan": (2, 4, 6, 8, 10, 12, 14),
                                           "eerste_gesprek": (3, 9)}),
    DurationFact(JAN, "dtj", "18-22", 3, {"gehuisvest": (20, 30, 40)}),
    DurationFact(FEB, "jpf", "18-22", 6, {"toekomstplan": (2, 4, 6, 8, 10, 12)}),
    DurationFact(FEB, "jpf", "23-27", 1, {"uitval": (5,)}),
    DurationFact(APR, "jpf", "18-22", 8, {"toekomstplan": (30, 10, 20, 40, 50)}),
]  # fmt: skip


def table(threshold, programma=None, age_band=None):
    """(grain, cohort, programma) -> (started, {milestone: (reached, median, p75, withheld)})."""
    found = publish_durations(FACTS, programma=programma, age_band=age_band, threshold=threshold)
    return {
        (c.grain, c.cohort, c.programma): (c.started, {
            m.milestone: (m.reached, m.median_days, m.p75_days, m.withheld)
            for m in c.milestones if m.reached != 0})
        for c in found
    }  # fmt: skip


@pytest.mark.parametrize(
    ("days", "median", "p75"),
    [
        ([], None, None),
        ([5], 5, 5),
        ([10, 20], 15, 17.5),
        ([30, 0, 14, 7], 10.5, 18),  # unsorted; p75 at rank 2.25: 14 + 0.25 * 16
        ([1, 2, 3, 4, 100], 3, 4),
        ([2, 4, 6, 8, 10, 12, 14], 8, 11),
    ],
)
def test_median_and_75th_percentile_of_known_day_lists(days, median, p75):
    """Linear interpolation between closest ranks, as Excel's PERCENTILE.INC; None if empty."""
    assert (median, p75) == (percentile(days, 0.5), percentile(days, 0.75))


def test_a_cohort_month_falls_in_its_quarter():
    """January to March is K1, October to December K4."""
    assert [quarter_of(m) for m in ("2026-01", "2026-03", "2026-04", "2026-12")] == [
        "2026-K1",
        "2026-K1",
        "2026-K2",
        "2026-K4",
    ]


def test_the_auditor_reads_every_count_and_every_median_per_month_and_quarter():
    """Exact counts; the quarter pools its months' days, whatever the age band."""
    expected = {
        ("maand", "2026-01", "dtj"): (3, {"gehuisvest": (3, 30, 35, None)}),
        ("maand", "2026-01", "jpf"): (10, {"toekomstplan": (7, 8, 11, None),
                                           "eerste_gesprek": (2, 6, 7.5, None)}),
        ("maand", "2026-02", "jpf"): (7, {"toekomstplan": (6, 7, 9.5, None),
                                          "uitval": (1, 5, 5, None)}),
        ("maand", "2026-04", "jpf"): (8, {"toekomstplan": (5, 30, 40, None)}),
        ("kwartaal", "2026-K1", "dtj"): (3, {"gehuisvest": (3, 30, 35, None)}),
        ("kwartaal", "2026-K1", "jpf"): (17, {"toekomstplan": (13, 8, 10, None),
                                              "eerste_gesprek": (2, 6, 7.5, None),
                                              "uitval": (1, 5, 5, None)}),
        ("kwartaal", "2026-K2", "jpf"): (8, {"toekomstplan": (5, 30, 40, None)}),
    }  # fmt: skip
    assert expected == table(None)


def test_a_median_over_a_hidden_or_small_count_is_null_with_its_reason():
    """Counts protected as one cube; a median only over a published count above 4."""
    small = "Niet gepubliceerd: <5 jongeren."
    expected = {
        ("maand", "2026-01", "dtj"): ("<5", {"gehuisvest": ("<5", None, None, small)}),
        ("maand", "2026-01", "jpf"): ("x", {"toekomstplan": (7, 8, 11, None),
                                            "eerste_gesprek": ("<5", None, None, small)}),
        ("maand", "2026-02", "jpf"): ("x", {"toekomstplan": (6, 7, 9.5, None),
                                            "uitval": ("<5", None, None, small)}),
        ("maand", "2026-04", "jpf"): ("x", {"toekomstplan": (5, 30, 40, None)}),
        ("kwartaal", "2026-K1", "dtj"): ("<5", {"gehuisvest": ("<5", None, None, small)}),
        ("kwartaal", "2026-K1", "jpf"): ("x", {"toekomstplan": (13, 8, 10, None),
                                               "eerste_gesprek": ("<5", None, None, small),
                                               "uitval": ("<5", None, None, small)}),
        ("kwartaal", "2026-K2", "jpf"): ("x", {"toekomstplan": (5, 30, 40, None)}),
    }  # fmt: skip
    found = table(4)
    assert expected == found
    # No median anywhere of a count that is not published or is at most the threshold.
    for _started, times in found.values():
        for reached, median, p75, withheld in times.values():
            shown = isinstance(reached, int) and reached > 4
            assert (median is not None, p75 is not None, withheld is None) == (shown,) * 3


def test_a_median_over_a_count_hidden_beside_a_small_one_is_null_though_it_is_large():
    """7 beside 1 in one equation: the 7 is hidden too ("x"), and so is its median."""
    facts = [
        DurationFact(JAN, "jpf", "18-22", 9, {"toekomstplan": (2, 4, 6, 8, 10, 12, 14)}),
        DurationFact(JAN, "dtj", "18-22", 9, {"toekomstplan": (1,)}),
    ]
    [dtj, jpf, *_] = publish_durations(facts, programma=None, age_band=None, threshold=4)
    plan = {c.programma: c.milestones[1] for c in (dtj, jpf)}
    assert (
        plan["jpf"].milestone, plan["jpf"].reached, plan["jpf"].median_days,
        plan["jpf"].p75_days, plan["jpf"].withheld,
    ) == ("toekomstplan", "x", None, None, HIDDEN)  # fmt: skip
    assert (plan["dtj"].reached, plan["dtj"].median_days) == ("<5", None)
    exact = publish_durations(facts, programma="jpf", age_band=None, threshold=None)
    assert (exact[0].milestones[1].reached, exact[0].milestones[1].median_days,
                          exact[0].milestones[1].p75_days) == (7, 8, 11)  # fmt: skip


def test_a_cut_reads_cells_of_the_same_protected_cubes():
    """One programme's or one age band's rows carry the counts the whole report shows."""
    everything = table(4)
    only_jpf = table(4, programma="jpf")
    assert {k: v for k, v in everything.items() if k[2] == "jpf"} == only_jpf
    band = table(4, age_band="23-27")
    assert {("maand", "2026-02", "jpf"), ("kwartaal", "2026-K1", "jpf")} == set(band)
    assert band["maand", "2026-02", "jpf"] == (
        "<5",
        {"uitval": ("<5", None, None, "Niet gepubliceerd: <5 jongeren.")},
    )


def test_every_milestone_is_published_for_every_cohort_in_its_order():
    """Unreached milestones too, as 0 with no median and the reason that no one reached it."""
    [first, *_] = publish_durations(FACTS, programma="dtj", age_band=None, threshold=None)
    assert list(MILESTONES) == [m.milestone for m in first.milestones]
    [housed] = [m for m in first.milestones if m.milestone == "gehuisvest"]
    [debt_free] = [m for m in first.milestones if m.milestone == "schuldenvrij"]
    assert (housed.reached, housed.median_days, housed.p75_days) == (3, 30, 35)
    assert (
        debt_free.reached, debt_free.median_days, debt_free.withheld
    ) == (0, None, "Niemand uit dit cohort bereikte dit (nog).")  # fmt: skip


def exported(threshold):
    """The fixed table as a report of the whole municipality, January to April 2026."""
    return publish(Facts(durations=FACTS), gemeentecode="0518", start=JAN, end=date(2026, 4, 30),
                   cut=Cut(), threshold=threshold)  # fmt: skip


def test_the_csv_carries_counts_and_days_with_a_decimal_comma_and_the_reasons():
    """Per cohort and programme: started, and per milestone reached, median and p75 days."""
    rows = list(csv.reader(io.StringIO(report_csv(exported(4)).removeprefix("\ufeff")),
                           delimiter=";"))  # fmt: skip
    jan = [r for r in rows if r[:3] == ["doorlooptijd", "2026-01", "jpf"]]
    assert jan[0][4:8] == ["gestart", "Gestart in het programma", "", "x"]
    plan = [r[4:8] for r in jan if r[6] == "toekomstplan"]
    assert plan == [
        ["bereikt", "Toekomstplan afgesproken: bereikt", "toekomstplan", "7"],
        ["mediaan_dagen", "Toekomstplan afgesproken: mediaan dagen", "toekomstplan", "8"],
        ["p75_dagen", "Toekomstplan afgesproken: 75e percentiel dagen", "toekomstplan", "11"],
    ]
    talk = [r[4:8] for r in jan if r[6] == "eerste_gesprek"]
    assert talk[1] == [
        "mediaan_dagen", ("Eerste schuldhulpgesprek: mediaan dagen (Niet gepubliceerd: <5"
        " jongeren.)"), "eerste_gesprek", ""]  # fmt: skip
    exact = list(csv.reader(io.StringIO(report_csv(exported(None))), delimiter=";"))
    assert [r[:5] for r in exact if r[1:3] == ["2026-01", "jpf"] and r[6] == "eerste_gesprek"][
        2
    ] == ["doorlooptijd", "2026-01", "jpf", "", "p75_dagen"]
    assert [r[7] for r in exact if r[1:3] == ["2026-01", "jpf"] and r[6] == "eerste_gesprek"] == [
        "2", "6", "7,5"]  # fmt: skip


def test_the_spreadsheet_has_a_sheet_of_days_per_cohort_and_milestone():
    """Numbers as numbers; a withheld median empty, with its reason beside it."""
    book = load_workbook(io.BytesIO(report_xlsx(exported(4))), read_only=True)
    rows = [tuple(r) for r in book["Doorlooptijd per cohort"].iter_rows(values_only=True)]
    assert rows[6] == ("cohort per", "cohort", "programma", "gestart", "mijlpaal", "bereikt",
                       "mediaan dagen", "75e percentiel dagen", "toelichting")  # fmt: skip
    assert ("maand", "2026-01", "jpf", "x", "Toekomstplan afgesproken", 7, 8, 11, None) in rows
    assert ("kwartaal", "2026-K1", "jpf", "x", "Eerste schuldhulpgesprek", "<5", None, None,
            "Niet gepubliceerd: <5 jongeren.") in rows  # fmt: skip
    exact = load_workbook(io.BytesIO(report_xlsx(exported(None))), read_only=True)
    found = [tuple(r) for r in exact["Doorlooptijd per cohort"].iter_rows(values_only=True)]
    assert ("maand", "2026-01", "jpf", 10, "Eerste schuldhulpgesprek", 2, 6, 7.5, None) in found
