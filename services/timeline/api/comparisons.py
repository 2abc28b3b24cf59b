"""`GET /comparisons`: a programme's municipalities side by side, protected figures only.

For the `programmamonitor` alone, and only for the municipalities of the programme its token
names (TIMELINE_PROGRAMMES). What it reads is what each municipality published, protected
before it left: never a record, a name or an exact small count. The auditor reads its own
municipality's exact report; it has no business with another municipality's figures, so it
is not admitted here. No `from __future__ import annotations`: FastAPI resolves route
annotations at runtime.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from services.timeline.comparison.exports import comparison_csv, comparison_xlsx
from services.timeline.comparison.model import Comparison
from services.timeline.comparison.read_model import compared
from services.timeline.reports.workbook import XLSX
from services.timeline.settings import TimelineSettings
from shared.auth import Authenticator, Principal
from shared.command_http import processing_log
from shared.processing_log import note_processing, processing
from shared.report_period import MONTH, field_error, month_span

CSV = "text/csv"
COMPARISON_READERS = ("programmamonitor",)
# A column per municipality and a row per month: ten years is a long comparison already, and
# a thousand years of empty months would be a slow answer to a typo.
MAX_MONTHS = 10 * 12

READ_COMPARISON = processing(
    processing_log,
    action="lezen",
    activity="timeline.vergelijking",
    activity_name="Inzien vergelijking tussen gemeenten (beschermde aantallen)",
    grondslag="avg_6_1_e",
    vertrouwelijkheid="intern",
)


async def read_comparison(
    request: Request, principal: Principal, settings: TimelineSettings, start: str, end: str
) -> Comparison:
    """The comparison of the principal's programme over the months asked; 422 on a bad month."""
    note_processing(request, principal=principal)
    first, last = month_span(start, end)
    if (last.year - first.year) * 12 + last.month - first.month >= MAX_MONTHS:
        raise field_error(
            "until", "until: kies een periode van hoogstens tien jaar",
            "until: choose a period of at most ten years",
        )  # fmt: skip
    programma = principal.programma or ""
    return await compared(
        request.app.state.pool, settings.schema_name, programma=programma,
        gemeenten=settings.programmes.get(programma, []), start=first, end=last,
    )  # fmt: skip


def build_comparisons_router(auth: Authenticator, settings: TimelineSettings) -> APIRouter:
    """`GET /comparisons` (JSON), `/comparisons.csv` and `/comparisons.xlsx`."""
    router = APIRouter()
    reader = Annotated[Principal, Depends(auth.require(*COMPARISON_READERS))]
    shape = {"pattern": MONTH}
    start_month = Annotated[str, Query(alias="from", json_schema_extra=shape, examples=["2026-01"])]
    end_month = Annotated[str, Query(alias="until", json_schema_extra=shape, examples=["2026-03"])]
    logged = [Depends(READ_COMPARISON, scope="function")]

    @router.get("/comparisons", dependencies=logged)
    async def show(
        request: Request, principal: reader, start: start_month, end: end_month
    ) -> Comparison:
        """Per figure and month, each municipality's protected count (null: not published)."""
        return await read_comparison(request, principal, settings, start, end)

    @router.get(
        "/comparisons.csv",
        response_class=Response,
        dependencies=logged,
        responses={200: {"content": {CSV: {}}}},
    )
    async def download(
        request: Request, principal: reader, start: start_month, end: end_month
    ) -> Response:
        """The same as CSV (`;`-separated, UTF-8 with a byte order mark)."""
        found = await read_comparison(request, principal, settings, start, end)
        name = f"vergelijking-{found.programma}-{start}-{end}.csv"
        return Response(
            comparison_csv(found),
            media_type=f"{CSV}; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    @router.get(
        "/comparisons.xlsx",
        response_class=Response,
        dependencies=logged,
        responses={200: {"content": {XLSX: {}}}},
    )
    async def workbook(
        request: Request, principal: reader, start: start_month, end: end_month
    ) -> Response:
        """The same as .xlsx: a sheet per figure, a column per municipality, the rule stated."""
        found = await read_comparison(request, principal, settings, start, end)
        name = f"vergelijking-{found.programma}-{start}-{end}.xlsx"
        return Response(
            comparison_xlsx(found),
            media_type=XLSX,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    return router
