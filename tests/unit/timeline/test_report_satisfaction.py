"""Young people's satisfaction (Mijn mening) in the report, from a fixed fact table.

Exact for the auditor, protected for everyone else, in the JSON, CSV and spreadsheet alike;
and which intake event counts for which satisfaction metric.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import load_workbook

from services.timeline.reports.model import ReportRow
from services.timeline.reports.projection import facts_of
from services.timeline.reports.published import Cut, Facts, publish
from services.timeline.reports.spreadsheet import report_csv
from services.timeline.reports.workbook import report_xlsx
from tests.support.cloudevents import cloud_event

JAN, FEB = date(2026, 1, 1), date(2026, 2, 1)
YOUTH = "0f6b1e4c-0000-4000-8000-0000000000f8"
PROGRAMME, CONTACT = "tevredenheid_programma", "tevredenheid_contact"


def rated(month, programma, rating, count, metric=PROGRAMME):
    return ReportRow(month=month, programma=programma, age_band="18-22", metric=metric,
                     dimension=rating, count=count, total=None)  # fmt: skip


FACTS = Facts(
    flows=[
        rated(JAN, "rodeloper", "5", 7), rated(JAN, "rodeloper", "4", 6),
        rated(JAN, "rodeloper", "3", 2), rated(FEB, "rodeloper", "4", 5),
        rated(FEB, "rodeloper", "2", 1),
        rated(JAN, "jpf", "5", 9, CONTACT), rated(FEB, "jpf", "5", 6, CONTACT),
        rated(JAN, "jpf", "1", 8, CONTACT),
    ],
)  # fmt: skip


def report(threshold, cut=None):
    return publish(FACTS, gemeentecode="0518", start=JAN, end=date(2026, 2, 28),
                   cut=cut or Cut(), threshold=threshold)  # fmt: skip


def shown(found):
    return {(t.about, t.programma): (t.given, t.ratings) for t in found.satisfaction}


def test_the_auditor_reads_every_rating_exactly_per_programme_over_the_period():
    assert shown(report(None)) == {
        ("programma", "rodeloper"): (21, {"1": 0, "2": 1, "3": 2, "4": 11, "5": 7}),
        ("contact", "jpf"): (23, {"1": 8, "2": 0, "3": 0, "4": 0, "5": 15}),
    }


def test_everyone_else_reads_small_counts_protected_and_none_recoverable():
    [programme] = report(4).satisfaction[1:]
    assert (programme.about, programme.programma) == ("programma", "rodeloper")
    ratings = programme.ratings
    assert (ratings["1"], ratings["2"], ratings["3"]) == (0, "<5", "<5")
    # Two hidden cells in the sum of the ratings: neither is the total less the others.
    assert sum(isinstance(v, str) for v in (*ratings.values(), programme.given)) >= 2
    assert all(v == 0 or not isinstance(v, int) or v > 4 for v in ratings.values())
    contact = report(4).satisfaction[0]
    assert (contact.given, contact.ratings) == (23, {"1": 8, "2": 0, "3": 0, "4": 0, "5": 15})


def test_a_cut_shows_only_its_programme_and_the_exports_say_the_same():
    found = report(4, Cut(programma="jpf"))
    assert [(t.about, t.programma) for t in found.satisfaction] == [("contact", "jpf")]
    lines = list(csv.reader(io.StringIO(report_csv(report(4)).lstrip("\ufeff")), delimiter=";"))
    mine = [line for line in lines if line[0] == "tevredenheid"]
    assert mine[6][:5] == ["tevredenheid", "", "rodeloper", "", PROGRAMME]
    assert {(line[2], line[6], line[7]) for line in mine} >= {
        ("rodeloper", "2", "<5"),
        ("rodeloper", "1", "0"),
        ("jpf", "5", "15"),
        ("jpf", "", "23"),
    }
    book = load_workbook(io.BytesIO(report_xlsx(report(None))))
    sheet = book["Tevredenheid van jongeren"]
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=8)]
    assert ("programma", "rodeloper", 21, 0, 1, 2, 11, 7) in rows


def test_each_rating_counts_for_what_it_rates_on_its_day():
    def one(data):
        event = cloud_event("nl.regie.intake.feedback-given", YOUTH, data)
        return [(f.metric, f.dimension, f.occurred_on) for f in facts_of(event)]

    day = {"given_on": "2026-03-02", "comment": "enc:v1:k:abc"}
    assert one({**day, "about": "contact", "rating": 4}) == [(CONTACT, "4", date(2026, 3, 2))]
    assert one({**day, "about": "programma", "programma": "rodeloper", "rating": 2}) == [
        (PROGRAMME, "2", date(2026, 3, 2))
    ]
