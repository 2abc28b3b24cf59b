"""The Verwerkingen page, `/ui/verwerkingen`: who processed a young person's data, everywhere.

One list over every service's processing log (audit/processing_sources.py), newest first,
filterable by service, action, result and period, and exportable as CSV in the VNG
Verwerkingenlogging fields (`?formaat=csv`). Reading the log is itself a read of the young
person's data: it is in the timeline's own processing log, refusals included.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.responses import HTMLResponse, Response

from services.timeline.settings import TimelineSettings
from services.timeline.web.audit.processing_list import (
    ACTIONS,
    AMSTERDAM,
    RESULTS,
    merged,
    processing_csv,
    read_filter,
)
from services.timeline.web.audit.processing_sources import LIMIT, Asked, ProcessingLogs
from services.timeline.web.audit.roles import AUDIT_ROLES
from services.timeline.web.rendering import page
from services.timeline.web.session import identify_by_cookie, require, token_of
from shared.auth import AuthSettings, Principal
from shared.command_http import processing_log
from shared.processing_log import note_processing, processing
from shared.settings import PlatformSettings

PATH = "/verwerkingen"
SERVICE = "timeline"


def processing_logs(request: Request, settings: TimelineSettings) -> ProcessingLogs:
    """The app's `ProcessingLogs` (a test may set one), else one for the configured services."""
    found = getattr(request.app.state, "processing_logs", None)
    if isinstance(found, ProcessingLogs):
        return found
    return ProcessingLogs((SERVICE, processing_log(request)), settings.service_urls())


def add_verwerkingen_page(
    router: APIRouter, auth: AuthSettings, settings: TimelineSettings
) -> None:
    """`GET /ui/verwerkingen` on the web view's router, for auditors and privacy officers."""
    auditor = Annotated[Principal, Depends(require(auth, *AUDIT_ROLES))]
    uitvoerder = PlatformSettings().oin
    read_log = processing(
        processing_log,
        action="lezen",
        activity="timeline.verwerkingen",
        activity_name="Inzien verwerkingenlogging van een jongere over alle diensten",
        grondslag="avg_6_1_c",
        identify=identify_by_cookie(auth),
    )

    @router.get(PATH, response_class=HTMLResponse,
                dependencies=[Depends(read_log, scope="function")])  # fmt: skip
    async def verwerkingen(  # noqa: PLR0913 - FastAPI injects each parameter by name
        *,
        principal: auditor,
        request: Request,
        jongere: str | None = None,
        dienst: Annotated[list[str] | None, Query()] = None,
        actie: str | None = None,
        resultaat: str | None = None,
        van: str | None = None,
        tot: str | None = None,
        formaat: str | None = None,
    ) -> Response:
        """The form; with a young person, their entries in every service's log, or as CSV."""
        note_processing(request, principal=principal)
        request.state.web_principal = principal
        logs = processing_logs(request, settings)
        keep = read_filter(dienst, actie, resultaat, van, tot, known=logs.services)
        youth_id = _uuid(jongere)
        errors = dict(keep.errors)
        if jongere and youth_id is None:
            errors["jongere"] = ("Vul het kenmerk van de jongere in (een UUID).",
                                 "Enter the young person's id (a UUID).")  # fmt: skip
        context: dict[str, object] = {
            "youth_id": youth_id or (jongere or ""), "keep": keep, "errors": errors,
            "services": logs.services, "actions": ACTIONS, "results": RESULTS,
            "items": None, "unread": (), "full": (), "limit": LIMIT, "zone": AMSTERDAM,
        }  # fmt: skip
        if youth_id is not None and not errors:
            note_processing(request, youth_id=youth_id)
            since, until = keep.window()
            asked = Asked(token_of(request) or "", principal.gemeentecode, youth_id, since, until)
            found = await logs.of(asked)
            items = merged(found.per_service, keep)
            if formaat == "csv":
                return Response(
                    processing_csv(items, uitvoerder), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition":
                             f'attachment; filename="verwerkingen-{youth_id}.csv"'},
                )  # fmt: skip
            context |= {"items": items, "unread": found.unread, "full": found.full}
        code = status.HTTP_422_UNPROCESSABLE_CONTENT if errors else status.HTTP_200_OK
        return page(request, "verwerkingen.html", context, code)


def _uuid(text: str | None) -> str | None:
    try:
        return str(uuid.UUID(text)) if text else None
    except ValueError:
        return None
