"""HTTP routes of the reports: JSON for the web view, CSV and .xlsx for a spreadsheet.

Only counts leave here, never a young person, so the auditor, the jongerenregisseur and the
beleidsmedewerker (policy staff) read their own municipality's report; all but the auditor
with small counts protected. No `from __future__ import annotations`: FastAPI
resolves route annotations at runtime.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from services.timeline.reports.model import AgeBand, Programma, Report
from services.timeline.reports.published import REPORT_READERS, threshold_for
from services.timeline.reports.queries import build_report
from services.timeline.reports.spreadsheet import report_csv
from services.timeline.reports.workbook import XLSX, report_xlsx
from services.timeline.settings import TimelineSettings
from shared.auth import Authenticator, Principal
from shared.clock import clock_of
from shared.command_http import processing_log
from shared.processing_log import note_processing, processing
from shared.report_period import MONTH, month_span

CSV = "text/csv"

READ_REPORT = processing(
    processing_log,
    action="lezen",
    activity="timeline.rapportage",
    activity_name="Inzien rapportage (aantallen)",
    grondslag="avg_6_1_e",
    vertrouwelijkheid="intern",
)


def build_reports_router(auth: Authenticator, settings: TimelineSettings) -> APIRouter:
    """`GET /reports` (JSON, or CSV on `Accept: text/csv`), `/reports.csv`, `/reports.xlsx`."""
    router = APIRouter()
    reader = Annotated[Principal, Depends(auth.require(*REPORT_READERS))]
    # The pattern documents the format; month_span checks it, to refuse in Dutch and English.
    shape = {"pattern": MONTH}
    start_month = Annotated[str, Query(alias="from", json_schema_extra=shape, examples=["2026-01"])]
    end_month = Annotated[str, Query(alias="until", json_schema_extra=shape, examples=["2026-03"])]

    async def report(  # noqa: PLR0913 - the query parameters, passed on by name
        *,
        request: Request,
        principal: Principal,
        start: str,
        end: str,
        programma: Programma | None,
        age_band: AgeBand | None,
    ) -> Report:
        note_processing(request, principal=principal)
        first, last = month_span(start, end)
        return await build_report(
            request.app.state.pool, settings.schema_name, principal.gemeentecode,
            start=first, end=last, programma=programma, age_band=age_band,
            today=clock_of(request).today(),
            threshold=threshold_for(principal.roles, settings.small_cell_threshold),
        )  # fmt: skip

    def as_csv(found: Report, start: str, end: str) -> Response:
        name = f"rapport-{found.gemeentecode}-{start}-{end}.csv"
        return Response(
            report_csv(found),
            media_type=f"{CSV}; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    @router.get(
        "/reports",
        response_model=Report,
        dependencies=[Depends(READ_REPORT, scope="function")],
        responses={200: {"content": {CSV: {}}}},
    )
    async def show(  # noqa: PLR0913 - FastAPI injects each parameter by name
        *,
        request: Request,
        principal: reader,
        start: start_month,
        end: end_month,
        programma: Programma | None = None,
        age_band: AgeBand | None = None,
    ) -> Report | Response:
        """Flows per month, programme, age band and metric, and the stocks per phase now."""
        found = await report(
            request=request, principal=principal, start=start, end=end,
            programma=programma, age_band=age_band,
        )  # fmt: skip
        if CSV in request.headers.get("Accept", ""):
            return as_csv(found, start, end)
        return found

    @router.get(
        "/reports.csv",
        response_class=Response,
        dependencies=[Depends(READ_REPORT, scope="function")],
        responses={200: {"content": {CSV: {}}}},
    )
    async def download(  # noqa: PLR0913 - FastAPI injects each parameter by name
        *,
        request: Request,
        principal: reader,
        start: start_month,
        end: end_month,
        programma: Programma | None = None,
        age_band: AgeBand | None = None,
    ) -> Response:
        """The same report as CSV (`;`-separated, UTF-8 with a byte order mark)."""
        found = await report(
            request=request, principal=principal, start=start, end=end,
            programma=programma, age_band=age_band,
        )  # fmt: skip
        return as_csv(found, start, end)

    @router.get(
        "/reports.xlsx",
        response_class=Response,
        dependencies=[Depends(READ_REPORT, scope="function")],
        responses={200: {"content": {XLSX: {}}}},
    )
    async def workbook(  # noqa: PLR0913 - FastAPI injects each parameter by name
        *,
        request: Request,
        principal: reader,
        start: start_month,
        end: end_month,
        programma: Programma | None = None,
        age_band: AgeBand | None = None,
    ) -> Response:
        """The same report as .xlsx: a sheet per figure with its period, cut and protection."""
        found = await report(
            request=request, principal=principal, start=start, end=end,
            programma=programma, age_band=age_band,
        )  # fmt: skip
        name = f"rapport-{found.gemeentecode}-{start}-{end}.xlsx"
        return Response(
            report_xlsx(found),
            media_type=XLSX,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    return router
