"""`POST /youths/{id}/enrolments`: the command as every other, answered with what is known.

An enrolment in the toekomstgesprek is recorded whatever income said (the municipality
decides, and intake's view of income may lag behind the desk); the answer says whether the
programme's criterion, on bijstand for more than two years, is met by what income told intake
(`services/intake/domain/toekomstgesprek.py`), so the intake worker sees it at once.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, status
from pydantic import Field

from services.intake.domain.commands import EnrolInProgramme
from services.intake.domain.toekomstgesprek import PROGRAMME, Criterion, criterion
from services.intake.handlers import PIPELINE
from services.intake.projections.involvement import bijstand_of
from shared.auth import Authenticator, Principal
from shared.clock import Today
from shared.command_handling import Checks
from shared.command_http import (
    IdempotencyKey,
    IfMatch,
    Recorded,
    body_model,
    event_id_for,
    logged,
    run_command,
)
from shared.processing_log import note_processing

EnrolmentBody = body_model(EnrolInProgramme)


class Enrolled(Recorded):
    """Recorded; for the toekomstgesprek, whether its criterion is met."""

    toekomstgesprek: Criterion | None = Field(
        default=None,
        description="For an enrolment in the toekomstgesprek: on bijstand since, and whether"
        " that is more than two years (null: income told intake nothing yet). Absent for other"
        " programmes. Never a refusal.",
    )


def build_enrolment_router(auth: Authenticator) -> APIRouter:
    """The enrolment route, in place of the generic one."""
    router = APIRouter()
    intake_worker = auth.require("intake")

    @router.post(
        "/youths/{youth_id}/enrolments",
        status_code=status.HTTP_201_CREATED,
        summary="Instroom in programma",
        dependencies=logged(
            action="wijzigen",
            activity="intake.instroom",
            activity_name="Instroom in programma",
            grondslag="pw",
        ),
    )
    async def enrol(  # noqa: PLR0913 - FastAPI injects each dependency by parameter
        *,
        youth_id: uuid.UUID,
        body: EnrolmentBody,  # type: ignore[valid-type] # built from the command
        principal: Annotated[Principal, Depends(intake_worker)],
        request: Request,
        today: Today,
        if_match: IfMatch = None,
        idempotency_key: IdempotencyKey = None,
    ) -> Enrolled:
        """Start the young person in a programme (toekomstgesprek: with its criterion)."""
        note_processing(request, principal=principal)
        event_id = event_id_for(PIPELINE.service, principal.gemeentecode, idempotency_key)
        command = EnrolInProgramme(youth_id=youth_id, **body.model_dump())  # type: ignore[attr-defined]
        checks = Checks(tenant=principal.gemeentecode, event_id=event_id, expected_version=if_match)
        outcome = await run_command(PIPELINE, command, principal, request, checks)
        found = None
        if command.programma == PROGRAMME:
            state = request.app.state
            income_open, since = await bijstand_of(
                state.pool, state.schema, youth_id, principal.gemeentecode
            )
            found = criterion(today, income_open=income_open, since=since)
        return Enrolled(
            youth_id=youth_id, event_id=outcome.event_id, stream_version=outcome.stream_version,
            toekomstgesprek=found,
        )  # fmt: skip

    return router
