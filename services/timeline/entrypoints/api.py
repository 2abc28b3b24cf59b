"""HTTP routes of the timeline.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import uuid
from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, status

from services.timeline.views import Timeline, tenants_of, timeline
from shared.auth import Authenticator, Principal, ensure_tenant
from shared.command_http import processing_log
from shared.processing_log import note_processing, processing

if TYPE_CHECKING:
    from asyncpg.pool import Pool

# A domain worker sees the entries of their own domain; directors and auditors see all.
DOMAIN_OF_ROLE = {
    "intake": "intake",
    "schuldhulpverlener": "debts",
    "woonconsulent": "housing",
    "coach": "coaching",
    "klantmanager": "coaching",
}
SEES_ALL = frozenset({"regisseur", "auditor"})


def visible_domains(principal: Principal) -> list[str] | None:
    """None means every domain."""
    if principal.roles & SEES_ALL:
        return None
    return sorted({DOMAIN_OF_ROLE[r] for r in principal.roles if r in DOMAIN_OF_ROLE})


READ_TIMELINE = processing(
    processing_log,
    action="lezen",
    activity="timeline.inzien",
    activity_name="Inzien geconsolideerde tijdlijn",
    # No general legal basis for cross-domain processing exists yet (research §0.5); each
    # entry's own basis is shown with it, and the read itself rests on the public task.
    grondslag="avg_6_1_e",
)


def build_router(auth: Authenticator, schema: str) -> APIRouter:
    """The routes, bound to their dependencies by the composition root."""
    router = APIRouter()
    viewer = Annotated[Principal, Depends(auth.require(*SEES_ALL, *DOMAIN_OF_ROLE))]

    @router.get(
        "/youths/{youth_id}/timeline",
        dependencies=[Depends(READ_TIMELINE, scope="function")],
    )
    async def show(youth_id: uuid.UUID, principal: viewer, request: Request) -> Timeline:
        """One consolidated timeline across every life domain the viewer may see."""
        note_processing(request, principal=principal)
        pool: Pool = request.app.state.pool
        tenants = await tenants_of(pool, schema, str(youth_id))
        if not tenants:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "Onbekende jongere")
        if principal.gemeentecode not in tenants:
            ensure_tenant(principal, next(iter(tenants)))
        return await timeline(
            pool, schema, str(youth_id), principal.gemeentecode, visible_domains(principal)
        )

    return router
