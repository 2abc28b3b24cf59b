"""Intake's HTTP API: referral, registration, reads, erasure; the other commands in commands_api.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from pydantic import BaseModel, ConfigDict, Field

from services.intake.domain.commands import EraseYouth, ReferYouth, RegisterYouth
from services.intake.domain.vocabulary import ErasureReason, Programma
from services.intake.entrypoints.commands_api import add_intake_command_routes, run
from services.intake.entrypoints.names_api import build_names_router
from services.intake.handlers import PIPELINE, erase_youth, youth_stream
from services.intake.projections.summaries import SummaryPage, summaries
from services.intake.views import YouthView, youth_view
from shared.auth import Authenticator, Principal, ensure_tenant
from shared.command_http import (
    NOT_ASSIGNED,
    REFUSALS,
    UNKNOWN_YOUTH,
    IdempotencyKey,
    Recorded,
    StateRead,
    StateSeen,
    add_state_read,
    body_model,
    event_id_for,
    http_error,
    logged,
    metadata_of,
)
from shared.http import log_context
from shared.privacy import KeyStore
from shared.processing_log import note_processing


class RegisterYouthRequest(BaseModel):
    """Register a young person for a programme (a referred one by passing their id)."""

    model_config = ConfigDict(extra="forbid")

    youth_id: uuid.UUID | None = Field(default=None, description="Of an earlier referral.")
    gemeentecode: str = Field(pattern=r"^\d{4}$", examples=["0518"])
    programma: Programma = Field(examples=["jpf"])
    full_name: str = Field(min_length=1, max_length=200, examples=["Sam de Vries"])
    date_of_birth: date = Field(examples=["2005-04-01"])
    phone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=200)


class EraseRequest(BaseModel):
    """Why the personal data is destroyed."""

    model_config = ConfigDict(extra="forbid")

    reason: ErasureReason


class Erased(BaseModel):
    """The erasure is recorded and the key destroyed."""

    youth_id: uuid.UUID
    erased: bool
    stream_version: int


async def _keys(request: Request) -> KeyStore:
    keys: KeyStore = request.app.state.keys
    return keys


Keys = Annotated[KeyStore, Depends(_keys)]
ReferralBody = body_model(ReferYouth)


def build_router(auth: Authenticator) -> APIRouter:
    """Every intake route, bound to its dependencies by the composition root."""
    router = APIRouter()
    router.include_router(build_names_router(auth))  # before /youths/{youth_id}, which matches
    _entry_routes(router, auth)
    add_intake_command_routes(router, auth)
    _read_routes(router, auth)
    _erasure_routes(router, auth)
    return router


def _entry_routes(router: APIRouter, auth: Authenticator) -> None:
    intake_worker = auth.require("intake")

    @router.post(
        "/referrals",
        status_code=status.HTTP_201_CREATED,
        dependencies=logged(
            action="aanmaken",
            activity="intake.aanmelding",
            activity_name="Aanmelding jongere",
            grondslag="pw",
        ),
    )
    async def refer(
        *,
        body: ReferralBody,  # type: ignore[valid-type] # built from the command
        principal: Annotated[Principal, Depends(intake_worker)],
        request: Request,
        idempotency_key: IdempotencyKey = None,
    ) -> Recorded:
        """Record a referral of a young person not yet known; registration follows."""
        note_processing(request, principal=principal)
        event_id = event_id_for("intake", principal.gemeentecode, idempotency_key)
        youth_id = uuid.uuid5(event_id, "youth") if event_id else uuid.uuid4()
        note_processing(request, youth_id=youth_id)
        command = ReferYouth(youth_id=youth_id, **body.model_dump())  # type: ignore[attr-defined]
        outcome = await run(command, principal, request, event_id)
        return Recorded(
            youth_id=youth_id, event_id=outcome.event_id, stream_version=outcome.stream_version
        )

    @router.post(
        "/youths",
        status_code=status.HTTP_201_CREATED,
        dependencies=logged(
            action="aanmaken",
            activity="intake.inschrijving",
            activity_name="Inschrijving jongere",
            grondslag="pw",
        ),
    )
    async def register(
        *,
        body: RegisterYouthRequest,
        principal: Annotated[Principal, Depends(intake_worker)],
        request: Request,
        idempotency_key: IdempotencyKey = None,
    ) -> Recorded:
        """Register a young person; send an `Idempotency-Key` header to make retries safe."""
        note_processing(request, principal=principal)
        ensure_tenant(principal, body.gemeentecode)
        # One idempotency scheme for every command: ids derived from the key (shared/command_http).
        event_id = event_id_for("intake", principal.gemeentecode, idempotency_key)
        made = uuid.uuid5(event_id, "youth") if event_id else uuid.uuid4()
        youth_id = body.youth_id or made
        note_processing(request, youth_id=youth_id)
        command = RegisterYouth(youth_id=youth_id, **body.model_dump(exclude={"youth_id"}))
        outcome = await run(command, principal, request, event_id)
        return Recorded(
            youth_id=youth_id, event_id=outcome.event_id, stream_version=outcome.stream_version
        )


async def _dossier(seen: StateSeen) -> YouthView:
    """The young person's state; personal data in clear for intake and their own director.

    A jongerenregisseur reads only the young people assigned to them, as in the timeline.
    """
    view = await youth_view(seen.sealer, seen.youth_id, seen.recorded, seen.principal)
    if not seen.principal.has_any("intake", "auditor") and view.director_id != seen.principal.actor:
        raise HTTPException(status.HTTP_403_FORBIDDEN, NOT_ASSIGNED)
    return view


DOSSIER = StateRead(
    "", ("intake", "regisseur", "auditor"), "intake.dossier", "Inzien gegevens jongere", "pw",
    UNKNOWN_YOUTH, YouthView, _dossier,
)  # fmt: skip


def _read_routes(router: APIRouter, auth: Authenticator) -> None:
    reader = auth.require("intake", "regisseur", "auditor")
    director = auth.require("regisseur")

    add_state_read(router, auth, DOSSIER, PIPELINE)

    @router.get("/youths")
    async def list_youths(
        principal: Annotated[Principal, Depends(reader)],
        request: Request,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        after: uuid.UUID | None = None,
    ) -> SummaryPage:
        """The municipality's young people, a page at a time (no personal data).

        A jongerenregisseur sees only the young people assigned to them, as in the timeline.
        """
        state = request.app.state
        own = None if principal.has_any("intake", "auditor") else principal.actor
        return await summaries(
            state.pool, state.schema, principal.gemeentecode, limit=limit, after=after,
            director_id=own,
        )  # fmt: skip

    @router.get("/directors/me/youths")
    async def my_youths(
        principal: Annotated[Principal, Depends(director)],
        request: Request,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        after: uuid.UUID | None = None,
    ) -> SummaryPage:
        """The young people the calling jongerenregisseur is assigned to."""
        state = request.app.state
        return await summaries(
            state.pool,
            state.schema,
            principal.gemeentecode,
            limit=limit,
            after=after,
            director_id=principal.actor,
        )


def _erasure_routes(router: APIRouter, auth: Authenticator) -> None:
    privacy_officer = auth.require("privacy_officer")

    @router.post(
        "/youths/{youth_id}/erasure",
        dependencies=logged(
            action="vernietigen",
            activity="intake.vernietiging",
            activity_name="Vernietiging persoonsgegevens",
            grondslag="avg_17",
        ),
    )
    async def erase(
        *,
        youth_id: uuid.UUID,
        body: EraseRequest,
        principal: Annotated[Principal, Depends(privacy_officer)],
        keys: Keys,
        request: Request,
    ) -> Erased:
        """Destroy the young person's personal data (crypto-shredding); safe to repeat."""
        note_processing(request, principal=principal)
        command = EraseYouth(youth_id=youth_id, reason=body.reason)
        deps = request.app.state.deps
        try:
            outcome = await erase_youth(deps, keys, command, metadata_of(principal, request))
        except REFUSALS as error:
            raise http_error(error) from error
        log_context(request, stream_id=youth_stream(youth_id))
        return Erased(youth_id=youth_id, erased=True, stream_version=outcome.stream_version)
