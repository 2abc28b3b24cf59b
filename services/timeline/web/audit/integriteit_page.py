"""The Integriteit page, `/ui/integriteit`: each service's latest chain verification.

From the scheduled passes every service records (shared/integrity.py), as the signals
projection keeps them (services/timeline/signals/integrity.py): when it ran, what it checked,
and each altered, removed, reordered or inserted event or log entry by its place. A service
without a recorded pass says so; a pass is never run from here.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from services.timeline.read_model.catalogue import domains
from services.timeline.settings import TimelineSettings
from services.timeline.signals.integrity import latest_verifications
from services.timeline.web.audit.roles import AUDIT_ROLES
from services.timeline.web.rendering import page
from services.timeline.web.session import identify_by_cookie, require
from shared.auth import AuthSettings, Principal
from shared.command_http import processing_log
from shared.processing_log import note_processing, processing

PATH = "/integriteit"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
KINDS = (  # what a problem's text says happened, and its Dutch name
    ("altered", "gewijzigd"),
    ("removed", "verwijderd"),
    ("reordered", "verplaatst"),
    ("moved", "verplaatst"),
    ("inserted", "ingevoegd"),
)


def problem_kinds(problem: str) -> tuple[str, ...]:
    """What a verification problem says was done to the event or entry, in Dutch."""
    return tuple(dict.fromkeys(nl for en, nl in KINDS if en in problem))


def add_integriteit_page(router: APIRouter, auth: AuthSettings, settings: TimelineSettings) -> None:
    """`GET /ui/integriteit` on the web view's router, for auditors and privacy officers."""
    auditor = Annotated[Principal, Depends(require(auth, *AUDIT_ROLES))]
    read_results = processing(
        processing_log,
        action="lezen",
        activity="timeline.integriteit",
        activity_name="Inzien uitkomst controle hashketens",
        grondslag="avg_6_1_c",
        vertrouwelijkheid="intern",
        identify=identify_by_cookie(auth),
    )

    @router.get(PATH, response_class=HTMLResponse,
                dependencies=[Depends(read_results, scope="function")])  # fmt: skip
    async def integriteit(principal: auditor, request: Request) -> Response:
        """Per service: the latest pass, when it ran, and every problem it named."""
        note_processing(request, principal=principal)
        request.state.web_principal = principal
        found = await latest_verifications(
            request.app.state.pool, settings.schema_name, principal.gemeentecode
        )
        by_service = {v.service: v for v in found}
        # Every domain the timeline reads verifies its own chains, so each has a row.
        services = sorted({*domains(), *by_service})
        context = {"services": services, "by_service": by_service, "kinds": problem_kinds,
                   "zone": AMSTERDAM}  # fmt: skip
        return page(request, "integriteit.html", context)
