"""`GET /youths/{youth_id}/events`: the young person's own events in one service, opened for them.

One route every commanding service serves alike (shared/service_app.py adds it), so Mijn regie
can give the young person every fact recorded about them in every domain (AVG art. 15, and
art. 20 for a copy to take along): their stream's events in order, at the newest version,
with their sealed fields opened by their own key; after erasure those read "gegevens
vernietigd" and are named in `erased`, and the erasure itself stays listed.

Only the young person (role `jongere`) asks, and only for the youth id their own token names:
any other id is the 404 of a young person not there, as is a stream of another municipality.
A service that recorded nothing about them answers an empty list. Who recorded each fact is
given by role, never by an employee's pseudonym (that is the employee's own data), and a field
that names another young person (a possible duplicate's other registration) is left out and
named in `withheld`: their data is not this young person's to receive. Each read
is processing-logged with the young person as actor on `avg_15`, or on `avg_20` for a download
(`?doel=overdracht`).

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from pydantic import BaseModel, Field

from shared.auth import Authenticator, Principal
from shared.auth.roles import YOUNG_PERSON
from shared.command_http import UNKNOWN_YOUTH, logged
from shared.personal_data import personal_fields
from shared.processing_log import note_processing

if TYPE_CHECKING:
    from shared.events import DomainEvent

ACTIVITY: Final = "eigen_gegevens.inzien"
ERASED: Final = "gegevens vernietigd"
ABOUT_OTHERS: Final = frozenset({"other_youth_id"})
"""Fields that name another young person: never given to this one."""
Purpose = Literal["inzage", "overdracht"]
GRONDSLAG: Final[dict[str, str]] = {"inzage": "avg_15", "overdracht": "avg_20"}


class OwnEvent(BaseModel):
    """One fact about the young person, as recorded, with their own data opened."""

    id: uuid.UUID = Field(description="The event's id, as on its topic and the timeline.")
    type: str = Field(examples=["nl.regie.debts.debt-help-requested"])
    version: int = Field(description="The schema version the data is given at (the newest).")
    recorded_at: datetime
    recorded_by_role: str = Field(description="Who recorded it, by role (`systeem`: a rule).")
    data: dict[str, Any] = Field(description="The fact's fields, sealed ones opened.")
    personal: list[str] = Field(
        description="The fields sealed for everyone else (amounts, addresses, notes): opened here."
    )
    erased: list[str] = Field(description="Fields whose data was erased: they read as such.")
    withheld: list[str] = Field(description="Fields left out: they name another young person.")


class OwnEvents(BaseModel):
    """Every fact this service recorded about the young person, oldest first."""

    service: str
    youth_id: uuid.UUID
    events: list[OwnEvent]


def build_own_events_router(
    authenticator: Authenticator, service: str, stream_of: Callable[[uuid.UUID], str]
) -> APIRouter:
    """The route, for a service whose young person's facts are in `stream_of(youth_id)`."""
    router = APIRouter(tags=["eigen gegevens"])
    young_person = Annotated[Principal, Depends(authenticator.require(YOUNG_PERSON))]

    @router.get(
        "/youths/{youth_id}/events",
        summary="Eigen gegevens inzien (de jongere zelf)",
        dependencies=logged(action="lezen", activity=ACTIVITY,
                            activity_name="De jongere ziet alle eigen gegevens",
                            grondslag="avg_15"),
    )  # fmt: skip
    async def own_events(
        youth_id: uuid.UUID,
        principal: young_person,
        request: Request,
        doel: Annotated[Purpose, Query(description="`overdracht`: a copy to take along.")] = (
            "inzage"
        ),
    ) -> OwnEvents:
        """The young person's own events here, opened; any other youth id is not there."""
        note_processing(request, principal=principal, youth_id=youth_id, grondslag=GRONDSLAG[doel])
        if principal.young_person != str(youth_id):
            raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_YOUTH)
        state = request.app.state
        recorded = await state.store.load(stream_of(youth_id))
        if recorded and recorded[0].metadata.tenant != principal.gemeentecode:
            raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_YOUTH)
        events = []
        for record in recorded:
            opened: DomainEvent = await state.sealer.open(record)
            data = opened.model_dump(mode="json")
            withheld = sorted(ABOUT_OTHERS & set(data))
            for name in withheld:
                del data[name]
            sealed = personal_fields(type(opened))
            events.append(
                OwnEvent(
                    id=record.event_id,
                    type=record.event_type,
                    version=type(opened).schema_version,
                    recorded_at=record.recorded_at,
                    recorded_by_role=record.metadata.actor_role,
                    data=data,
                    personal=sorted(f for f in sealed if f in data),
                    erased=sorted(f for f in sealed if data.get(f) == ERASED),
                    withheld=withheld,
                )
            )
        return OwnEvents(service=service, youth_id=youth_id, events=events)

    return router
