"""The comparison as CSV (`;`, UTF-8 with a byte order mark) and as a spreadsheet (.xlsx).

As the report's exports: the CSV opens into columns in Excel with Dutch settings; the
workbook has one sheet per figure, a column per municipality, and states above each table
the programme, the period, the municipalities and each one's suppression rule, so a sheet
copied out still says what it is and that no count in it is exact below the threshold.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Font

from services.timeline.reports.workbook import TITLE_MAX

if TYPE_CHECKING:
    from services.timeline.comparison.model import Comparison

NOT_PUBLISHED = "niet gepubliceerd"
HEADER_ROW = 6  # under the title and the lines that say what the figure is


def _shown(value: object) -> object:
    return NOT_PUBLISHED if value is None else value


def comparison_csv(comparison: Comparison) -> str:
    """One line per figure, month and municipality: the count as that municipality published it."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(("programma", "metriek", "omschrijving", "maand", "gemeente", "aantal"))
    for figure in comparison.figures:
        for month in figure.months:
            for gemeente, count in month.counts.items():
                writer.writerow((comparison.programma, figure.metric, figure.label, month.month,
                                 gemeente, _shown(count)))  # fmt: skip
    for gemeente, rule in comparison.suppression.items():
        writer.writerow((comparison.programma, "afscherming", rule, "", gemeente, ""))
    return out.getvalue()


def comparison_xlsx(comparison: Comparison) -> bytes:
    """A sheet per figure: months down, municipalities across, the rule stated above."""
    book = Workbook()
    book.remove(book.worksheets[0])
    rules = "; ".join(f"{g}: {r}" for g, r in comparison.suppression.items())
    taken: set[str] = set()
    for figure in comparison.figures or []:
        title = "".join(" " if c in "[]:*?/\\" else c for c in figure.label)[:TITLE_MAX]
        while title.lower() in taken:
            title = title[: TITLE_MAX - 1] + "_"
        taken.add(title.lower())
        sheet = book.create_sheet(title)
        sheet.append([figure.label])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append(["Programma", comparison.programma])
        sheet.append(["Periode", f"{comparison.start:%Y-%m} t/m {comparison.end:%Y-%m}"])
        sheet.append(["Afscherming", rules or "nog niets gepubliceerd"])
        sheet.append([])
        sheet.append(["maand", *comparison.gemeenten])
        for cell in sheet[HEADER_ROW]:
            cell.font = Font(bold=True)
        for month in figure.months:
            sheet.append([month.month, *(_shown(month.counts[g]) for g in comparison.gemeenten)])
    if not book.worksheets:
        sheet = book.create_sheet("Vergelijking")
        sheet.append(["Nog geen cijfers gepubliceerd voor dit programma en deze periode."])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
