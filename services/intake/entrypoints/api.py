"""HTTP routes: thin translations between requests and commands.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Request, status
from pydantic import BaseModel, ConfigDict, Field

from services.intake.domain.commands import EraseYouth, RegisterYouth
from services.intake.domain.events import ErasureReason, Programma
from services.intake.domain.model import AlreadyDoneError, RuleViolationError
from services.intake.handlers import erase_youth, register_youth, youth_stream
from services.intake.views import YouthView, youth_view
from shared.auth import Authenticator, Principal, ensure_tenant
from shared.auth.dependencies import PrincipalDependency
from shared.eventstore import ConcurrencyError, EventStore, Metadata
from shared.http import log_context
from shared.privacy import KeyStore, Sealer, SubjectErasedError
from shared.processing_log import ProcessingLog, note_processing, processing
from shared.processing_log.entry import Action

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


class EraseRequest(BaseModel):
    """Why the personal data is destroyed."""

    model_config = ConfigDict(extra="forbid")

    reason: ErasureReason


class Erased(BaseModel):
    """The erasure is recorded and the key destroyed."""

    youth_id: uuid.UUID
    erased: bool
    stream_version: int


async def _store(request: Request) -> EventStore:
    store: EventStore = request.app.state.store
    return store


async def _sealer(request: Request) -> Sealer:
    sealer: Sealer = request.app.state.sealer
    return sealer


async def _keys(request: Request) -> KeyStore:
    keys: KeyStore = request.app.state.keys
    return keys


def processing_log(request: Request) -> ProcessingLog:
    """The processing log the composition root opened for this app."""
    log: ProcessingLog = request.app.state.processing_log
    return log


def _logged(*, action: Action, activity: str, activity_name: str, grondslag: str) -> list[Any]:
    """The route's processing-log dependency; it must come first (see shared.processing_log)."""
    dependency = processing(
        processing_log,
        action=action,
        activity=activity,
        activity_name=activity_name,
        grondslag=grondslag,
    )
    return [Depends(dependency, scope="function")]


# Dependencies are `async def` on purpose: FastAPI runs a plain `def` dependency in a thread
# pool, a thread hop per request that cost more than the whole handler.
Store = Annotated[EventStore, Depends(_store)]
Seal = Annotated[Sealer, Depends(_sealer)]
Keys = Annotated[KeyStore, Depends(_keys)]


def build_router(auth: Authenticator) -> APIRouter:
    """The routes, bound to their dependencies by the composition root."""
    router = APIRouter()
    _registration_routes(router, auth.require("intake"))
    _erasure_routes(router, auth.require("privacy_officer"))
    return router


def _registration_routes(router: APIRouter, intake_worker: PrincipalDependency) -> None:

    @router.post(
        "/youths",
        status_code=status.HTTP_201_CREATED,
        dependencies=_logged(
            action="aanmaken",
            activity="intake.inschrijving",
            activity_name="Inschrijving jongere",
            grondslag="pw",
        ),
    )
    async def register(  # noqa: PLR0913 - FastAPI injects each dependency by parameter
        *,
        body: RegisterYouthRequest,
        principal: Annotated[Principal, Depends(intake_worker)],
        store: Store,
        sealer: Seal,
        request: Request,
        idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
    ) -> Registered:
        """Register a young person; send an `Idempotency-Key` header to make retries safe."""
        note_processing(request, principal=principal)
        ensure_tenant(principal, body.gemeentecode)
        youth_id, event_id = uuid.uuid4(), None
        if idempotency_key:
            youth_id, event_id = ids_for_retry(body.gemeentecode, idempotency_key)
        note_processing(request, youth_id=youth_id)
        command = RegisterYouth(youth_id=youth_id, **body.model_dump())
        try:
            result, recorded_id = await register_youth(
                store,
                sealer,
                command,
                _metadata(principal, body.gemeentecode, request),
                today=date.today(),  # noqa: DTZ011 - the municipality's calendar day
                event_id=event_id,
            )
        except RuleViolationError as error:
            raise _refused(error) from error
        except (ConcurrencyError, SubjectErasedError) as error:
            raise _conflict(error) from error
        log_context(request, event_id=str(recorded_id), stream_id=youth_stream(youth_id))
        return Registered(
            youth_id=youth_id, event_id=recorded_id, stream_version=result.stream_version
        )

    @router.get(
        "/youths/{youth_id}",
        dependencies=_logged(
            action="lezen",
            activity="intake.dossier",
            activity_name="Inzien gegevens jongere",
            grondslag="pw",
        ),
    )
    async def show(
        youth_id: uuid.UUID,
        principal: Annotated[Principal, Depends(intake_worker)],
        store: Store,
        sealer: Seal,
        request: Request,
    ) -> YouthView:
        """The young person's current state, with their personal data in clear."""
        note_processing(request, principal=principal)
        recorded = await store.load(youth_stream(youth_id))
        if not recorded:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "Onbekende jongere")
        ensure_tenant(principal, recorded[0].metadata.tenant)
        return await youth_view(sealer, youth_id, recorded)


def _erasure_routes(router: APIRouter, privacy_officer: PrincipalDependency) -> None:

    @router.post(
        "/youths/{youth_id}/erasure",
        dependencies=_logged(
            action="vernietigen",
            activity="intake.vernietiging",
            activity_name="Vernietiging persoonsgegevens",
            grondslag="avg_17",
        ),
    )
    async def erase(  # noqa: PLR0913 - FastAPI injects each dependency by parameter
        *,
        youth_id: uuid.UUID,
        body: EraseRequest,
        principal: Annotated[Principal, Depends(privacy_officer)],
        store: Store,
        sealer: Seal,
        keys: Keys,
        request: Request,
    ) -> Erased:
        """Destroy the young person's personal data (crypto-shredding); safe to repeat."""
        note_processing(request, principal=principal)
        recorded = await store.load(youth_stream(youth_id))
        if not recorded:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "Onbekende jongere")
        tenant = recorded[0].metadata.tenant
        ensure_tenant(principal, tenant)
        command = EraseYouth(youth_id=youth_id, reason=body.reason)
        try:
            result = await erase_youth(
                store,
                sealer,
                keys,
                command,
                _metadata(principal, tenant, request),
                today=date.today(),  # noqa: DTZ011 - the municipality's calendar day
            )
        except RuleViolationError as error:
            raise _refused(error) from error
        except ConcurrencyError as error:
            raise _conflict(error) from error
        log_context(request, stream_id=youth_stream(youth_id))
        return Erased(youth_id=youth_id, erased=True, stream_version=result.stream_version)


def _metadata(principal: Principal, tenant: str, request: Request) -> Metadata:
    return Metadata(
        tenant=tenant,
        actor=principal.actor,
        actor_role=principal.role,
        correlation_id=request.state.correlation_id,
    )


def _refused(error: RuleViolationError) -> HTTPException:
    """A repeat is a conflict (409); a broken rule reads like a validation error (422)."""
    if isinstance(error, AlreadyDoneError):
        return HTTPException(status.HTTP_409_CONFLICT, str(error))
    location = ["body", error.field] if error.field else ["body"]
    return HTTPException(
        status.HTTP_422_UNPROCESSABLE_CONTENT,
        [{"loc": location, "msg": str(error), "type": "rule_violation"}],
    )


def _conflict(error: Exception) -> HTTPException:
    if isinstance(error, SubjectErasedError):
        return HTTPException(status.HTTP_409_CONFLICT, "Gegevens van deze jongere zijn vernietigd")
    return HTTPException(status.HTTP_409_CONFLICT, "Gelijktijdige wijziging; probeer het opnieuw")
