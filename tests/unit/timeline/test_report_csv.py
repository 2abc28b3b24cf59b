"""A report as CSV, and the month span its query parameters name."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from fastapi import HTTPException

from services.timeline.api.reports import month_span
from services.timeline.reports.model import PhaseCount, Report, ReportRow
from services.timeline.reports.spreadsheet import HEADER, report_csv


def test_csv_has_a_header_codes_beside_dutch_labels_and_stocks_without_a_month():
    """`;`-separated with a byte order mark, so Dutch Excel opens it into columns."""
    report = Report(
        gemeentecode="0518", start=date(2026, 1, 1), end=date(2026, 2, 28), programma="jpf",
        age_band=None, phases=[PhaseCount(track="wonen", code="dakloos", count=2)],
        rows=[
            ReportRow(month=date(2026, 2, 1), programma="jpf", age_band="18-22",
                      metric="dagen_dakloos_tot_gehuisvest", dimension=None, count=2, total=75),
            ReportRow(month=date(2026, 1, 1), programma="jpf", age_band="onbekend",
                      metric="aanmelding", dimension="wijkteam", count=1, total=None),
        ],
    )  # fmt: skip
    text = report_csv(report)
    assert text.startswith("\ufeffsoort;maand;")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows == [
        list(HEADER),
        ["stroom", "2026-02", "jpf", "18-22", "dagen_dakloos_tot_gehuisvest",
         "Dagen van dakloos tot gehuisvest", "", "2", "75"],
        ["stroom", "2026-01", "jpf", "onbekend", "aanmelding", "Aanmeldingen", "wijkteam", "1", ""],
        ["stand", "", "jpf", "", "actief_wonen", "Woonsituatie nu", "dakloos", "2", ""],
    ]  # fmt: skip


def test_month_span_runs_from_the_first_day_to_the_last_day_of_the_months():
    """Both months are whole, a leap year's February included."""
    assert month_span("2024-02", "2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert month_span("2025-11", "2026-12") == (date(2025, 11, 1), date(2026, 12, 31))


def test_a_span_that_ends_before_it_starts_is_a_field_error():
    """422 on `until`, the field to correct."""
    with pytest.raises(HTTPException) as refused:
        month_span("2026-03", "2026-02")
    assert refused.value.status_code == 422
    assert refused.value.detail[0]["loc"] == ["query", "until"]
