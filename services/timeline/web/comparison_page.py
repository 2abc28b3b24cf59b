"""The comparison page: a programme's municipalities side by side, protected figures only.

For the programmamonitor, whose web view opens here and whose menu holds only this page; like
`GET /comparisons`, only the municipalities of its token's programme, each figure as that
municipality published it. Logged as `timeline.vergelijking`.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request, status
from fastapi.responses import HTMLResponse, Response

from services.timeline.comparison.exports import NOT_PUBLISHED, comparison_xlsx
from services.timeline.comparison.model import ComparedFigure, Comparison
from services.timeline.comparison.read_model import compared
from services.timeline.reports.workbook import XLSX
from services.timeline.settings import TimelineSettings
from services.timeline.web.labels import programme_label
from services.timeline.web.rendering import page
from services.timeline.web.report_page import default_months, read_period
from services.timeline.web.session import identify_by_cookie, require
from services.timeline.web.svg_charts import Chart, Series, render
from shared.auth import AuthSettings, Principal
from shared.clock import clock_of
from shared.command_http import processing_log
from shared.processing_log import note_processing, processing

UNPUBLISHED = "-"  # in a chart's table; the spreadsheet says it in words


def comparison_charts(comparison: Comparison) -> list[Chart]:
    """A column chart per figure: months along, a series (colour and legend) per municipality."""
    return [_chart(comparison, figure) for figure in comparison.figures]


def _chart(comparison: Comparison, figure: ComparedFigure) -> Chart:
    series = tuple(
        Series(
            label=f"Gemeente {g}",
            values=tuple(
                UNPUBLISHED if (count := m.counts[g]) is None else count for m in figure.months
            ),
        )
        for g in comparison.gemeenten
    )
    return Chart(
        key=f"vergelijking-{figure.metric}",
        title=figure.label,
        description=f"{figure.label} per maand, per gemeente, zoals elke gemeente publiceerde.",
        kind="kolommen",
        categories=tuple(m.month for m in figure.months),
        series=series,
        x_label="Maand",
        y_label="Aantal",
    )


def add_comparison_page(router: APIRouter, auth: AuthSettings, settings: TimelineSettings) -> None:
    """`/ui/vergelijking` and its spreadsheet, on the web view's router."""
    reader = Annotated[Principal, Depends(require(auth, "programmamonitor"))]
    logged = processing(
        processing_log,
        action="lezen",
        activity="timeline.vergelijking",
        activity_name="Inzien vergelijking tussen gemeenten (beschermde aantallen)",
        grondslag="avg_6_1_e",
        vertrouwelijkheid="intern",
        identify=identify_by_cookie(auth),
    )

    async def read(request: Request, principal: Principal, van: str, tot: str) -> Response:
        note_processing(request, principal=principal)
        request.state.web_principal = principal
        first, last, errors = read_period(van, tot, "", "")
        programma = principal.programma or ""
        context: dict[str, object] = {
            "form": {"van": van, "tot": tot}, "errors": errors, "charts": [],
            "programme": programme_label(programma), "unpublished": NOT_PUBLISHED,
        }  # fmt: skip
        if errors or first is None or last is None:
            return page(
                request, "vergelijking.html", context, status.HTTP_422_UNPROCESSABLE_CONTENT
            )
        found = await compared(
            request.app.state.pool, settings.schema_name, programma=programma,
            gemeenten=settings.programmes.get(programma, []), start=first, end=last,
        )  # fmt: skip
        request.state.comparison = found
        context["comparison"] = found
        context["charts"] = [(chart, render(chart)) for chart in comparison_charts(found)]
        context["download"] = urlencode({"van": van, "tot": tot})
        return page(request, "vergelijking.html", context)

    @router.get(
        "/vergelijking",
        response_class=HTMLResponse,
        dependencies=[Depends(logged, scope="function")],
    )
    async def comparison(
        principal: reader, request: Request, van: str | None = None, tot: str | None = None
    ) -> Response:
        """Per figure a chart and a table: a row per month, a column per municipality."""
        start, end = default_months(clock_of(request).today())
        return await read(request, principal, (van or start).strip(), (tot or end).strip())

    @router.get(
        "/vergelijking.xlsx",
        response_class=Response,
        dependencies=[Depends(logged, scope="function")],
    )
    async def workbook(
        principal: reader, request: Request, van: str = "", tot: str = ""
    ) -> Response:
        """The page's figures as a spreadsheet: a sheet per figure, the rule stated above."""
        shown = await read(request, principal, van.strip(), tot.strip())
        found = getattr(request.state, "comparison", None)
        if found is None:
            return shown  # the form's 422 page, naming what to correct
        name = f"vergelijking-{found.programma}-{van.strip()}-{tot.strip()}.xlsx"
        return Response(
            comparison_xlsx(found),
            media_type=XLSX,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
