"""Figures across municipalities: what a deployment publishes, what a comparison accepts.

Pure rules and exports on fixed facts; the publishing and reading over the real broker and
PostgreSQL is in tests/integration/timeline/test_reports.py.
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from pydantic import ValidationError

from services.timeline.comparison.event import (
    MunicipalFiguresPublished,
    PublishedFigure,
    figures_topic,
    gemeentecode_of_topic,
)
from services.timeline.comparison.exports import comparison_csv, comparison_xlsx
from services.timeline.comparison.model import ComparedFigure, ComparedMonth, Comparison
from services.timeline.comparison.publisher import months_back, publication_id
from services.timeline.comparison.rules import (
    RefusedFiguresError,
    check_publication,
    digest,
    month_figures,
)
from services.timeline.reports.model import ReportRow
from services.timeline.settings import TimelineSettings
from shared.figures.suppression import rule

MARCH = date(2026, 3, 1)


def flow(programma: str, age_band: str, count: int, metric: str = "inschrijving") -> ReportRow:
    return ReportRow(month=MARCH, programma=programma, age_band=age_band, metric=metric,
                     dimension=None, count=count, total=None)  # fmt: skip


def published(figures: list[PublishedFigure], **changes: object) -> MunicipalFiguresPublished:
    fields: dict[str, object] = {
        "gemeentecode": "0518", "period": "2026-03", "revision": 1, "threshold": 4,
        "suppression": rule(4), "figures": figures,
    }  # fmt: skip
    return MunicipalFiguresPublished.model_validate(fields | changes)


def test_a_month_is_published_per_programme_and_whole_with_small_counts_protected():
    """3 dtj beside 13 jpf: dtj is "<5", jpf hidden too (16 - jpf would give dtj), 16 shown."""
    flows = [flow("dtj", "18-22", 3), flow("jpf", "18-22", 7), flow("jpf", "23-27", 6)]

    found = {(f.metric, f.programma): f.count for f in month_figures(flows, threshold=4)}

    assert found == {("inschrijving", "alle"): 16, ("inschrijving", "dtj"): "<5",
                     ("inschrijving", "jpf"): "x"}  # fmt: skip


def test_exact_large_counts_travel_and_nothing_from_1_to_the_threshold_does():
    """Every programme above the threshold: all exact; the publication passes the reader."""
    out = "uitstroom"
    flows = [flow("dtj", "18-22", 9), flow("jpf", "18-22", 12),
             flow("dtj", "18-22", 1, out), flow("jpf", "23-27", 8, out)]  # fmt: skip

    figures = month_figures(flows, threshold=4)

    counts = {(f.metric, f.programma): f.count for f in figures}
    assert counts[("inschrijving", "alle")] == 21
    assert counts[("inschrijving", "dtj")] == 9
    assert counts[("uitstroom", "dtj")] == "<5"
    assert not any(isinstance(f.count, int) and 1 <= f.count <= 4 for f in figures)
    check_publication(published(figures), sender="0518", minimum=4)


def test_the_digest_changes_with_a_figure_and_the_id_with_the_revision():
    """Unchanged figures are not sent again; a resent revision keeps its event id."""
    one = month_figures([flow("dtj", "18-22", 9)], threshold=4)
    other = month_figures([flow("dtj", "18-22", 10)], threshold=4)

    assert digest(one) == digest(list(one))
    assert digest(one) != digest(other)
    assert publication_id("0518", "2026-03", 1) == publication_id("0518", "2026-03", 1)
    assert publication_id("0518", "2026-03", 2) != publication_id("0518", "2026-03", 1)
    assert publication_id("0599", "2026-03", 1) != publication_id("0518", "2026-03", 1)


def test_the_months_published_are_the_last_ones_up_to_this_month():
    """Across a year's turn, oldest first."""
    assert months_back(date(2026, 2, 14), 3) == [date(2025, 12, 1), date(2026, 1, 1),
                                                 date(2026, 2, 1)]  # fmt: skip


@pytest.mark.parametrize(
    ("figure", "changes", "reason"),
    [
        (PublishedFigure(metric="inschrijving", programma="dtj", count=3), {}, "exact small count"),
        (PublishedFigure(metric="inschrijving", programma="dtj", count=1), {}, "exact small count"),
        (PublishedFigure(metric="inschrijving", programma="dtj", count="<3"), {}, "wording"),
        (PublishedFigure(metric="inschrijving", programma="dtj", count=7), {"threshold": 2},
         "below this reader's 4"),
        (PublishedFigure(metric="inschrijving", programma="dtj", count=7),
         {"gemeentecode": "0599"}, "figures of 0599 in an event of municipality 0518"),
    ],
)  # fmt: skip
def test_a_reader_refuses_figures_that_are_not_protected_or_not_the_senders(
    figure, changes, reason
):
    """Whatever the publisher's configuration: never an exact count from 1 to the threshold."""
    with pytest.raises(RefusedFiguresError, match=reason):
        check_publication(published([figure], **changes), sender="0518", minimum=4)


def test_a_figure_published_twice_or_on_anothers_topic_is_refused():
    """Two values for one cell would leave the reader to choose; a topic proves the sender."""
    twice = [PublishedFigure(metric="uitstroom", programma="alle", count=0)] * 2
    with pytest.raises(RefusedFiguresError, match="twice"):
        check_publication(published(twice), sender="0518", minimum=4)
    with pytest.raises(RefusedFiguresError, match="on the topic of 0599"):
        check_publication(published([]), sender="0518", minimum=4, topic_gemeentecode="0599")


def test_the_contract_takes_no_name_or_free_count():
    """A count is a number or "<N"/"x"; a name is no metric code; an extra field is refused."""
    with pytest.raises(ValidationError):
        PublishedFigure(metric="inschrijving", programma="dtj", count="Sam de Vries")
    with pytest.raises(ValidationError):
        PublishedFigure(metric="Sam de Vries", programma="dtj", count=7)
    with pytest.raises(ValidationError):
        PublishedFigure.model_validate({"metric": "a", "programma": "b", "count": 7, "youth": "x"})


def test_each_municipality_has_a_topic_of_its_own():
    """`gm<code>.figures.events`, under the platform's prefix; any other topic names no one."""
    assert figures_topic("0518") == "gm0518.figures.events"
    assert figures_topic("0518", "acc") == "acc.gm0518.figures.events"
    assert gemeentecode_of_topic("acc.gm0518.figures.events") == "0518"
    assert gemeentecode_of_topic("gm0518.figures.events.dlq") == "0518"
    assert gemeentecode_of_topic("intake.events") is None
    assert gemeentecode_of_topic("gmxx18.figures.events") is None


@pytest.mark.parametrize(
    ("programmes", "named"),
    [
        ({"DTJ": ["0518"]}, "programme code"),
        ({"dtj": []}, "names no municipality"),
        ({"dtj": ["518"]}, "not a gemeentecode"),
        ({"dtj": ["0518", "0518"]}, "twice"),
    ],
)
def test_a_programme_setting_that_makes_no_sense_is_refused_at_start(programmes, named):
    """TIMELINE_PROGRAMMES is checked: a typo would silently show a monitor nothing."""
    with pytest.raises(ValidationError, match=named):
        TimelineSettings(programmes=programmes)


def comparison() -> Comparison:
    return Comparison(
        programma="dtj", start=MARCH, end=date(2026, 4, 30), gemeenten=["0518", "0599"],
        figures=[ComparedFigure(metric="inschrijving", label="Inschrijvingen", months=[
            ComparedMonth(month="2026-03", counts={"0518": "<5", "0599": 12}),
            ComparedMonth(month="2026-04", counts={"0518": 7, "0599": None})])],
        suppression={"0518": rule(4), "0599": rule(4)},
    )  # fmt: skip


def test_the_csv_has_a_line_per_municipality_and_states_the_rule():
    """`;`, a byte order mark, "<5" as published, an unpublished month said so."""
    text = comparison_csv(comparison())

    assert text.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert lines[0] == ["programma", "metriek", "omschrijving", "maand", "gemeente", "aantal"]
    assert ["dtj", "inschrijving", "Inschrijvingen", "2026-03", "0518", "<5"] in lines
    assert [
        "dtj",
        "inschrijving",
        "Inschrijvingen",
        "2026-04",
        "0599",
        "niet gepubliceerd",
    ] in lines
    assert ["dtj", "afscherming", rule(4), "", "0599", ""] in lines


def test_the_workbook_has_a_column_per_municipality_under_the_rule():
    """One sheet per figure; the protected count is the text "<5", the others numbers."""
    book = load_workbook(io.BytesIO(comparison_xlsx(comparison())))

    sheet = book["Inschrijvingen"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[1][:2] == ["Programma", "dtj"]
    assert rows[3][0] == "Afscherming"
    assert rule(4) in rows[3][1]
    assert rows[5] == ["maand", "0518", "0599"]
    assert rows[6] == ["2026-03", "<5", 12]
    assert rows[7] == ["2026-04", 7, "niet gepubliceerd"]


def test_each_published_figure_is_the_municipalitys_own_report_of_that_month():
    """The same protected cell as GET /reports?from=M&until=M shows its own staff, per cut."""
    from services.timeline.reports.published import Cut, Facts, publish  # noqa: PLC0415

    flows = [flow("dtj", "18-22", 3), flow("jpf", "18-22", 7), flow("jpf", "23-27", 6),
             flow("dtj", "23-27", 2, "uitstroom"), flow("rodeloper", "16-17", 9, "uitstroom"),
             flow("jpf", "16-17", 1, "uitstroom")]  # fmt: skip
    published = {(f.metric, f.programma): f.count for f in month_figures(flows, threshold=4)}

    for programma in ("dtj", "jpf", "rodeloper", None):
        cut, end = Cut(programma=programma), date(2026, 3, 31)
        report = publish(Facts(flows=flows), gemeentecode="0518", start=MARCH, end=end, cut=cut,
                         threshold=4)  # fmt: skip
        own = {t.metric: t.count for t in report.totals if t.month is None and t.dimension is None}
        for metric, count in own.items():
            assert published.get((metric, programma or "alle"), 0) == count, (metric, programma)
    assert published[("inschrijving", "dtj")] == "<5"  # so the comparison is not of exact ones
