"""The report a reader sees from a fixed fact table: exact for the auditor, else protected."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from datetime import date

from openpyxl import load_workbook

from services.timeline.reports.model import ReportRow
from services.timeline.reports.published import (
    Cut,
    EscalationFact,
    Facts,
    OutcomeFact,
    RelapseFact,
    StockFact,
    publish,
    threshold_for,
)
from services.timeline.reports.spreadsheet import report_csv
from services.timeline.reports.workbook import report_xlsx
from services.timeline.web.report_charts import charts, key_figures
from services.timeline.web.svg_charts import render

JAN, FEB = date(2026, 1, 1), date(2026, 2, 1)


def flow(month, programma, count, metric="aanmelding", dimension=None):
    return ReportRow(month=month, programma=programma, age_band="18-22", metric=metric,
                     dimension=dimension, count=count, total=None)  # fmt: skip


FACTS = Facts(
    flows=[
        flow(JAN, "jpf", 12), flow(FEB, "jpf", 3), flow(JAN, "dtj", 7), flow(FEB, "dtj", 9),
        flow(JAN, "rodeloper", 30), flow(FEB, "rodeloper", 15),
        flow(JAN, "jpf", 20, "uitstroom", "werk"), flow(FEB, "dtj", 2, "uitstroom", "zorg"),
        flow(FEB, "jpf", 8, "uitstroom", "werk"),
    ],
    phases=[("wonen", "dakloos"), ("wonen", "gehuisvest")],
    stocks=[StockFact("wonen", "dakloos", "jpf", "18-22", 2),
            StockFact("wonen", "dakloos", "dtj", "18-22", 9),
            StockFact("wonen", "gehuisvest", "jpf", "18-22", 40)],
    escalations=[EscalationFact("bijstand_wachttijd", "jpf", "18-22", 6, 1, 8)],
    outcomes=[OutcomeFact(JAN, "jpf", "18-22", 6, 10, 2, 7, 6, 9)],
    relapses=[RelapseFact(JAN, "jpf", "18-22", 12, 3), RelapseFact(JAN, "jpf", "23-27", 8, 6)],
)  # fmt: skip


def report(threshold, cut=None):
    return publish(FACTS, gemeentecode="0518", start=JAN, end=date(2026, 2, 28),
                   cut=cut or Cut(), threshold=threshold)  # fmt: skip


def counts(found, metric="aanmelding"):
    return {(r.month.month, r.programma): r.count for r in found.rows if r.metric == metric}


def test_the_auditor_reads_every_count_exactly():
    exact = report(threshold_for(frozenset({"auditor"}), 4))
    assert counts(exact) == {(1, "jpf"): 12, (2, "jpf"): 3, (1, "dtj"): 7, (2, "dtj"): 9,
                             (1, "rodeloper"): 30, (2, "rodeloper"): 15}  # fmt: skip
    assert [(p.code, p.count) for p in exact.phases] == [("dakloos", 11), ("gehuisvest", 40)]
    assert exact.deadlines[0].met == 0
    (escalation,) = exact.escalations
    assert (escalation.requested, escalation.resolved, escalation.not_resolved) == (15, 6, 1)
    assert exact.relapses[0].relapsed_within_12_months == 9
    assert exact.suppression is None
    assert next((k.label, k.value) for k in key_figures(exact)) == ("Aanmeldingen", 76)


def test_a_regisseur_reads_small_counts_hidden_and_their_complements_too():
    for role in ("regisseur", "beleidsmedewerker"):
        assert threshold_for(frozenset({role}), 4) == 4
    shown = report(4)
    # 3 is small; jpf's row (12) and February's column (9) each get a second hidden cell, and
    # January's column then too (7): nothing can be recovered from the totals.
    assert counts(shown) == {(1, "jpf"): "x", (2, "jpf"): "<5", (1, "dtj"): "x", (2, "dtj"): "x",
                             (1, "rodeloper"): 30, (2, "rodeloper"): 15}  # fmt: skip
    assert next((k.label, k.value) for k in key_figures(shown)) == ("Aanmeldingen", 76)
    inflow = next(c for c in charts(shown) if c.key == "instroom")
    assert inflow.series[0].values == (49, 27)  # month totals stay exact
    # 2 to zorg hides; February's 8 (werk) with it, and then werk's total over the period
    # (28), else 28 - 20 gives the 8 away; January's 20 stays exact.
    assert counts(shown, "uitstroom") == {(1, "jpf"): 20, (2, "dtj"): "<5", (2, "jpf"): "x"}
    outflow = next(c for c in charts(shown) if c.key == "uitstroom")
    assert outflow.series[0].values == ("x", "<5")
    drawn = ET.fromstring(str(render(outflow)))  # noqa: S314 - our own SVG under test
    assert "<5" in [t.text for t in drawn.iter("{http://www.w3.org/2000/svg}text")]
    # The stock of 2 hides, and with it the 9 beside it: else 11 - 9 gives it away.
    assert [(p.code, p.count) for p in shown.phases] == [("dakloos", 11), ("gehuisvest", 40)]
    (escalation,) = shown.escalations
    assert (escalation.requested, escalation.resolved, escalation.not_resolved,
            escalation.open) == (15, "x", "<5", 8)  # fmt: skip
    (outcome,) = shown.outcomes
    assert (outcome.followed_up, outcome.missed) == (10, "<5")
    assert shown.relapses[0].relapsed_within_12_months == 9
    assert shown.suppression is not None
    assert "<5" in shown.suppression


def test_a_programmes_cut_reads_the_same_protected_cells():
    whole, jpf = report(4), report(4, Cut(programma="jpf"))
    assert counts(jpf) == {(1, "jpf"): "x", (2, "jpf"): "<5"}
    assert {(t.month, t.count) for t in jpf.totals
            if t.metric == "aanmelding" and t.dimension is None} == {
        (JAN, "x"), (FEB, "<5"), (None, 15)}  # fmt: skip
    assert [p.count for p in jpf.phases] == ["<5", 40]
    assert [p.count for p in report(4, Cut(programma="dtj")).phases] == ["x", 0]
    # Within the whole: the jpf stock of 2 cannot be recovered as 11 - 9.
    assert [p.count for p in whole.phases] == [11, 40]
    relapse_by_band = report(4, Cut(age_band="18-22")).relapses[0]
    assert relapse_by_band.relapsed_within_12_months == "<5"
    assert relapse_by_band.share_relapsed is None


def test_the_csv_carries_the_protected_counts():
    rows = list(csv.reader(io.StringIO(report_csv(report(4)).removeprefix("\ufeff")),
                           delimiter=";"))  # fmt: skip
    feb_jpf = [r for r in rows if r[1] == "2026-02" and r[2] == "jpf" and r[4] == "aanmelding"]
    assert feb_jpf[0][7] == "<5"


def sheet_rows(workbook: bytes, title: str) -> list[tuple[object, ...]]:
    opened = load_workbook(io.BytesIO(workbook), read_only=True)
    return [tuple(row) for row in opened[title].iter_rows(values_only=True)]


def test_the_spreadsheet_has_a_sheet_per_figure_stating_period_cut_and_protection():
    shown = sheet_rows(report_xlsx(report(4, Cut(programma="jpf"))), "Aanmeldingen")
    assert [row[:2] for row in shown[:5]] == [
        ("Aanmeldingen", None), ("Gemeente", "0518"), ("Periode", "2026-01 t/m 2026-02"),
        ("Indeling", "programma: jpf; leeftijd: alle"),
        ("Afscherming", report(4).suppression),
    ]  # fmt: skip
    assert shown[6] == ("maand", "programma", "leeftijd", "dimensie", "aantal", "totaal")
    assert ("2026-02", "jpf", "18-22", None, "<5", None) in shown
    assert ("2026-01", "jpf", "18-22", None, "x", None) in shown
    assert ("hele periode", "totaal", None, "alle", 15, None) in shown
    exact = sheet_rows(report_xlsx(report(None)), "Aanmeldingen")
    assert ("2026-02", "jpf", "18-22", None, 3, None) in exact
    assert exact[4][:2] == ("Afscherming", "Exacte aantallen (auditor): geen afscherming.")
    titles = load_workbook(io.BytesIO(report_xlsx(report(4)))).sheetnames
    assert titles == ["Aanmeldingen", "Uitstroom", "Nu actief per fase",
                      "Termijnen gehaald en gemist", "Doorbraken per belemmering",
                      "Nazorg na uitstroom", "Terugval binnen 12 maanden",
                      "Doorlooptijd per cohort", "Tevredenheid van jongeren",
                      "Toekomstgesprekken en vervolg", "JPF per cohort"]  # fmt: skip
