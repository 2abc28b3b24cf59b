"""A report as CSV for a spreadsheet: flows and stocks in one table, codes beside Dutch labels.

Separated by `;` and written with a UTF-8 byte order mark: what Excel with Dutch regional
settings opens into columns, with accented labels intact, on a double click.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from services.timeline.reports.model import METRICS
from services.timeline.reports.time_to_outcome import MILESTONES

if TYPE_CHECKING:
    from collections.abc import Iterator

    from services.timeline.reports.model import Report

SEPARATOR = ";"
HEADER = (
    "soort", "maand", "programma", "leeftijd", "metriek", "omschrijving", "dimensie", "aantal",
    "totaal",
)  # fmt: skip
FLOW, STOCK, ESCALATION, DURATION = "stroom", "stand", "doorbraak", "doorlooptijd"
SATISFIED = "tevredenheid"
CONVERSATION, FUND = "toekomstgesprek", "jpf_cohort"
FOLLOWED = {
    "werk": "werk",
    "vrijwilligerswerk": "vrijwilligerswerk",
    "opleiding": "opleiding",
    "dagbesteding": "dagbesteding",
    "zorg": "zorg",
    "nog_niets": "nog niets",
}
FUND_MEASURES = {
    "started": "Gestart in het fonds",
    "counterpart_agreed": "Tegenprestatie afgesproken",
    "counterpart_completed": "Tegenprestatie afgerond",
    "write_off_revoked": "Kwijtschelding ingetrokken",
    "debt_free": "Schuldenvrij",
}
TRACKS = {
    "rodeloper": "Nu actief in Rode loper-fase",
    "schulden": "Nu actief in schuldhulpfase",
    "wonen": "Woonsituatie nu",
}


def report_csv(report: Report) -> str:
    """The rows per month first, then the stocks (which hold now, so they have no month)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=SEPARATOR)
    writer.writerow(HEADER)
    for row in report.rows:
        writer.writerow(
            (FLOW, row.month.strftime("%Y-%m"), row.programma, row.age_band, row.metric,
             METRICS.get(row.metric, row.metric), row.dimension or "", row.count,
             "" if row.total is None else row.total)
        )  # fmt: skip
    for phase in report.phases:
        writer.writerow(
            (STOCK, "", report.programma or "", report.age_band or "", f"actief_{phase.track}",
             TRACKS.get(phase.track, phase.track), phase.code, phase.count, "")
        )  # fmt: skip
    # The Doorbraken asked in the period, per obstructing rule: one line per how they stand.
    for escalation in report.escalations:
        for code, label, count in (
            ("gevraagd", "Doorbraak gevraagd", escalation.requested),
            ("opgelost", "Doorbraak opgelost", escalation.resolved),
            ("niet_opgelost", "Doorbraak niet opgelost", escalation.not_resolved),
            ("open", "Doorbraak nog open", escalation.open),
        ):
            writer.writerow(
                (ESCALATION, "", report.programma or "", report.age_band or "",
                 f"doorbraak_{code}", label, escalation.obstruction, count, "")
            )  # fmt: skip
    writer.writerows(_durations(report))
    writer.writerows(_satisfaction(report))
    writer.writerows(_conversations(report))
    writer.writerows(_fund(report))
    return out.getvalue()


def _conversations(report: Report) -> Iterator[tuple[object, ...]]:
    """Per perspective chosen (`alle`: together): held, then per what followed (dimension)."""
    for c in report.conversations:
        cut = (CONVERSATION, "", report.programma or "", report.age_band or "")
        metric, label = f"toekomstgesprek_{c.perspective}", f"Toekomstgesprekken, {c.perspective}"
        yield (*cut, metric, f"{label}: gevoerd", "", c.held, "")
        for code, count in c.followed.items():
            followed = f"{label}: gevolgd door {FOLLOWED.get(code, code)}"
            yield (*cut, metric, followed, code, count, "")


def _fund(report: Report) -> Iterator[tuple[object, ...]]:
    """Per fund cohort (the month of the first start in the fund): each measure a line."""
    for f in report.fund:
        cut = (FUND, f"{f.cohort:%Y-%m}", f.programma, report.age_band or "")
        for measure, label in FUND_MEASURES.items():
            yield (*cut, f"jpf_{measure}", label, "", getattr(f, measure), "")


def _satisfaction(report: Report) -> Iterator[tuple[object, ...]]:
    """Per programme over the period: the ratings given (dimension empty), then per rating."""
    for t in report.satisfaction:
        metric = f"tevredenheid_{t.about}"
        cut = (SATISFIED, "", t.programma, report.age_band or "", metric)
        label = METRICS.get(metric, metric)
        yield (*cut, f"{label}: cijfers gegeven", "", t.given, "")
        for rating, count in t.ratings.items():
            yield (*cut, f"{label}: cijfer {rating}", rating, count, "")


def _days(value: float | None) -> str:
    """Days with a decimal comma, as Excel with Dutch settings reads them; empty if withheld."""
    return "" if value is None else f"{value:g}".replace(".", ",")


def _durations(report: Report) -> Iterator[tuple[object, ...]]:
    """Per cohort and programme: started, then per milestone reached, median and p75 days.

    The cohort is a month ("2024-01") or a quarter ("2024-K1"), the milestone the dimension;
    a withheld median or percentile is empty, its reason in the description.
    """
    for c in report.durations:
        cut = (DURATION, c.cohort, c.programma, report.age_band or "")
        yield (*cut, "gestart", "Gestart in het programma", "", c.started, "")
        for m in c.milestones:
            name = MILESTONES.get(m.milestone, m.milestone)
            note = f" ({m.withheld})" if m.withheld else ""
            yield (*cut, "bereikt", f"{name}: bereikt", m.milestone, m.reached, "")
            yield (*cut, "mediaan_dagen", f"{name}: mediaan dagen{note}", m.milestone,
                   _days(m.median_days), "")  # fmt: skip
            yield (*cut, "p75_dagen", f"{name}: 75e percentiel dagen{note}", m.milestone,
                   _days(m.p75_days), "")  # fmt: skip
