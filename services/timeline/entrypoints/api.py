"""HTTP routes of the timeline: one young person's timeline and summary, a director's list.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import uuid
from datetime import UTC, date, datetime
from typing import Annotated

from asyncpg.pool import Pool
from fastapi import APIRouter, Depends, HTTPException, Query, Request, status

from services.timeline.access import AUDITOR, READERS, Viewer, may_open
from services.timeline.catalogue import domains
from services.timeline.erasure import ErasureStatus, erasure_status
from services.timeline.settings import TimelineSettings
from services.timeline.views import (
    Period,
    Timeline,
    Youth,
    YouthListItem,
    YouthSummary,
    directed_by,
    find_youth,
    summary,
    timeline,
)
from shared.auth import Authenticator, Principal
from shared.command_http import UNKNOWN_YOUTH, processing_log
from shared.http import log_context
from shared.processing_log import note_processing, processing

READ_TIMELINE = processing(
    processing_log,
    action="lezen",
    activity="timeline.inzien",
    activity_name="Inzien geconsolideerde tijdlijn",
    # No general legal basis for cross-domain processing exists yet (research §0.5); each
    # entry's own basis is weighed per entry, and the read itself rests on the public task.
    grondslag="avg_6_1_e",
)
READ_ERASURE = processing(
    processing_log,
    action="lezen",
    activity="timeline.vernietiging",
    activity_name="Controleren vernietiging persoonsgegevens",
    grondslag="avg_6_1_c",  # the duty to erase (AVG art. 17) and to show it was done
)
READ_SUMMARY = processing(
    processing_log,
    action="lezen",
    activity="timeline.overzicht",
    activity_name="Inzien overzicht leefgebieden",
    grondslag="avg_6_1_e",
)


async def opened_youth(pool: Pool, schema: str, youth_id: uuid.UUID, principal: Principal) -> Youth:
    """The young person, if the caller may open their timeline: else 404 (not theirs alike), 403."""
    youth = await find_youth(pool, schema, str(youth_id))
    # Another municipality's young person is answered as one not there: no oracle.
    if youth is None or youth.gemeentecode != principal.gemeentecode:
        raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_YOUTH)
    if not may_open(Viewer.of(principal), youth.director_id):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            {"nl": "Deze jongere is niet aan u toegewezen",
             "en": "This young person is not assigned to you"},
        )  # fmt: skip
    return youth


def build_router(auth: Authenticator, settings: TimelineSettings) -> APIRouter:
    """The routes, bound to their dependencies by the composition root."""
    router = APIRouter()
    schema = settings.schema_name
    viewer = Annotated[Principal, Depends(auth.require(*READERS))]

    @router.get(
        "/youths/{youth_id}/timeline",
        dependencies=[Depends(READ_TIMELINE, scope="function")],
    )
    async def show(  # noqa: PLR0913 - FastAPI injects each parameter by name
        *,
        youth_id: uuid.UUID,
        principal: viewer,
        request: Request,
        domain: Annotated[list[str] | None, Query(description="Only these domains.")] = None,
        start: Annotated[date | None, Query(alias="from")] = None,
        end: Annotated[date | None, Query(alias="until")] = None,
    ) -> Timeline:
        """One consolidated timeline across every life domain the viewer may see."""
        note_processing(request, principal=principal)
        unknown = set(domain or ()) - set(domains())
        if unknown:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT,
                [{"loc": ["query", "domain"], "type": "value_error",
                  "msg": f"Onbekend domein: {', '.join(sorted(unknown))}"}],
            )  # fmt: skip
        pool: Pool = request.app.state.pool
        youth = await opened_youth(pool, schema, youth_id, principal)
        found = await timeline(
            pool, schema, youth, Viewer.of(principal), moment=datetime.now(UTC),
            policy=settings.policy_for(principal.gemeentecode),
            period=Period(tuple(domain) if domain else None, start, end),
        )  # fmt: skip
        log_context(request, redacted=found.redacted, hidden=found.hidden)
        return found

    @router.get(
        "/youths/{youth_id}/summary",
        dependencies=[Depends(READ_SUMMARY, scope="function")],
    )
    async def overview(youth_id: uuid.UUID, principal: viewer, request: Request) -> YouthSummary:
        """Every life domain's state, as far as the viewer may see it."""
        note_processing(request, principal=principal)
        pool: Pool = request.app.state.pool
        youth = await opened_youth(pool, schema, youth_id, principal)
        return await summary(
            pool, schema, youth, Viewer.of(principal), moment=datetime.now(UTC),
            policy=settings.policy_for(principal.gemeentecode),
        )  # fmt: skip

    @router.get(
        "/youths/{youth_id}/erasure",
        dependencies=[Depends(READ_ERASURE, scope="function")],
    )
    async def erasure(
        youth_id: uuid.UUID,
        principal: Annotated[Principal, Depends(auth.require(AUDITOR))],
        request: Request,
    ) -> ErasureStatus:
        """Whether intake's erasure was confirmed by every domain that held the young person."""
        note_processing(request, principal=principal)
        pool: Pool = request.app.state.pool
        youth = await opened_youth(pool, schema, youth_id, principal)
        return await erasure_status(pool, schema, youth.youth_id)

    @router.get("/directors/me/youths")
    async def mine(
        principal: Annotated[Principal, Depends(auth.require("regisseur"))], request: Request
    ) -> list[YouthListItem]:
        """The young people assigned to the calling jongerenregisseur, with domain badges."""
        return await directed_by(
            request.app.state.pool, schema, Viewer.of(principal), moment=datetime.now(UTC),
            policy=settings.policy_for(principal.gemeentecode),
        )  # fmt: skip

    return router
