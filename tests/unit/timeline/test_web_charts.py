"""The report page's charts: accessible SVG drawn from a hand-made Report."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

from services.timeline.reports.model import (
    CohortTimes,
    MilestoneTime,
    PhaseCount,
    Report,
    ReportRow,
)
from services.timeline.reports.time_to_outcome import MILESTONES
from services.timeline.web.report_charts import charts, key_figures, month_label, months
from services.timeline.web.svg_charts import Chart, Series, nice_ceiling, render

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup) -> ET.Element:
    """Our own renderer's output, not untrusted input."""
    return ET.fromstring(str(markup))  # noqa: S314 - the SVG under test, made by us


def row(month, metric, count, dimension=None, programma="jpf"):
    return ReportRow(month=month, programma=programma, age_band="18-22", metric=metric,
                     dimension=dimension, count=count, total=None)  # fmt: skip


REPORT = Report(
    gemeentecode="0518",
    start=date(2025, 1, 1),
    end=date(2025, 3, 31),
    programma=None,
    age_band=None,
    rows=[
        row(date(2025, 1, 1), "aanmelding", 4),
        row(date(2025, 1, 1), "aanmelding", 2, programma="dtj"),
        row(date(2025, 3, 1), "aanmelding", 5),
        row(date(2025, 2, 1), "uitstroom", 3, "werk"),
        row(date(2025, 3, 1), "uitstroom", 1, "zorg"),
        row(date(2025, 3, 1), "uitstroom", 2, "werk"),
        row(date(2025, 2, 1), "termijn_gemist", 1, "eerste_gesprek"),
        row(date(2025, 3, 1), "termijn_gemist", 1, "doel", programma="dtj"),
        row(date(2025, 3, 1), "termijn_gehaald", 2, "toekomstplan"),
        # Re-derived from dates (report_deadlines), not what the timers recorded: not charted.
        row(date(2025, 1, 1), "wgs_termijn_overschreden", 1, "te_laat"),
        row(date(2025, 3, 1), "terugval", 2),
    ],
    phases=[PhaseCount(track="rodeloper", code="scan", count=7),
            PhaseCount(track="wonen", code="in_opvang", count=3)],
)  # fmt: skip


def by_key():
    return {c.key: c for c in charts(REPORT)}


def test_months_cover_the_period_and_read_dutch():
    """Every month from start to end, labelled as a Dutch reader abbreviates them."""
    assert months(date(2024, 11, 15), date(2025, 2, 1)) == [
        date(2024, 11, 1), date(2024, 12, 1), date(2025, 1, 1), date(2025, 2, 1)
    ]  # fmt: skip
    assert month_label(date(2025, 3, 1)) == "mrt '25"


def test_inflow_sums_the_cells_of_a_month_across_programmes():
    """January's aanmeldingen of two programmes add up; a month without any is zero."""
    inflow = by_key()["instroom"]
    assert inflow.categories == ("jan '25", "feb '25", "mrt '25")
    assert inflow.series[0].label == "Aanmeldingen"
    assert inflow.series[0].values == (6, 0, 5)


def test_outflow_groups_by_destination_largest_first():
    """Werk (3 + 2) before zorg (1), in Dutch."""
    outflow = by_key()["uitstroom"]
    assert outflow.categories == ("Werk", "Zorg")
    assert outflow.series[0].values == (5, 1)


def test_phases_deadlines_relapse_and_key_figures():
    """Stocks per phase by track; the timers' misses and met, relapse per month; the cards."""
    found = by_key()
    assert found["fasen"].categories == ("Rode loper: Scan", "Wonen: In de opvang")
    missed, met = found["termijnen"].series
    assert (missed.label, missed.values) == ("Termijn gemist", (0, 1, 1))
    assert (met.label, met.values) == ("Termijn gehaald", (0, 0, 2))
    assert found["terugval"].series[0].values == (0, 0, 2)
    assert [(k.label, k.value) for k in key_figures(REPORT)] == [
        ("Aanmeldingen", 11), ("Gestart in een programma", 0), ("Uitstroom", 6), ("Terugval", 2)
    ]  # fmt: skip


def test_every_chart_is_valid_svg_with_a_title_and_a_description_for_screen_readers():
    """role=img, labelled by its own <title> and <desc>; the desc holds the numbers."""
    for chart in charts(REPORT):
        svg = parse(render(chart))
        assert svg.get("role") == "img"
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert title.text == chart.title
        assert chart.description in desc.text
    inflow_desc = parse(render(by_key()["instroom"])).find(f"{SVG}desc").text
    assert "Aanmeldingen: jan '25: 6, mrt '25: 5, overige: 0;" in inflow_desc
    assert "Gestart in een programma: overal 0." in inflow_desc


def test_columns_are_as_tall_as_their_values_and_labelled():
    """A value twice another draws a column twice as tall; each carries its number."""
    chart = Chart("t", "Test", "Twee kolommen.", "kolommen", ("a", "b"),
                  (Series("Aantal", (2, 4)),), "x", "y")  # fmt: skip
    svg = parse(render(chart))
    heights = [float(r.get("height")) for r in svg.iter(f"{SVG}rect")]
    assert heights[1] == 2 * heights[0]
    assert [r.find(f"{SVG}title").text for r in svg.iter(f"{SVG}rect")] == [
        "Aantal, a: 2", "Aantal, b: 4"
    ]  # fmt: skip


def test_text_is_escaped_so_a_label_cannot_inject_markup():
    """A category with markup stays text."""
    chart = Chart("x", "<b>titel</b>", "d", "staven", ("<script>",), (Series("s", (1,)),), "", "")
    markup = str(render(chart))
    assert "<script>" not in markup
    assert "&lt;script&gt;" in markup
    parse(markup)


def test_a_chart_of_zeros_is_empty_and_axis_maxima_are_round():
    """Nothing to draw for only zeros; axes end on 1, 2 or 5 times a power of ten."""
    assert Chart("z", "t", "d", "lijnen", ("a",), (Series("s", (0,)),), "", "").empty
    assert [nice_ceiling(n) for n in (0, 3, 7, 11, 38, 120)] == [
        (1, 1),
        (3, 1),
        (8, 2),
        (15, 5),
        (40, 10),
        (150, 50),
    ]
    assert all(re.fullmatch(r"[125]0*", str(nice_ceiling(n)[1])) for n in range(1, 500))
    assert all(nice_ceiling(n)[0] >= n for n in range(1, 500))


def _cohort(grain, cohort, programma, medians):
    return CohortTimes(
        grain=grain, cohort=cohort, programma=programma, started=12,
        milestones=[
            MilestoneTime(milestone=code, reached=6 if days is not None else "<5",
                          median_days=days, p75_days=None if days is None else days + 10,
                          withheld=None if days is not None else "Niet gepubliceerd")
            for code, days in zip(MILESTONES, medians, strict=True)
        ],
    )  # fmt: skip


def test_time_to_outcome_is_a_chart_of_median_days_per_quarterly_cohort():
    """Issue 22 item 3: a column per milestone, per quarter; a withheld median draws nothing."""
    durations = [
        _cohort("maand", "2025-01", "jpf", [10, 40, None, None, None, None]),  # months: tables
        _cohort("kwartaal", "2025-K1", "jpf", [12.4, 41.6, None, 200, 90, None]),
        _cohort("kwartaal", "2025-K2", "jpf", [8, None, None, None, None, None]),
    ]
    found = {c.key: c for c in charts(REPORT.model_copy(update={"durations": durations}))}
    chart = found["doorlooptijd"]

    assert chart.categories == ("2025-K1", "2025-K2")
    assert [s.label for s in chart.series] == list(MILESTONES.values())
    first, plan = chart.series[0], chart.series[1]
    assert (first.values, plan.values) == ((12, 8), (42, "\u2013"))
    svg = parse(render(chart))
    assert "Eerste schuldhulpgesprek" in svg.find(f"{SVG}desc").text
    # Two programmes: each column names its programme too.
    other = _cohort("kwartaal", "2025-K1", "dtj", [5, None, None, None, None, None])
    both = charts(REPORT.model_copy(update={"durations": [*durations, other]}))
    assert {c.key: c for c in both}["doorlooptijd"].categories[-1] == "2025-K1 dtj"


def test_time_to_outcome_with_every_median_withheld_is_an_empty_chart():
    """Too few young people in every cohort: the page says so in words, no chart of dashes."""
    withheld = [_cohort("kwartaal", "2025-K1", "jpf", [None] * len(MILESTONES))]
    found = {c.key: c for c in charts(REPORT.model_copy(update={"durations": withheld}))}

    assert found["doorlooptijd"].empty
