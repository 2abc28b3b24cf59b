"""HTTP for command handlers: request bodies from commands, retries, versions, refusals.

Shared by every service with commands; the routes themselves stay in each service.
No `from __future__ import annotations` here: FastAPI resolves these annotations at runtime.
"""

import uuid
from typing import Annotated, Any

from fastapi import Depends, Header, HTTPException, Request, status
from pydantic import BaseModel, ConfigDict, create_model

from shared.auth import Principal
from shared.auth.dependencies import OTHER_GEMEENTE
from shared.eventstore import ConcurrencyError, EventStore, Metadata
from shared.privacy import Sealer, SubjectErasedError
from shared.processing_log import ProcessingLog, processing
from shared.processing_log.entry import Action
from shared.rules import ConflictError, NotFoundError, NotPermittedError, RuleViolationError

IfMatch = Annotated[int | None, Header(alias="If-Match", description="Expected version")]
IdempotencyKey = Annotated[str | None, Header(max_length=200)]


async def store_of(request: Request) -> EventStore:
    """The event store the composition root opened (async: FastAPI runs `def` in a thread)."""
    store: EventStore = request.app.state.store
    return store


async def sealer_of(request: Request) -> Sealer:
    """The sealer the composition root built."""
    sealer: Sealer = request.app.state.sealer
    return sealer


def processing_log(request: Request) -> ProcessingLog:
    """The processing log the composition root opened for this app."""
    log: ProcessingLog = request.app.state.processing_log
    return log


Store = Annotated[EventStore, Depends(store_of)]
Seal = Annotated[Sealer, Depends(sealer_of)]


def logged(*, action: Action, activity: str, activity_name: str, grondslag: str) -> list[Any]:
    """A route's processing-log dependency; it must come first (see shared.processing_log)."""
    dependency = processing(
        processing_log,
        action=action,
        activity=activity,
        activity_name=activity_name,
        grondslag=grondslag,
    )
    return [Depends(dependency, scope="function")]


def body_model(command: type[BaseModel], path_fields: tuple[str, ...] = ("youth_id",)) -> Any:  # noqa: ANN401 - a class made at runtime
    """A command's request body: its fields, without those the path carries."""
    fields: Any = {
        name: (info.annotation, info)
        for name, info in command.model_fields.items()
        if name not in path_fields
    }
    return create_model(
        f"{command.__name__}Request",
        __config__=ConfigDict(extra="forbid"),
        __doc__=command.__doc__,
        **fields,
    )


def event_id_for(service: str, tenant: str, idempotency_key: str | None) -> uuid.UUID | None:
    """The event id a request with this key always gets, so a retry is recognised."""
    if not idempotency_key:
        return None
    return uuid.uuid5(uuid.NAMESPACE_URL, f"regie:{service}:{tenant}:{idempotency_key}")


def metadata_of(principal: Principal, request: Request) -> Metadata:
    """Who gives the command, in which municipality, in which request."""
    return Metadata(
        tenant=principal.gemeentecode,
        actor=principal.actor,
        actor_role=principal.role,
        correlation_id=request.state.correlation_id,
    )


REFUSALS = (RuleViolationError, ConcurrencyError, NotPermittedError, SubjectErasedError)
"""What a command handler may refuse with; `http_error` answers each."""


def http_error(error: Exception) -> HTTPException:
    """The HTTP answer to a refusal, in Dutch and English."""
    if isinstance(error, RuleViolationError):
        return _rule_violation(error)
    if isinstance(error, ConcurrencyError):
        return HTTPException(
            status.HTTP_409_CONFLICT,
            {
                "nl": "Gelijktijdige wijziging; haal de gegevens opnieuw op",
                "en": "Concurrent change; fetch the data again",
                "current_version": error.actual,
            },
        )
    if isinstance(error, SubjectErasedError):
        return HTTPException(
            status.HTTP_409_CONFLICT,
            {
                "nl": "Gegevens van deze jongere zijn vernietigd",
                "en": "This young person's data was erased",
            },
        )
    if isinstance(error, NotPermittedError) and error.other_municipality:
        return HTTPException(status.HTTP_403_FORBIDDEN, OTHER_GEMEENTE)
    return HTTPException(
        status.HTTP_403_FORBIDDEN,
        {
            "nl": "Alleen de toegewezen medewerker mag dit",
            "en": "Only the assigned employee may do this",
        },
    )


def _rule_violation(error: RuleViolationError) -> HTTPException:
    if isinstance(error, NotFoundError):
        return HTTPException(status.HTTP_404_NOT_FOUND, {"nl": error.nl, "en": error.en})
    if isinstance(error, ConflictError):
        return HTTPException(status.HTTP_409_CONFLICT, {"nl": error.nl, "en": error.en})
    location = ["body", error.field] if error.field else ["body"]
    problem = {"loc": location, "msg": error.nl, "msg_en": error.en, "type": "rule_violation"}
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, [problem])
