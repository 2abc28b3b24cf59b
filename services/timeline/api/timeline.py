"""HTTP routes of the timeline: one young person's timeline and summary, a director's list.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import uuid
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response, status

from services.timeline.read_model.access import AUDITOR, READERS, Policy, Viewer
from services.timeline.read_model.catalogue import domains
from services.timeline.read_model.erasure import ErasureStatus, erasure_status
from services.timeline.read_model.queries import (
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    BadCursorError,
    Cursor,
    NotAssignedError,
    PageLines,
    Period,
    Sight,
    Timeline,
    UnknownYouthError,
    YouthListItem,
    YouthSummary,
    directed_by,
    open_youth,
    opened_page,
    sight_of,
    summary,
    timeline,
)
from services.timeline.settings import TimelineSettings
from shared.auth import Authenticator, Principal
from shared.command_http import NOT_ASSIGNED, UNKNOWN_YOUTH, processing_log
from shared.http import log_context
from shared.processing_log import note_processing, processing

if TYPE_CHECKING:
    from asyncpg.pool import Pool

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
READ_MINE = processing(
    processing_log,
    action="lezen",
    activity="timeline.mijn_jongeren",
    activity_name="Inzien lijst eigen jongeren",
    grondslag="avg_6_1_e",
)
READ_SUMMARY = processing(
    processing_log,
    action="lezen",
    activity="timeline.overzicht",
    activity_name="Inzien overzicht leefgebieden",
    grondslag="avg_6_1_e",
)


async def opened_sight(
    request: Request, schema: str, youth_id: uuid.UUID, principal: Principal, policy: Policy
) -> Sight:
    """What the caller may see of the young person, now: else 404 (not theirs alike), 403.

    The viewer, the young person and their consents are loaded here, once per request.
    """
    pool: Pool = request.app.state.pool
    viewer = Viewer.of(principal)
    try:
        youth = await open_youth(pool, schema, str(youth_id), viewer)
    except UnknownYouthError:
        # Another municipality's young person is answered as one not there: no oracle.
        raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_YOUTH) from None
    except NotAssignedError:
        raise HTTPException(status.HTTP_403_FORBIDDEN, NOT_ASSIGNED) from None
    return await sight_of(pool, schema, youth, viewer, moment=datetime.now(UTC), policy=policy)


async def _opened_page(  # noqa: PLR0913 - the read's facts, each named at the call site
    request: Request,
    schema: str,
    youth_id: uuid.UUID,
    principal: Principal,
    *,
    policy: Policy,
    period: Period,
    size: int,
    after: Cursor | None,
) -> PageLines:
    """The page the caller may see, in one round trip: else 404 (not theirs alike), 403."""
    try:
        return await opened_page(
            request.app.state.pool, schema, str(youth_id), Viewer.of(principal),
            moment=datetime.now(UTC), policy=policy, period=period, limit=size, before=after,
        )  # fmt: skip
    except UnknownYouthError:
        raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_YOUTH) from None
    except NotAssignedError:
        raise HTTPException(status.HTTP_403_FORBIDDEN, NOT_ASSIGNED) from None


def _next_link(request: Request, page: PageLines) -> str | None:
    """The link to the older rest (same filters and size), or None on the last page."""
    if page.after is None:
        return None
    link = request.url.remove_query_params(["limit", "before"])
    return str(link.include_query_params(limit=page.limit, before=page.after.encode()))


PAGE_LIMIT = (
    "Page size (1-200, default 50 once paging): the newest entries first. Without `limit` and"
    " `before` the answer is the whole timeline, oldest first."
)
PAGE_BEFORE = "Opaque cursor from an earlier page's `next` link: the entries older than it."


def _cursor(before: str | None) -> Cursor | None:
    """The decoded `before`, or a bilingual 422 naming it (never a 5xx)."""
    if before is None:
        return None
    try:
        return Cursor.decode(before)
    except BadCursorError:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            [
                {
                    "loc": ["query", "before"],
                    "type": "value_error",
                    "input": before[:40],
                    "msg": "Ongeldige cursor: gebruik de next-link van een eerdere pagina",
                    "msg_en": "Invalid cursor: use the next link of an earlier page",
                }
            ],
        ) from None


def build_router(auth: Authenticator, settings: TimelineSettings) -> APIRouter:
    """The routes, bound to their dependencies by the composition root."""
    router = APIRouter()
    schema = settings.schema_name
    viewer = Annotated[Principal, Depends(auth.require(*READERS))]

    @router.get(
        "/youths/{youth_id}/timeline",
        response_model=Timeline,
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
        limit: Annotated[int | None, Query(ge=1, le=MAX_PAGE_SIZE, description=PAGE_LIMIT)] = None,
        before: Annotated[str | None, Query(max_length=400, description=PAGE_BEFORE)] = None,
    ) -> Timeline | Response:
        """One consolidated timeline across every life domain the viewer may see.

        Without `limit` and `before`: every entry, oldest first (as before paging existed).
        With either: a page, newest first, and `next` links to the older rest.
        """
        note_processing(request, principal=principal)
        after = _cursor(before)
        unknown = set(domain or ()) - set(domains())
        if unknown:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT,
                [{"loc": ["query", "domain"], "type": "value_error",
                  "msg": f"Onbekend domein: {', '.join(sorted(unknown))}"}],
            )  # fmt: skip
        policy = settings.policy_for(principal.gemeentecode)
        period = Period(tuple(domain) if domain else None, start, end)
        if limit is None and after is None:
            sight = await opened_sight(request, schema, youth_id, principal, policy)
            found = await timeline(request.app.state.pool, schema, sight, period=period)
            log_context(request, redacted=found.redacted, hidden=found.hidden)
            return found
        # A page is read in one round trip (young person, consents, rows) and encoded from its
        # decided rows: the model's JSON byte for byte (PageLines.json), without the models.
        page = await _opened_page(request, schema, youth_id, principal, policy=policy,
                                  period=period, size=limit or PAGE_SIZE, after=after)  # fmt: skip
        log_context(request, redacted=page.redacted, hidden=page.hidden)
        return Response(page.json(_next_link(request, page)), media_type="application/json")

    @router.get(
        "/youths/{youth_id}/summary",
        dependencies=[Depends(READ_SUMMARY, scope="function")],
    )
    async def overview(youth_id: uuid.UUID, principal: viewer, request: Request) -> YouthSummary:
        """Every life domain's state, as far as the viewer may see it."""
        note_processing(request, principal=principal)
        policy = settings.policy_for(principal.gemeentecode)
        sight = await opened_sight(request, schema, youth_id, principal, policy)
        return await summary(request.app.state.pool, schema, sight)

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
        try:
            youth = await open_youth(pool, schema, str(youth_id), Viewer.of(principal))
        except UnknownYouthError:
            raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_YOUTH) from None
        return await erasure_status(pool, schema, youth.youth_id)

    @router.get("/directors/me/youths", dependencies=[Depends(READ_MINE, scope="function")])
    async def mine(
        principal: Annotated[Principal, Depends(auth.require("regisseur"))], request: Request
    ) -> list[YouthListItem]:
        """The young people assigned to the calling jongerenregisseur, with domain badges."""
        note_processing(request, principal=principal)
        return await directed_by(
            request.app.state.pool, schema, Viewer.of(principal), moment=datetime.now(UTC),
            policy=settings.policy_for(principal.gemeentecode),
        )  # fmt: skip

    return router
