"""What a report holds: the shapes the JSON, the CSV and the web view's charts share."""

from __future__ import annotations

from datetime import date  # noqa: TC003 - pydantic needs it at runtime

from pydantic import BaseModel

# Metric code -> Dutch label. Flows are counted per month of the day they happened.
METRICS: dict[str, str] = {
    "aanmelding": "Aanmeldingen",
    "inschrijving": "Inschrijvingen",
    "start_programma": "Gestart in een programma",
    "schulden_geregeld": "Schuldenvrij",
    "jpf_tegenprestatie_afgerond": "JPF-tegenprestaties afgerond",
    "jpf_kwijtschelding_ingetrokken": "JPF-kwijtscheldingen ingetrokken",
    "gehuisvest": "Gehuisvest",
    "wgs_termijn_overschreden": "Wgs-termijn eerste gesprek overschreden",
    "zes_weken_termijn_overschreden": "Woonplan niet binnen zes weken",
    "uitstroom": "Uitstroom",
    "terugval": "Terugval",
}


class ReportRow(BaseModel):
    """One metric in one cell: municipality and month, programme and age band.

    `dimension` splits a metric where that matters (the referrer of an aanmelding, the
    destination of uitstroom: werk, opleiding, dagbesteding, zorg); `total` sums a value where
    one is counted (days from homeless to housed), else None.
    """

    month: date
    programma: str
    age_band: str
    metric: str
    dimension: str | None
    count: int
    total: int | None


class PhaseCount(BaseModel):
    """How many young people stand in one phase now: a stock, not a flow."""

    track: str  # "rodeloper", "schulden" or "wonen"
    code: str
    count: int


class Report(BaseModel):
    """A municipality's report over a period, optionally for one programme or age band."""

    gemeentecode: str
    start: date
    end: date
    programma: str | None
    age_band: str | None
    rows: list[ReportRow]
    phases: list[PhaseCount]
