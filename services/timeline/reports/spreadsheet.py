"""A report as CSV for a spreadsheet: flows and stocks in one table, codes beside Dutch labels.

Separated by `;` and written with a UTF-8 byte order mark: what Excel with Dutch regional
settings opens into columns, with accented labels intact, on a double click.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from services.timeline.reports.model import METRICS

if TYPE_CHECKING:
    from services.timeline.reports.model import Report

SEPARATOR = ";"
HEADER = (
    "soort", "maand", "programma", "leeftijd", "metriek", "omschrijving", "dimensie", "aantal",
    "totaal",
)  # fmt: skip
FLOW, STOCK, ESCALATION = "stroom", "stand", "doorbraak"
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
    return out.getvalue()
