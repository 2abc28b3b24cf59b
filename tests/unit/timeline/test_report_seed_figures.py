"""The seeds' figures in the report (issue 22 item 5), from a fixed fact table.

Toekomstgesprekken per perspective and what followed, the Jongeren Perspectief Fonds per
cohort (debt-free rate, counterpart completion), woontoelagen granted and maatwerk per rule:
exact for the auditor, protected for everyone else, alike in the JSON, CSV, spreadsheet and
in what the comparison publishes; and which event counts for which of them.
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from services.timeline.comparison.rules import month_figures
from services.timeline.reports.model import ReportRow, leaf_of
from services.timeline.reports.projection import facts_of
from services.timeline.reports.published import Cut, Facts, FundFact, publish
from services.timeline.reports.spreadsheet import report_csv
from services.timeline.reports.workbook import report_xlsx
from tests.support.cloudevents import cloud_event

JAN, FEB = date(2026, 1, 1), date(2026, 2, 1)
YOUTH = "0f6b1e4c-0000-4000-8000-0000000000a5"
TALK, ALLOWANCE, CUSTOM = "toekomstgesprek", "woontoelage_toegekend", "maatwerk_toegepast"


def row(month, programma, metric, dimension, count):
    return ReportRow(month=month, programma=programma, age_band="18-22", metric=metric,
                     dimension=dimension, count=count, total=None)  # fmt: skip


FACTS = Facts(
    flows=[
        # Toekomstgesprekken: "perspective chosen/what followed first".
        row(JAN, "toekomstgesprek", TALK, "werk/werk", 6),
        row(JAN, "toekomstgesprek", TALK, "werk/nog_niets", 2),
        row(FEB, "toekomstgesprek", TALK, "opleiding/opleiding", 5),
        row(FEB, "toekomstgesprek", TALK, "opleiding/werk", 1),
        row(JAN, "rodeloper", TALK, "zorg/zorg", 7),
        row(JAN, "dtj", ALLOWANCE, None, 6),
        row(FEB, "dtj", ALLOWANCE, None, 2),
        row(JAN, "dtj", CUSTOM, "kostendelersnorm", 7),
        row(JAN, "jpf", CUSTOM, "pw_zoektermijn", 3),
        row(FEB, "dtj", CUSTOM, "woontoelage", 5),
    ],
    fund=[
        # cohort, programme, band: started, counterpart agreed, completed, revoked, debt-free
        FundFact(JAN, "jpf", "18-22", 9, 8, 6, 1, 5),
        FundFact(FEB, "jpf", "18-22", 3, 3, 0, 0, 0),
        FundFact(JAN, "jpf", "23-27", 6, 6, 5, 0, 6),
    ],
)
NONE = {"vrijwilligerswerk": 0, "dagbesteding": 0}


def report(threshold, cut=None):
    return publish(FACTS, gemeentecode="0518", start=JAN, end=date(2026, 2, 28),
                   cut=cut or Cut(), threshold=threshold)  # fmt: skip


def conversations(found):
    return {c.perspective: (c.held, c.followed) for c in found.conversations}


def period(found, metric):
    return {t.dimension: t.count for t in found.totals if t.metric == metric and not t.month}


def months(found, metric):
    return {t.month: t.count for t in found.totals if t.metric == metric and t.month}


def fund(found):
    return [
        (f.cohort, f.programma, f.started, f.counterpart_agreed, f.counterpart_completed,
         f.write_off_revoked, f.debt_free, f.share_debt_free, f.share_counterpart_completed)
        for f in found.fund
    ]  # fmt: skip


def test_the_auditor_reads_each_seed_figure_exactly():
    exact = report(None)
    assert conversations(exact) == {
        "opleiding": (6, {"werk": 1, "opleiding": 5, "zorg": 0, "nog_niets": 0, **NONE}),
        "werk": (8, {"werk": 6, "opleiding": 0, "zorg": 0, "nog_niets": 2, **NONE}),
        "zorg": (7, {"werk": 0, "opleiding": 0, "zorg": 7, "nog_niets": 0, **NONE}),
        "alle": (21, {"werk": 7, "opleiding": 5, "zorg": 7, "nog_niets": 2, **NONE}),
    }
    assert fund(exact) == [
        (JAN, "jpf", 15, 14, 11, 1, 11, 0.733, 0.786),
        (FEB, "jpf", 3, 3, 0, 0, 0, 0.0, 0.0),
    ]
    assert months(exact, ALLOWANCE) == {JAN: 6, FEB: 2}
    assert period(exact, ALLOWANCE) == {None: 8}
    assert period(exact, CUSTOM) == {
        "kostendelersnorm": 7, "pw_zoektermijn": 3, "woontoelage": 5, None: 15,
    }  # fmt: skip


def test_everyone_else_reads_them_protected_with_no_hidden_count_left_alone():
    protected = report(4)
    # The werk column: 7 = 6 + 1 + 0, so the 6 is hidden beside the 1; and so on per line.
    assert conversations(protected) == {
        "opleiding": (6, {"werk": "<5", "opleiding": "x", "zorg": 0, "nog_niets": 0, **NONE}),
        "werk": (8, {"werk": "x", "opleiding": 0, "zorg": 0, "nog_niets": "<5", **NONE}),
        "zorg": (7, {"werk": 0, "opleiding": 0, "zorg": 7, "nog_niets": 0, **NONE}),
        "alle": (21, {"werk": 7, "opleiding": "x", "zorg": 7, "nog_niets": "<5", **NONE}),
    }
    # The February cohort of 3 hides January's count (the year's 18-22 would give it away);
    # a share of a hidden count is withheld.
    assert fund(protected) == [
        (JAN, "jpf", "x", "x", 11, "<5", 11, None, None),
        (FEB, "jpf", "<5", "<5", 0, 0, 0, None, None),
    ]
    assert months(protected, ALLOWANCE) == {JAN: "x", FEB: "<5"}
    assert period(protected, ALLOWANCE) == {None: 8}
    assert period(protected, CUSTOM) == {
        "kostendelersnorm": "x", "pw_zoektermijn": "<5", "woontoelage": "x", None: 15,
    }  # fmt: skip
    # Every line and column of the conversations' table that hides a count hides two.
    table = conversations(protected)
    lines = [[held, *followed.values()] for held, followed in table.values()]
    for cells in (*lines, *zip(*lines, strict=True)):
        assert sum(isinstance(c, str) for c in cells) in (0, 2, 3, 4)


def test_the_conversations_have_no_monthly_rows_so_their_cube_stays_small():
    """A split metric is one table of programme x age band x perspective x follow-up.

    With the month a fifth coordinate, the hypercube search took minutes on a year's table
    (bench/reports.py at a tenth of issue 22's scale); four take a tenth of a second.
    """
    [talk] = [r for r in FACTS.flows if r.metric == TALK][:1]
    assert leaf_of(talk) == ("toekomstgesprek", "18-22", "werk", "werk")
    found = report(4)
    assert [r for r in found.rows if r.metric == TALK] == []
    assert months(found, TALK) == {}
    assert period(found, TALK)[None] == 21


def test_a_programmes_cut_reads_cells_of_the_same_table():
    cut = report(4, Cut(programma="toekomstgesprek"))
    assert conversations(cut)["alle"] == (
        14,
        {"werk": 7, "opleiding": "x", "zorg": 0, "nog_niets": "<5", **NONE},
    )
    assert report(4, Cut(programma="dtj")).conversations == []
    assert fund(report(None, Cut(programma="dtj"))) == []


def test_the_comparison_publishes_the_conversations_as_the_report_shows_them():
    """The split metric's cube is the report's: each programme's month alike.

    A cube over the dimension unsplit would publish rodeloper's 19, which the report hides
    (its perspective and follow-up margins hold hidden cells it completes).
    """
    flows = [
        row(JAN, "toekomstgesprek", TALK, "opleiding/nog_niets", 4).model_copy(
            update={"age_band": "23-27"}),
        row(JAN, "dtj", TALK, "opleiding/werk", 1),
        row(JAN, "toekomstgesprek", TALK, "opleiding/nog_niets", 4),
        row(JAN, "rodeloper", TALK, "zorg/werk", 8),
        row(JAN, "rodeloper", TALK, "opleiding/werk", 11),
        row(JAN, "toekomstgesprek", TALK, "opleiding/werk", 7).model_copy(
            update={"age_band": "23-27"}),
    ]  # fmt: skip
    sent = {(f.metric, f.programma): f.count for f in month_figures(flows, threshold=4)}
    for programma in ("toekomstgesprek", "rodeloper", "dtj", None):
        own = publish(Facts(flows=flows), gemeentecode="0518", start=JAN,
                      end=date(2026, 1, 31), cut=Cut(programma=programma), threshold=4)  # fmt: skip
        [total] = [t.count for t in own.totals if t.metric == TALK and t.month is None
                   and t.dimension is None]  # fmt: skip
        assert sent[TALK, programma or "alle"] == total, programma
    assert sent == {(TALK, "alle"): 35, (TALK, "dtj"): "<5", (TALK, "rodeloper"): "x",
                    (TALK, "toekomstgesprek"): "x"}  # fmt: skip


def test_the_csv_and_the_spreadsheet_hold_the_same_protected_figures():
    lines = list(csv.reader(io.StringIO(report_csv(report(4)).lstrip("\ufeff")), delimiter=";"))
    talks = {(line[4], line[6]): line[7] for line in lines if line[0] == "toekomstgesprek"}
    assert talks["toekomstgesprek_alle", ""] == "21"
    assert talks["toekomstgesprek_werk", "nog_niets"] == "<5"
    assert talks["toekomstgesprek_opleiding", "opleiding"] == "x"
    cohorts = {(line[1], line[4]): line[7] for line in lines if line[0] == "jpf_cohort"}
    assert cohorts["2026-01", "jpf_debt_free"] == "11"
    assert cohorts["2026-02", "jpf_started"] == "<5"
    flows = {(line[1], line[4], line[6]): line[7] for line in lines if line[0] == "stroom"}
    assert flows["2026-02", ALLOWANCE, ""] == "<5"
    assert flows["2026-01", CUSTOM, "kostendelersnorm"] == "x"
    book = load_workbook(io.BytesIO(report_xlsx(report(None))))
    rows = [tuple(c.value for c in r) for r in book["Toekomstgesprekken en vervolg"].iter_rows(
        min_row=8)]  # fmt: skip
    assert ("werk", 8, 6, 0, 0, 0, 0, 2) in rows
    rows = [tuple(c.value for c in r) for r in book["JPF per cohort"].iter_rows(min_row=8)]
    assert ("2026-01", "jpf", 15, 14, 11, 1, 11, 0.733, 0.786) in rows


@pytest.mark.parametrize(
    ("type_name", "data", "expected"),
    [
        ("coaching.future-conversation-held",
         {"held_on": "2026-03-20", "perspective": "opleiding", "participants": ["jongere"]},
         [("toekomstgesprek", "opleiding", date(2026, 3, 20))]),
        ("housing.housing-allowance-granted",
         {"allowance_id": "w1", "monthly_amount": "enc:v1:k:abc", "from_on": "2026-04-01",
          "until_on": "2026-09-30", "reason": "geen_huurtoeslag"},
         [("woontoelage_toegekend", None, date(2026, 4, 1))]),
        ("intake.customisation-applied",
         {"rule": "kostendelersnorm", "rationale": "enc:v1:k:abc", "applied_on": "2026-02-03"},
         [("maatwerk_toegepast", "kostendelersnorm", date(2026, 2, 3))]),
        ("debts.trajectory-joined-fund", {"trajectory_id": "t1", "joined_on": "2026-05-06"},
         [("jpf_gestart", None, date(2026, 5, 6))]),
        ("debts.debt-help-requested",
         {"trajectory_id": "t1", "requested_on": "2026-05-06", "programma": "jpf"},
         [("schuldhulp_aangevraagd", None, date(2026, 5, 6)),
          ("jpf_gestart", None, date(2026, 5, 6))]),
        ("debts.debt-help-requested", {"trajectory_id": "t1", "requested_on": "2026-05-06"},
         [("schuldhulp_aangevraagd", None, date(2026, 5, 6))]),
        ("debts.counterpart-agreed",
         {"trajectory_id": "t1", "kind": "vrijwilligerswerk", "hours": 40,
          "goals": "enc:v1:k:abc", "agreed_on": "2026-05-20"},
         [("jpf_tegenprestatie_afgesproken", "vrijwilligerswerk", date(2026, 5, 20))]),
        ("debts.debt-taken-over-by-fund",
         {"trajectory_id": "t1", "taken_over_on": "2026-06-01", "total_bought": "enc:v1:k:a",
          "written_off": "enc:v1:k:b", "remaining_to_fund": "enc:v1:k:c"},
         [("jpf_schulden_overgenomen", None, date(2026, 6, 1))]),
    ],
)  # fmt: skip
def test_each_seed_event_counts_on_its_day_from_its_clear_fields(type_name, data, expected):
    """No sealed field is read: an amount or a rationale never reaches a report."""
    event = cloud_event(f"nl.regie.{type_name}", YOUTH, data)
    assert [(f.metric, f.dimension, f.occurred_on) for f in facts_of(event)] == expected
