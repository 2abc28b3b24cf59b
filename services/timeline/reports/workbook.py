"""A report as a spreadsheet (.xlsx): one sheet per figure, each saying what it shows.

Each sheet states the municipality, the period, the cut (programme, age band) and how small
counts are protected, above its table, so a sheet copied out of the workbook still says what
it is. Counts are numbers; a protected one is the text "<5" or "x", as in the JSON and CSV.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Font

from services.timeline.reports.model import METRICS
from services.timeline.reports.spreadsheet import FOLLOWED, FUND_MEASURES, TRACKS
from services.timeline.reports.time_to_outcome import MILESTONES

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from services.timeline.reports.model import Report

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXACT = "Exacte aantallen (auditor): geen afscherming."
TITLE_MAX = 31  # Excel's limit on a sheet's name
HEADER_ROW = 7  # under the title and the four lines that say what the figure is
ALL = "alle"


def _period(report: Report) -> str:
    return f"{report.start:%Y-%m} t/m {report.end:%Y-%m}"


def _cut(report: Report) -> str:
    return f"programma: {report.programma or ALL}; leeftijd: {report.age_band or ALL}"


class _Book:
    """The workbook being written, with the report every sheet states above its table."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.book = Workbook()
        self.book.remove(self.book.worksheets[0])  # the empty default sheet
        self.taken: set[str] = set()

    def title(self, label: str) -> str:
        """A sheet name Excel accepts: at most 31 characters, no []:*?/ or backslash, unique."""
        cleaned = "".join(" " if c in "[]:*?/\\" else c for c in label).strip()[:TITLE_MAX]
        title, n = cleaned, 2
        while title.lower() in self.taken:
            suffix = f" ({n})"
            title, n = cleaned[: TITLE_MAX - len(suffix)] + suffix, n + 1
        self.taken.add(title.lower())
        return title

    def sheet(self, label: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
        """One figure: what it is, where, when, which cut and how protected; then its table."""
        report = self.report
        sheet = self.book.create_sheet(self.title(label))
        sheet.append([label])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append(["Gemeente", report.gemeentecode])
        sheet.append(["Periode", _period(report)])
        sheet.append(["Indeling", _cut(report)])
        sheet.append(["Afscherming", report.suppression or EXACT])
        sheet.append([])
        sheet.append(list(header))
        for cell in sheet[HEADER_ROW]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(list(row))

    def saved(self) -> bytes:
        """The workbook's bytes."""
        out = io.BytesIO()
        self.book.save(out)
        return out.getvalue()


def report_xlsx(report: Report) -> bytes:
    """The report's figures, a sheet each: metrics, phases, deadlines, Doorbraken, nazorg, days."""
    book = _Book(report)
    for metric in dict.fromkeys(r.metric for r in report.rows):
        label = METRICS.get(metric, metric)
        rows = [
            (f"{r.month:%Y-%m}", r.programma, r.age_band, r.dimension or "", r.count,
             "" if r.total is None else r.total)
            for r in report.rows if r.metric == metric
        ]  # fmt: skip
        totals = [
            (f"{t.month:%Y-%m}" if t.month else "hele periode", "totaal", "",
             t.dimension if t.dimension is not None else ALL, t.count, "")
            for t in report.totals if t.metric == metric
        ]  # fmt: skip
        header = ("maand", "programma", "leeftijd", "dimensie", "aantal", "totaal")
        book.sheet(label, header, [*rows, *totals])
    book.sheet("Nu actief per fase", ("traject", "fase", "aantal"),
           ((TRACKS.get(p.track, p.track), p.code, p.count) for p in report.phases))  # fmt: skip
    book.sheet("Termijnen gehaald en gemist",
           ("termijn", "gehaald", "gemist", "aandeel gehaald"),
           ((d.label, d.met, d.missed, "" if d.share_met is None else d.share_met)
            for d in report.deadlines))  # fmt: skip
    book.sheet("Doorbraken per belemmering",
           ("belemmering", "gevraagd", "opgelost", "niet opgelost", "open"),
           ((e.obstruction, e.requested, e.resolved, e.not_resolved, e.open)
            for e in report.escalations))  # fmt: skip
    book.sheet("Nazorg na uitstroom",
           ("cohort", "programma", "maanden", "gevolgd", "gemist", "nog gehuisvest",
            "werk of opleiding", "schuldenvrij"),
           ((f"{o.cohort:%Y-%m}", o.programma, o.month, o.followed_up, o.missed, o.still_housed,
             o.work_or_education, o.debt_free) for o in report.outcomes))  # fmt: skip
    book.sheet("Terugval binnen 12 maanden",
           ("cohort", "programma", "in nazorg", "teruggevallen"),
           ((f"{x.cohort:%Y-%m}", x.programma, x.in_aftercare, x.relapsed_within_12_months)
            for x in report.relapses))  # fmt: skip
    book.sheet("Doorlooptijd per cohort",
           ("cohort per", "cohort", "programma", "gestart", "mijlpaal", "bereikt",
            "mediaan dagen", "75e percentiel dagen", "toelichting"),
           ((c.grain, c.cohort, c.programma, c.started, MILESTONES.get(m.milestone, m.milestone),
             m.reached, "" if m.median_days is None else m.median_days,
             "" if m.p75_days is None else m.p75_days, m.withheld or "")
            for c in report.durations for m in c.milestones))  # fmt: skip
    book.sheet("Tevredenheid van jongeren",
           ("over", "programma", "cijfers", "cijfer 1", "cijfer 2", "cijfer 3", "cijfer 4",
            "cijfer 5"),
           ((t.about, t.programma, t.given, *t.ratings.values())
            for t in report.satisfaction))  # fmt: skip
    book.sheet("Toekomstgesprekken en vervolg",
           ("perspectief", "gevoerd", *(f"gevolgd door {w}" for w in FOLLOWED.values())),
           ((c.perspective, c.held, *(c.followed.get(code, 0) for code in FOLLOWED))
            for c in report.conversations))  # fmt: skip
    book.sheet("JPF per cohort",
           ("cohort", "programma", *(label.lower() for label in FUND_MEASURES.values()),
            "aandeel schuldenvrij", "aandeel tegenprestatie afgerond"),
           ((f"{f.cohort:%Y-%m}", f.programma, *(getattr(f, m) for m in FUND_MEASURES),
             "" if f.share_debt_free is None else f.share_debt_free,
             "" if f.share_counterpart_completed is None else f.share_counterpart_completed)
            for f in report.fund))  # fmt: skip
    return book.saved()
