"""From a `Report` to the charts and key figures of the report page."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from services.timeline.read_model.vocabularies import COACHING_DESTINATIONS
from services.timeline.reports.model import METRICS, ReportTotal
from services.timeline.reports.time_to_outcome import MILESTONES, QUARTER
from services.timeline.web.labels import badge, humanise
from services.timeline.web.svg_charts import Chart, Series, magnitude

if TYPE_CHECKING:
    from services.timeline.reports.model import Report
    from shared.figures.suppression import Figure

MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
TRACKS = {"rodeloper": "Rode loper", "schulden": "Schulden", "wonen": "Wonen"}
INFLOW = ("aanmelding", "inschrijving", "start_programma")
# Deadlines as the timers recorded them (reports/awaited.py), as the signals and timeline show.
DEADLINES = ("termijn_gemist", "termijn_gehaald")
KEY_FIGURES = ("aanmelding", "start_programma", "uitstroom", "terugval")


@dataclass(frozen=True)
class KeyFigure:
    """One number over the whole period, above the charts."""

    label: str
    value: Figure


def months(start: date, end: date) -> list[date]:
    """The first day of every month from `start`'s to `end`'s, both included."""
    first = start.year * 12 + start.month - 1
    last = end.year * 12 + end.month - 1
    # Counted by index, so December 9999 ends the list instead of asking for year 10000.
    return [date(index // 12, index % 12 + 1, 1) for index in range(first, last + 1)]


def month_label(month: date) -> str:
    """`jan '25`: short enough for twelve under one axis."""
    return f"{MONTHS[month.month - 1]} '{month.year % 100:02d}"


def _totals(report: Report, metric: str) -> list[ReportTotal]:
    """The report's own margins of `metric` (protected with its rows); else the rows' sums."""
    if report.totals:
        return [t for t in report.totals if t.metric == metric]
    # A report made by hand (tests) without margins: exact sums of its rows.
    sums: dict[tuple[date | None, str | None], int] = defaultdict(int)
    for row in report.rows:
        if row.metric == metric and isinstance(row.count, int):
            for key in ((row.month.replace(day=1), None), (None, row.dimension or ""),
                        (None, None)):  # fmt: skip
                sums[key] += row.count
    return [ReportTotal(metric=metric, month=m, dimension=d, count=c) for (m, d), c in sums.items()]


def _per_month(report: Report, metric: str) -> tuple[Figure, ...]:
    counts: dict[date, Figure] = {
        t.month: t.count for t in _totals(report, metric) if t.month and t.dimension is None
    }
    return tuple(counts.get(m, 0) for m in months(report.start, report.end))


def _total(report: Report, metric: str) -> Figure:
    found = [t.count for t in _totals(report, metric) if t.month is None and t.dimension is None]
    return found[0] if found else 0


def key_figures(report: Report) -> list[KeyFigure]:
    """Totals over the period of the flows a reader looks at first."""
    return [KeyFigure(METRICS[m], _total(report, m)) for m in KEY_FIGURES]


def charts(report: Report) -> list[Chart]:
    """Inflow, outflow by destination, active per phase, deadlines missed and met, relapse."""
    labels = tuple(month_label(m) for m in months(report.start, report.end))
    return [
        Chart("instroom", "Instroom per maand",
              "Aanmeldingen, inschrijvingen en starts in een programma per maand.", "lijnen",
              labels, tuple(Series(METRICS[m], _per_month(report, m)) for m in INFLOW),
              "Maand", "Aantal jongeren"),
        _outflow(report),
        _phases(report),
        Chart("termijnen", "Termijnen gemist en gehaald per maand",
              "Hoe vaak een wettelijke of afgesproken termijn per maand verstreek (op de dag dat"
              " hij afliep) of op tijd werd gehaald, zoals de termijnbewaking het vastlegde.",
              "kolommen", labels,
              tuple(Series(METRICS[m], _per_month(report, m)) for m in DEADLINES),
              "Maand", "Aantal termijnen"),
        Chart("terugval", "Terugval per maand",
              "Jongeren bij wie per maand een terugval werd gesignaleerd.", "kolommen", labels,
              (Series(METRICS["terugval"], _per_month(report, "terugval")),),
              "Maand", "Aantal jongeren"),
        _time_to_outcome(report),
    ]  # fmt: skip


WITHHELD = "\u2013"  # an en dash, as the cohort table shows it
"""A median not published (nobody reached it, or too few): no bar, a dash in the table."""


def _time_to_outcome(report: Report) -> Chart:
    """Median days from the start to each milestone, per quarterly cohort and programme."""
    cohorts = [c for c in report.durations if c.grain == QUARTER]
    published = any(m.median_days is not None for c in cohorts for m in c.milestones)
    cohorts = cohorts if published else []  # nothing but dashes: say so in words instead
    several = len({c.programma for c in cohorts}) > 1
    series = tuple(
        Series(label, tuple(
            WITHHELD if m.median_days is None else round(m.median_days)
            for c in cohorts for m in c.milestones if m.milestone == code
        ))
        for code, label in MILESTONES.items()
    )  # fmt: skip
    return Chart(
        "doorlooptijd", "Doorlooptijd per instroomcohort",
        "Mediaan aantal dagen vanaf de start in het programma tot elke mijlpaal, per kwartaal"
        " waarin jongeren startten. Een mediaan over te weinig jongeren staat er niet.",
        "kolommen",
        tuple(f"{c.cohort} {c.programma}" if several else c.cohort for c in cohorts),
        series, "Instroomcohort", "Dagen (mediaan)",
    )  # fmt: skip


def _outflow(report: Report) -> Chart:
    counts = {
        t.dimension or "onbekend": t.count
        for t in _totals(report, "uitstroom")
        if t.month is None and t.dimension is not None
    }
    ordered = sorted(counts.items(), key=lambda item: (-magnitude(item[1]), item[0]))
    return Chart(
        "uitstroom", "Uitstroom naar bestemming",
        "Jongeren die in de periode uitstroomden, naar waar zij gingen.", "staven",
        tuple(COACHING_DESTINATIONS.get(d, humanise(d)).capitalize() for d, _ in ordered),
        (Series(METRICS["uitstroom"], tuple(c for _, c in ordered)),),
        "Aantal jongeren", "Bestemming",
    )  # fmt: skip


def _phases(report: Report) -> Chart:
    # In the report's order: each track's phases as a young person goes through them.
    return Chart(
        "fasen", "Nu actief per fase",
        "Hoeveel jongeren nu in elke fase van hun traject staan.", "staven",
        tuple(f"{TRACKS.get(p.track, humanise(p.track))}: {badge(p.code)[0]}"
              for p in report.phases),
        (Series("Jongeren", tuple(p.count for p in report.phases)),),
        "Aantal jongeren", "Fase",
    )  # fmt: skip
