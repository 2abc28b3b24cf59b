"""HTTP routes: thin translations between requests and commands.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException, Request, status
from pydantic import BaseModel, ConfigDict, Field

from services.intake.domain.commands import RegisterYouth
from services.intake.domain.events import Programma
from services.intake.domain.model import AlreadyDoneError, RuleViolationError
from services.intake.handlers import fold, register_youth, youth_stream
from shared.auth import Authenticator, Principal, ensure_tenant
from shared.eventstore import ConcurrencyError, EventStore, Metadata
from shared.http import log_context

# Retried requests carry the same key, so they map to the same youth id and event id.
_IDEMPOTENCY_NAMESPACE = uuid.UUID("6f1c3a52-8d0e-4f7b-9a51-2c4e7d9b0a13")


def ids_for_retry(gemeentecode: str, idempotency_key: str) -> tuple[uuid.UUID, uuid.UUID]:
    """The youth id and event id a request with this key always gets, so a retry matches."""
    key = f"{gemeentecode}:{idempotency_key}"
    return (
        uuid.uuid5(_IDEMPOTENCY_NAMESPACE, f"youth:{key}"),
        uuid.uuid5(_IDEMPOTENCY_NAMESPACE, f"event:{key}"),
    )


class RegisterYouthRequest(BaseModel):
    """Register a young person for a programme."""

    model_config = ConfigDict(extra="forbid")

    gemeentecode: str = Field(pattern=r"^\d{4}$", examples=["0518"])
    programma: Programma
    full_name: str = Field(min_length=1, max_length=200, examples=["Sam de Vries"])
    date_of_birth: date = Field(examples=["2005-04-01"])


class Registered(BaseModel):
    """Where the new young person can be found."""

    youth_id: uuid.UUID
    event_id: uuid.UUID | None
    stream_version: int


class YouthView(BaseModel):
    """The young person as intake knows them."""

    youth_id: uuid.UUID
    registered: bool
    programma: str | None
    version: int


def _store(request: Request) -> EventStore:
    """The event store the composition root opened for this app."""
    store: EventStore = request.app.state.store
    return store


Store = Annotated[EventStore, Depends(_store)]


def build_router(auth: Authenticator) -> APIRouter:
    """The routes, bound to their dependencies by the composition root."""
    router = APIRouter()
    intake_worker = Annotated[Principal, Depends(auth.require("intake"))]

    @router.post("/youths", status_code=status.HTTP_201_CREATED)
    async def register(
        body: RegisterYouthRequest,
        principal: intake_worker,
        store: Store,
        request: Request,
        idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
    ) -> Registered:
        """Register a young person; send an `Idempotency-Key` header to make retries safe."""
        ensure_tenant(principal, body.gemeentecode)
        youth_id, event_id = uuid.uuid4(), None
        if idempotency_key:
            youth_id, event_id = ids_for_retry(body.gemeentecode, idempotency_key)
        command = RegisterYouth(youth_id=youth_id, **body.model_dump())
        try:
            result, recorded_id = await register_youth(
                store,
                command,
                _metadata(principal, body.gemeentecode, request),
                today=date.today(),  # noqa: DTZ011 - the municipality's calendar day
                event_id=event_id,
            )
        except AlreadyDoneError as error:
            raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from error
        except RuleViolationError as error:
            raise _unprocessable(error) from error
        except ConcurrencyError as error:
            raise HTTPException(
                status.HTTP_409_CONFLICT, "Gelijktijdige wijziging; probeer het opnieuw"
            ) from error
        log_context(
            request,
            event_id=str(recorded_id),
            stream_id=youth_stream(youth_id),
            appended=result.appended,
        )
        return Registered(
            youth_id=youth_id, event_id=recorded_id, stream_version=result.stream_version
        )

    @router.get("/youths/{youth_id}")
    async def show(youth_id: uuid.UUID, principal: intake_worker, store: Store) -> YouthView:
        """The young person's current state, folded from their events."""
        recorded = await store.load(youth_stream(youth_id))
        if not recorded:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "Onbekende jongere")
        ensure_tenant(principal, recorded[0].metadata.tenant)
        state = fold(recorded)
        return YouthView(
            youth_id=youth_id,
            registered=state.registered,
            programma=state.programma,
            version=len(recorded),
        )

    return router


def _metadata(principal: Principal, tenant: str, request: Request) -> Metadata:
    return Metadata(
        tenant=tenant,
        actor=principal.actor,
        actor_role=principal.role,
        correlation_id=request.state.correlation_id,
    )


def _unprocessable(error: RuleViolationError) -> HTTPException:
    """A broken rule reads like a validation error: the same shape FastAPI uses for 422."""
    location = ["body", error.field] if error.field else ["body"]
    return HTTPException(
        status.HTTP_422_UNPROCESSABLE_CONTENT,
        [{"loc": location, "msg": str(error), "type": "rule_violation"}],
    )
