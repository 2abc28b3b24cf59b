"""The report page: counts for the municipality as charts, narrowed by period and group.

Like the API's `GET /reports`, only counts leave here, for the auditor, the jongerenregisseur
and the beleidsmedewerker of the municipality; the read is written to the processing log.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import calendar
import re
from datetime import date
from typing import Annotated, get_args
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request, status
from fastapi.responses import HTMLResponse, Response

from services.timeline.read_model.vocabularies import VOCABULARIES, label
from services.timeline.reports.model import AgeBand, Programma
from services.timeline.reports.published import REPORT_READERS, threshold_for
from services.timeline.reports.queries import build_report
from services.timeline.reports.spreadsheet import FOLLOWED
from services.timeline.reports.time_to_outcome import MILESTONES
from services.timeline.reports.workbook import XLSX, report_xlsx
from services.timeline.settings import TimelineSettings
from services.timeline.web.labels import programme_label
from services.timeline.web.rendering import page
from services.timeline.web.report_charts import charts, key_figures
from services.timeline.web.session import identify_by_cookie, require
from services.timeline.web.svg_charts import render
from shared.auth import AuthSettings, Principal
from shared.clock import clock_of
from shared.command_http import processing_log
from shared.processing_log import note_processing, processing

PROGRAMMES = [p for p in get_args(Programma) if p != "onbekend"]
AGE_BANDS = [b for b in get_args(AgeBand) if b != "onbekend"]
MONTH_HINT = "Vul een maand in als JJJJ-MM, bijvoorbeeld 2025-03."
MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")  # ASCII digits only, as the form asks
# Each chart has a bar or point per month: a century of months would be unreadable and slow.
MAX_MONTHS = 10 * 12
TOO_LONG = "Kies een periode van hoogstens tien jaar."


def _month(value: str, errors: dict[str, str], name: str) -> date | None:
    """The first day of month `value` (JJJJ-MM); year 0 or month 13 is no month either."""
    found = MONTH.fullmatch(value)
    try:
        first = date(int(found[1]), int(found[2]), 1) if found else None
    except ValueError:
        first = None
    if first is None:
        errors[name] = MONTH_HINT
    return first


def default_months(today: date) -> tuple[str, str]:
    """The last twelve months, this one included."""
    first = today.year * 12 + today.month - 1 - 11
    start = date(first // 12, first % 12 + 1, 1)
    return start.strftime("%Y-%m"), today.strftime("%Y-%m")


def read_period(
    van: str, tot: str, programma: str, leeftijd: str
) -> tuple[date | None, date | None, dict[str, str]]:
    """The first and last day of the months asked for, or why not."""
    errors: dict[str, str] = {}
    first, last = _month(van, errors, "van"), _month(tot, errors, "tot")
    if programma and programma not in PROGRAMMES:
        errors["programma"] = "Kies een programma uit de lijst."
    if leeftijd and leeftijd not in AGE_BANDS:
        errors["leeftijd"] = "Kies een leeftijdsgroep uit de lijst."
    if first and last:
        last = last.replace(day=calendar.monthrange(last.year, last.month)[1])
        if last < first:
            errors["tot"] = "De laatste maand ligt vóór de eerste."
        elif (last.year - first.year) * 12 + last.month - first.month >= MAX_MONTHS:
            errors["tot"] = TOO_LONG
    return first, last, errors


def _days(value: float) -> str:
    """Days as a Dutch number: 8, 7,5."""
    return f"{value:g}".replace(".", ",")


def add_report_page(router: APIRouter, auth: AuthSettings, settings: TimelineSettings) -> None:
    """`/ui/rapportage`, on the web view's router."""
    reader = Annotated[Principal, Depends(require(auth, *REPORT_READERS))]
    read_report = processing(
        processing_log,
        action="lezen",
        activity="timeline.rapportage",
        activity_name="Inzien rapportage (aantallen)",
        grondslag="avg_6_1_e",
        vertrouwelijkheid="intern",
        identify=identify_by_cookie(auth),
    )

    @router.get(
        "/rapportage",
        response_class=HTMLResponse,
        dependencies=[Depends(read_report, scope="function")],
    )
    async def report(  # noqa: PLR0913 - FastAPI injects each parameter by name
        *,
        principal: reader,
        request: Request,
        van: str | None = None,
        tot: str | None = None,
        programma: str = "",
        leeftijd: str = "",
    ) -> Response:
        """Inflow, outflow, phases, deadlines and relapse as charts, each also as a table."""
        note_processing(request, principal=principal)
        request.state.web_principal = principal
        today = clock_of(request).today()
        start, end = default_months(today)
        van, tot = (van or start).strip(), (tot or end).strip()
        first, last, errors = read_period(van, tot, programma, leeftijd)
        context: dict[str, object] = {
            "form": {"van": van, "tot": tot, "programma": programma, "leeftijd": leeftijd},
            "errors": errors,
            "programmes": [(p, programme_label(p)) for p in PROGRAMMES],
            "programmes_by_code": {p: programme_label(p) for p in PROGRAMMES},
            "age_bands": AGE_BANDS,
            "charts": [],
            "milestones": MILESTONES,
            "days": _days,
        }
        if errors or first is None or last is None:
            return page(request, "rapportage.html", context, status.HTTP_422_UNPROCESSABLE_CONTENT)
        found = await build_report(
            request.app.state.pool, settings.schema_name, principal.gemeentecode,
            start=first, end=last, programma=programma or None, age_band=leeftijd or None,
            today=today,
            threshold=threshold_for(principal.roles, settings.small_cell_threshold),
        )  # fmt: skip
        context["charts"] = [(chart, render(chart)) for chart in charts(found)]
        context["figures"] = key_figures(found)
        context["report"] = found
        context["obstructions"] = {
            e.obstruction: label("intake.Obstruction", e.obstruction, e.obstruction)
            for e in found.escalations
        }
        # The seeds' figures: perspectives, what followed, the rules of maatwerk, in Dutch.
        context["perspectives"] = {
            **VOCABULARIES["coaching.Perspective"],
            "alle": "Alle perspectieven",
        }
        context["follow_ups"] = FOLLOWED
        context["rules"] = VOCABULARIES["intake.CustomisedRule"]
        # Income's flows (issue 21): each table's metric, caption, column and words per code.
        context["income"] = [
            ("bijstand_instroom", "Instroom in de bijstand per norm", "Norm",
             VOCABULARIES["income.Norm"]),
            ("bijstand_uitstroom", "Uitstroom uit de bijstand per reden", "Reden",
             VOCABULARIES["income.ClearBenefitEndReason"]),
            ("toeslag_toegekend", "Toeslagen toegekend per soort", "Soort",
             VOCABULARIES["income.AllowanceKind"]),
            ("zoektermijn_vrijgesteld", "Zoektermijn vrijgesteld per reden", "Reden",
             VOCABULARIES["income.WaiverReason"]),
        ]  # fmt: skip
        context["download"] = urlencode(
            {"van": van, "tot": tot, "programma": programma, "leeftijd": leeftijd}
        )
        return page(request, "rapportage.html", context)

    @router.get(
        "/rapportage.xlsx",
        response_class=Response,
        dependencies=[Depends(read_report, scope="function")],
    )
    async def workbook(  # noqa: PLR0913 - FastAPI injects each parameter by name
        *,
        principal: reader,
        request: Request,
        van: str = "",
        tot: str = "",
        programma: str = "",
        leeftijd: str = "",
    ) -> Response:
        """The page's figures as a spreadsheet: a sheet per figure, protected as on the page."""
        note_processing(request, principal=principal)
        first, last, errors = read_period(van.strip(), tot.strip(), programma, leeftijd)
        if errors or first is None or last is None:
            request.state.web_principal = principal
            context = {"title": "Ongeldige invoer", "message": " ".join(errors.values())}
            return page(request, "fout.html", context, status.HTTP_422_UNPROCESSABLE_CONTENT)
        found = await build_report(
            request.app.state.pool, settings.schema_name, principal.gemeentecode,
            start=first, end=last, programma=programma or None, age_band=leeftijd or None,
            today=clock_of(request).today(),
            threshold=threshold_for(principal.roles, settings.small_cell_threshold),
        )  # fmt: skip
        name = f"rapport-{found.gemeentecode}-{van.strip()}-{tot.strip()}.xlsx"
        return Response(
            report_xlsx(found),
            media_type=XLSX,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
