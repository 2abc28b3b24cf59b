"""Names of a page of young people in one request: `GET /youths/names?ids=...&ids=...`.

The timeline's web view shows names it does not hold: it asks intake for a whole page's at
once, with the reader's own token. Names are personal data, so the same rule as intake's own
read applies (`may_see_personal_data`): intake workers, and a jongerenregisseur only for the
young people assigned to them. Whoever is not there, is of another municipality or is not the
caller's is simply left out of the answer, alike, so nothing tells them apart.

Every read is processing-logged: the request as usual (`logged`), and one entry per young
person whose name was shown, in that young person's own chain, before the answer leaves.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from services.intake.domain.ages import age_on
from services.intake.handlers import youth_stream
from services.intake.views import youth_view
from shared.auth import Authenticator, Principal
from shared.clock import clock_of
from shared.command_http import Seal, Store, logged, processing_log
from shared.processing_log import note_processing

MAX_IDS = 100
"""A page of young people; more is refused (422), not silently cut."""

ACTIVITY = "intake.namen"
ACTIVITY_NAME = "Inzien namen jongeren"
GRONDSLAG = "pw"


class YouthNames(BaseModel):
    """Each asked-for young person's name the caller may see; the others are left out.

    `ages`: their age in completed years today, for the same readers: the web view shows the
    current age, computed here from the sealed birth date, which never leaves intake.
    """

    names: dict[uuid.UUID, str]
    ages: dict[uuid.UUID, int] = {}


def build_names_router(auth: Authenticator) -> APIRouter:
    """The batch read of names; include it before `/youths/{youth_id}` (which would match)."""
    router = APIRouter()
    reader = auth.require("intake", "regisseur")

    @router.get(
        "/youths/names",
        dependencies=logged(
            action="lezen", activity=ACTIVITY, activity_name=ACTIVITY_NAME, grondslag=GRONDSLAG
        ),
    )
    async def names(
        principal: Annotated[Principal, Depends(reader)],
        store: Store,
        sealer: Seal,
        request: Request,
        ids: Annotated[
            list[uuid.UUID],
            Query(min_length=1, max_length=MAX_IDS, description="The young people, repeated."),
        ],
    ) -> YouthNames:
        """The names of these young people, as far as the caller may see them."""
        note_processing(request, principal=principal)
        found: dict[uuid.UUID, str] = {}
        ages: dict[uuid.UUID, int] = {}
        today = clock_of(request).today()
        for youth_id in dict.fromkeys(ids):
            recorded = await store.load(youth_stream(youth_id))
            if not recorded or recorded[0].metadata.tenant != principal.gemeentecode:
                continue
            view = await youth_view(sealer, youth_id, recorded, principal)
            if view.personal is not None and view.personal.full_name:
                found[youth_id] = view.personal.full_name
                if isinstance(view.personal.date_of_birth, date):
                    ages[youth_id] = age_on(view.personal.date_of_birth, today)
        await _log_each(request, principal, found)
        return YouthNames(names=found, ages=ages)

    return router


async def _log_each(request: Request, principal: Principal, shown: dict[uuid.UUID, str]) -> None:
    """One entry per young person whose name leaves, in their own chain (a failure is a 500)."""
    log = processing_log(request)
    correlation_id = getattr(request.state, "correlation_id", None) or str(uuid.uuid4())
    for youth_id in shown:
        await log.record(
            actor=principal.actor, actor_role=principal.role, tenant=principal.gemeentecode,
            youth_id=str(youth_id), action="lezen", activity=ACTIVITY,
            activity_name=ACTIVITY_NAME, grondslag=GRONDSLAG, vertrouwelijkheid="vertrouwelijk",
            result="gelukt", correlation_id=correlation_id, method=request.method,
            path="/youths/names",
        )  # fmt: skip
