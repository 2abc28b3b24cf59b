"""`GET /youths/{youth_id}/plan`: the toekomstplan, for everyone who works with the young person.

Who may read it and whose goal texts open: services/intake/domain/plan_access.py. Whoever may
not, and whoever asks of a young person of another municipality or one not there, gets the same
404, so nobody learns whether the young person exists. Every read is processing-logged with
the reader, the young person and the legal basis the read rested on (`avg_6_1_e` for the goals,
`avg_6_1_a` once a text opened on consent, `avg_9_2_a` for a special-category one, `avg_15`
when the young person reads their own plan: role `jongere`, any other youth id is the 404).

`GET /youths/{youth_id}/betrokkenen`, for the same readers: who works with the young person now,
by role, never by pseudonym (a jongerenregisseur assigned, the domains with an open trajectory),
so Mijn regie can show the young person whom to reach without learning employees' ids.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, status
from pydantic import BaseModel, Field

from services.intake.domain.plan_access import GRONDSLAG, PlanReader, plan_access
from services.intake.handlers import fold, youth_stream
from services.intake.plan_view import PlanView, plan_view
from services.intake.projections.involvement import open_domains, open_since, progress_of
from shared.auth import Authenticator, Principal
from shared.auth.roles import ROLES
from shared.clock import clock_of
from shared.command_http import UNKNOWN_YOUTH, load_visible, logged
from shared.processing_log import note_processing

ACTIVITY = "intake.toekomstplan"
ACTIVITY_NAME = "Inzien toekomstplan"
INVOLVED_ACTIVITY = "intake.betrokkenen"
INVOLVED_ACTIVITY_NAME = "Inzien wie met de jongere werkt"


class InvolvedDomain(BaseModel):
    """A life domain with an open trajectory: its workers work with the young person now."""

    domain: str = Field(examples=["debts"])
    since: date | None = Field(description="When the open trajectory began, if known.")


class Involved(BaseModel):
    """Who works with the young person now, by role: no employee's pseudonym."""

    youth_id: uuid.UUID
    director_assigned: bool = Field(description="A jongerenregisseur is assigned.")
    domains: list[InvolvedDomain] = Field(description="debts, housing, coaching, income.")


def build_plan_router(auth: Authenticator) -> APIRouter:
    """The plan's read: for a role that meets young people a refusal is always the 404.

    Policy staff (beleidsmedewerker) and programme monitors (programmamonitor) read figures
    only: their role check refuses with a 403.
    """
    router = APIRouter()
    anyone = auth.require(*sorted(ROLES - {"beleidsmedewerker", "programmamonitor"}))

    @router.get(
        "/youths/{youth_id}/plan",
        summary=ACTIVITY_NAME,
        dependencies=logged(
            action="lezen", activity=ACTIVITY, activity_name=ACTIVITY_NAME, grondslag="avg_6_1_e"
        ),
    )
    async def plan(
        youth_id: uuid.UUID, principal: Annotated[Principal, Depends(anyone)], request: Request
    ) -> PlanView:
        """The current toekomstplan: goals per life domain, reviews and the domains' progress.

        The goals show to every reader allowed; a goal's text only where the reader's own domain
        or the young person's consent (`gegevens_uitwisselen`) covers its life domain, and
        "afgeschermd" elsewhere.
        """
        note_processing(request, principal=principal)
        state = request.app.state
        recorded = await load_visible(state.store, youth_stream(youth_id), principal, UNKNOWN_YOUTH)
        youth = await fold(state.sealer, recorded)
        tenant = principal.gemeentecode
        domains = await open_domains(state.pool, state.schema, youth_id, tenant)
        reader = PlanReader(principal.actor, principal.roles, principal.young_person)
        access = plan_access(reader, youth.director_id, domains, of_youth=str(youth_id))
        if access is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_YOUTH)
        shown = await plan_view(
            state.sealer,
            youth_id=youth_id,
            recorded=recorded,
            access=access,
            progress=await progress_of(state.pool, state.schema, youth_id, tenant),
            today=clock_of(request).today(),
        )
        note_processing(request, grondslag=shown.grondslag)
        return shown.view

    @router.get(
        "/youths/{youth_id}/betrokkenen",
        summary=INVOLVED_ACTIVITY_NAME,
        dependencies=logged(
            action="lezen",
            activity=INVOLVED_ACTIVITY,
            activity_name=INVOLVED_ACTIVITY_NAME,
            grondslag="avg_6_1_e",
        ),
    )
    async def involved(
        youth_id: uuid.UUID, principal: Annotated[Principal, Depends(anyone)], request: Request
    ) -> Involved:
        """Whether a jongerenregisseur is assigned, and the domains with an open trajectory.

        The plan's readers only (the rest: the 404 of one not there); the young person's own
        read rests on their right of access (`avg_15`).
        """
        note_processing(request, principal=principal)
        state = request.app.state
        recorded = await load_visible(state.store, youth_stream(youth_id), principal, UNKNOWN_YOUTH)
        youth = await fold(state.sealer, recorded)
        tenant = principal.gemeentecode
        since = await open_since(state.pool, state.schema, youth_id, tenant)
        reader = PlanReader(principal.actor, principal.roles, principal.young_person)
        access = plan_access(reader, youth.director_id, since, of_youth=str(youth_id))
        if access is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_YOUTH)
        if access.basis == "jongere":
            note_processing(request, grondslag=GRONDSLAG["eigen_gegevens"])
        return Involved(
            youth_id=youth_id,
            director_assigned=youth.director_id is not None,
            domains=[InvolvedDomain(domain=d, since=s) for d, s in since.items()],
        )

    return router
