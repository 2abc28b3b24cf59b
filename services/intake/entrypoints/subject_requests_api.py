"""The young person's requests for a correction or an erasure, and the privacy officer's answer.

- `POST /youths/{id}/subject-requests` (`kind`, `text`): role `jongere` only, for the youth id
  their own token names; any other id is the 404 of one not there, and a professional cannot
  ask in the young person's name (403). The day of receipt is the server's, so is the id.
- `GET /youths/{id}/subject-requests`: the young person (their own) and the privacy officer.
- `POST /youths/{id}/subject-requests/{request_id}/answer` (`outcome`, `note`): the privacy
  officer only; answering twice is a 409.

Every call is processing-logged: the young person's own read on their right of access
(`avg_15`), the rest on the municipality's legal obligation to answer (`avg_6_1_c`, AVG art. 12).

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, status
from pydantic import BaseModel, ConfigDict, Field

from services.intake.domain.commands import HandleSubjectRequest, MakeSubjectRequest
from services.intake.domain.subject_requests import answer_due
from services.intake.domain.vocabulary import SubjectRequestKind, SubjectRequestOutcome
from services.intake.handlers import PIPELINE, youth_stream
from services.intake.subject_request_view import SubjectRequests, subject_requests
from shared.auth import Authenticator, Principal
from shared.auth.roles import YOUNG_PERSON
from shared.clock import Today
from shared.command_handling import Checks
from shared.command_http import (
    UNKNOWN_YOUTH,
    IdempotencyKey,
    Recorded,
    event_id_for,
    load_visible,
    logged,
    run_command,
)
from shared.processing_log import note_processing

ACTIVITY = "intake.verzoeken"
PRIVACY_OFFICER = "privacy_officer"


class SubjectRequestBody(BaseModel):
    """What the young person asks for, in their own words."""

    model_config = ConfigDict(extra="forbid")

    kind: SubjectRequestKind = Field(examples=["correctie"])
    text: str | None = Field(
        default=None, min_length=1, max_length=5000,
        description="What is wrong (required for a correction), or why erase (optional).",
        examples=["Mijn adres klopt niet: ik woon sinds maart bij mijn zus."],
    )  # fmt: skip


class SubjectRequestMadeAnswer(Recorded):
    """Recorded: the request's id and the last day the answer is due."""

    request_id: uuid.UUID
    due_on: date


class AnswerBody(BaseModel):
    """The privacy officer's answer, with a note to the young person."""

    model_config = ConfigDict(extra="forbid")

    outcome: SubjectRequestOutcome = Field(examples=["toegewezen"])
    note: str | None = Field(default=None, min_length=1, max_length=5000,
                             examples=["Je adres is aangepast."])  # fmt: skip


def _own(principal: Principal, youth_id: uuid.UUID) -> None:
    """A young person acts on their own youth id only: any other is not there for them."""
    if principal.young_person is not None and principal.young_person != str(youth_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_YOUTH)


def build_subject_requests_router(auth: Authenticator) -> APIRouter:
    """The requests' three routes."""
    router = APIRouter(tags=["verzoeken"])
    young_person = auth.require(YOUNG_PERSON)
    reader = auth.require(YOUNG_PERSON, PRIVACY_OFFICER)
    officer = auth.require(PRIVACY_OFFICER)

    @router.post(
        "/youths/{youth_id}/subject-requests", status_code=status.HTTP_201_CREATED,
        summary="Verzoek om correctie of verwijdering doen",
        dependencies=logged(action="aanmaken", activity=ACTIVITY,
                            activity_name="Verzoek om correctie of verwijdering doen",
                            grondslag="avg_6_1_c"),
    )  # fmt: skip
    async def make(  # noqa: PLR0913 - FastAPI injects each dependency by parameter
        *,
        youth_id: uuid.UUID,
        body: SubjectRequestBody,
        principal: Annotated[Principal, Depends(young_person)],
        request: Request,
        today: Today,
        idempotency_key: IdempotencyKey = None,
    ) -> SubjectRequestMadeAnswer:
        """The young person asks for a correction or an erasure; answered within a month."""
        note_processing(request, principal=principal, youth_id=youth_id)
        _own(principal, youth_id)
        event_id = event_id_for(PIPELINE.service, principal.gemeentecode, idempotency_key)
        request_id = uuid.uuid5(event_id, "request_id") if event_id else uuid.uuid4()
        command = MakeSubjectRequest(youth_id=youth_id, request_id=request_id, kind=body.kind,
                                     text=body.text, made_on=today)  # fmt: skip
        checks = Checks(tenant=principal.gemeentecode, event_id=event_id)
        outcome = await run_command(PIPELINE, command, principal, request, checks)
        return SubjectRequestMadeAnswer(
            youth_id=youth_id, event_id=outcome.event_id, stream_version=outcome.stream_version,
            request_id=request_id, due_on=answer_due(today),
        )  # fmt: skip

    @router.get(
        "/youths/{youth_id}/subject-requests", summary="Verzoeken inzien",
        dependencies=logged(action="lezen", activity=ACTIVITY, activity_name="Verzoeken inzien",
                            grondslag="avg_6_1_c"),
    )  # fmt: skip
    async def read(
        youth_id: uuid.UUID, principal: Annotated[Principal, Depends(reader)], request: Request
    ) -> SubjectRequests:
        """The young person's requests with their state, deadline and answer, texts opened."""
        note_processing(request, principal=principal, youth_id=youth_id)
        if principal.young_person is not None:
            note_processing(request, grondslag="avg_15")
        _own(principal, youth_id)
        state = request.app.state
        recorded = await load_visible(state.store, youth_stream(youth_id), principal, UNKNOWN_YOUTH)
        return await subject_requests(state.sealer, recorded)

    @router.post(
        "/youths/{youth_id}/subject-requests/{request_id}/answer",
        status_code=status.HTTP_201_CREATED, summary="Verzoek afhandelen",
        dependencies=logged(action="wijzigen", activity=ACTIVITY,
                            activity_name="Verzoek afhandelen", grondslag="avg_6_1_c"),
    )  # fmt: skip
    async def answer(  # noqa: PLR0913 - FastAPI injects each dependency by parameter
        *,
        youth_id: uuid.UUID,
        request_id: uuid.UUID,
        body: AnswerBody,
        principal: Annotated[Principal, Depends(officer)],
        request: Request,
        today: Today,
    ) -> Recorded:
        """The privacy officer answers: granted, partly or refused; once only."""
        note_processing(request, principal=principal, youth_id=youth_id)
        command = HandleSubjectRequest(youth_id=youth_id, request_id=request_id,
                                       outcome=body.outcome, note=body.note, handled_on=today,
                                       by=principal.actor)  # fmt: skip
        checks = Checks(tenant=principal.gemeentecode)
        outcome = await run_command(PIPELINE, command, principal, request, checks)
        return Recorded(
            youth_id=youth_id, event_id=outcome.event_id, stream_version=outcome.stream_version
        )

    return router
