"""`GET /destruction-list`: the young people whose retention ended, for approval.

For the municipality's `archivaris` and the privacy officer; no personal data (pseudonyms,
programme, result, dates). Every read is processing-logged, on a legal obligation (AVG art.
6(1)(c); the Archiefwet: the municipality destroys what the Selectielijst lets it, and accounts
for it).

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from services.intake.destruction_list import destruction_list
from services.intake.handlers import intake_settings
from shared.auth import Authenticator, Principal
from shared.clock import Today
from shared.command_http import logged
from shared.processing_log import note_processing

LIST_ACTIVITY = "intake.vernietigingslijst"
LIST_NAME = "Vernietigingslijst inzien"
DESTRUCTION_ROLES = ("archivaris", "privacy_officer")


class DueForDestruction(BaseModel):
    """A young person whose retention ended: on the list of `listed_in`."""

    youth_id: uuid.UUID = Field(description="The young person's opaque id.")
    programma: str | None = Field(description="The programme registered for.", examples=["jpf"])
    result: str | None = Field(description="The last exit's destination.", examples=["werk"])
    care_ended_on: date = Field(
        description="The end of the last trajectory in any domain: the retention clock's start.",
        examples=["2006-03-01"],
    )
    retention_years: int = Field(description="The period set for it, in years.", examples=[20])
    destroy_from: date = Field(description="The day the period ended.", examples=["2026-03-01"])
    listed_in: str = Field(description="The month of the list (YYYY-MM).", examples=["2026-03"])


class DestructionList(BaseModel):
    """The municipality's young people due for destruction, oldest first."""

    items: list[DueForDestruction]


def build_destruction_router(auth: Authenticator) -> APIRouter:
    """The destruction list's routes."""
    router = APIRouter()
    archivist = auth.require(*DESTRUCTION_ROLES)

    @router.get(
        "/destruction-list",
        summary=LIST_NAME,
        dependencies=logged(
            action="lezen", activity=LIST_ACTIVITY, activity_name=LIST_NAME, grondslag="avg_6_1_c"
        ),
    )
    async def list_due(
        principal: Annotated[Principal, Depends(archivist)], request: Request, today: Today
    ) -> DestructionList:
        """Who is due: retention ended, in no programme and with no trajectory open anywhere."""
        note_processing(request, principal=principal)
        state = request.app.state
        periods = intake_settings().retention
        due = await destruction_list(
            state.pool, state.schema, principal.gemeentecode, periods, today
        )
        return DestructionList(items=[DueForDestruction(**vars(d)) for d in due])

    return router
