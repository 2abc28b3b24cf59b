"""`GET /youths/{youth_id}/consents`: the young person reads the consents they gave (Mijn regie).

Only the young person themself (role `jongere`), for their own youth id: any other id is the
404 of one not there, so nobody learns whether another young person exists; employees read
the consents in the dossier (`GET /youths/{id}`). Each read is processing-logged with the
young person as the actor, on their right of access (`avg_15`). Giving and withdrawing are the
professionals' commands, `/consents` and `/consent-withdrawals` (commands_api.py).

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, status
from pydantic import BaseModel, Field

from services.intake.domain.consents import current_consents
from services.intake.domain.vocabulary import ConsentPurpose, Leefgebied
from services.intake.handlers import youth_stream
from shared.auth import Authenticator, Principal
from shared.auth.roles import YOUNG_PERSON
from shared.clock import clock_of
from shared.command_http import UNKNOWN_YOUTH, load_visible, logged
from shared.processing_log import note_processing

ACTIVITY = "intake.toestemming"
ACTIVITY_NAME = "Inzien eigen toestemmingen"


class ConsentHeld(BaseModel):
    """One purpose's consent as it holds today."""

    purpose: ConsentPurpose = Field(examples=["tijdlijn_delen"])
    leefgebieden: list[Leefgebied] = Field(
        description="The life domains it covers today.", examples=[["financien", "wonen"]]
    )
    given_on: date = Field(examples=["2026-03-02"])
    valid_until: date | None = Field(default=None, examples=["2027-03-01"])


class ConsentsView(BaseModel):
    """The consents that hold today; a purpose without one is absent."""

    youth_id: uuid.UUID
    consents: list[ConsentHeld]


def build_consents_router(auth: Authenticator) -> APIRouter:
    """The young person's own read of their consents."""
    router = APIRouter()
    young_person = auth.require(YOUNG_PERSON)

    @router.get(
        "/youths/{youth_id}/consents",
        summary=ACTIVITY_NAME,
        dependencies=logged(
            action="lezen", activity=ACTIVITY, activity_name=ACTIVITY_NAME, grondslag="avg_15"
        ),
    )
    async def consents(
        youth_id: uuid.UUID,
        principal: Annotated[Principal, Depends(young_person)],
        request: Request,
    ) -> ConsentsView:
        """The consents I gave that hold today, per purpose and life domain."""
        note_processing(request, principal=principal)
        if principal.young_person != str(youth_id):
            raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_YOUTH)
        state = request.app.state
        recorded = await load_visible(state.store, youth_stream(youth_id), principal, UNKNOWN_YOUTH)
        events = [state.sealer.open_without_personal_data(r) for r in recorded]
        held = current_consents(events, clock_of(request).today())
        return ConsentsView(
            youth_id=youth_id,
            consents=[
                ConsentHeld.model_validate(
                    {
                        "purpose": c.purpose,
                        "leefgebieden": sorted(c.leefgebieden),
                        "given_on": c.given_on,
                        "valid_until": c.valid_until,
                    }
                )
                for c in sorted(held.values(), key=lambda c: c.purpose)
            ],
        )

    return router
