"""One HTTP route per intake command, named as the user would say it.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Request, status
from pydantic import BaseModel, ConfigDict, create_model

from services.intake.domain import commands as c
from services.intake.domain.model import (
    AlreadyDoneError,
    ErasedError,
    RuleViolationError,
    UnknownYouthError,
    Youth,
)
from services.intake.handlers import NotPermittedError, Outcome, execute, youth_stream
from shared.auth import Authenticator, Principal
from shared.auth.dependencies import OTHER_GEMEENTE
from shared.eventstore import ConcurrencyError, EventStore, Metadata
from shared.http import log_context
from shared.privacy import Sealer, SubjectErasedError
from shared.processing_log import ProcessingLog, note_processing, processing
from shared.processing_log.entry import Action


class Recorded(BaseModel):
    """What the command recorded, and the stream version to send as If-Match next time."""

    youth_id: uuid.UUID
    event_id: uuid.UUID | None
    stream_version: int


@dataclass(frozen=True)
class CommandRoute:
    """How one command is reached over HTTP, who may give it, and how it is logged."""

    path: str
    command: type[c.Command]
    roles: tuple[str, ...]
    action: Action
    activity: str
    activity_name: str
    # A rule about rights: only the young person's own jongerenregisseur may do this.
    assigned_director_only: bool = False


ROUTES = [
    CommandRoute("/identity-verification", c.VerifyIdentity, ("intake",), "wijzigen",
                 "intake.identiteit", "Vaststellen identiteit"),
    CommandRoute("/consents", c.GiveConsent, ("intake", "regisseur"), "wijzigen",
                 "intake.toestemming", "Vastleggen toestemming"),
    CommandRoute("/consent-withdrawals", c.WithdrawConsent, ("intake", "regisseur"), "wijzigen",
                 "intake.toestemming", "Intrekken toestemming"),
    CommandRoute("/self-reliance-assessments", c.AssessSelfReliance, ("intake", "regisseur"),
                 "wijzigen", "intake.zrm", "Meten zelfredzaamheid"),
    CommandRoute("/enrolments", c.EnrolInProgramme, ("intake",), "wijzigen",
                 "intake.instroom", "Instroom in programma"),
    CommandRoute("/director", c.AssignDirector, ("intake", "regisseur"), "wijzigen",
                 "intake.regie", "Toewijzen jongerenregisseur"),
    CommandRoute("/future-plan", c.AgreeFuturePlan, ("regisseur",), "wijzigen",
                 "intake.toekomstplan", "Vaststellen toekomstplan", assigned_director_only=True),
    CommandRoute("/future-plan-reviews", c.ReviewFuturePlan, ("regisseur",), "wijzigen",
                 "intake.toekomstplan", "Evalueren toekomstplan", assigned_director_only=True),
    CommandRoute("/case-conferences", c.HoldCaseConference, ("regisseur",), "wijzigen",
                 "intake.casusoverleg", "Casusoverleg", assigned_director_only=True),
    CommandRoute("/customisations", c.ApplyCustomisation, ("regisseur",), "wijzigen",
                 "intake.maatwerk", "Toepassen maatwerk", assigned_director_only=True),
    CommandRoute("/exits", c.ExitProgramme, ("intake", "regisseur"), "wijzigen",
                 "intake.uitstroom", "Uitstroom uit programma"),
]  # fmt: skip


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


def logged(*, action: Action, activity: str, activity_name: str, grondslag: str) -> list[Any]:
    """The route's processing-log dependency; it must come first (see shared.processing_log)."""
    dependency = processing(
        processing_log,
        action=action,
        activity=activity,
        activity_name=activity_name,
        grondslag=grondslag,
    )
    return [Depends(dependency, scope="function")]


Store = Annotated[EventStore, Depends(store_of)]
Seal = Annotated[Sealer, Depends(sealer_of)]
IfMatch = Annotated[int | None, Header(alias="If-Match", description="Expected version")]
IdempotencyKey = Annotated[str | None, Header(max_length=200)]


def body_model(command: type[c.Command]) -> type[BaseModel]:
    """The request body of a command: its fields, without the young person's id (the path)."""
    fields: Any = {
        name: (info.annotation, info)
        for name, info in command.model_fields.items()
        if name != "youth_id"
    }
    return create_model(
        f"{command.__name__}Request",
        __config__=ConfigDict(extra="forbid"),
        __doc__=command.__doc__,
        **fields,
    )


def event_id_for(tenant: str, idempotency_key: str | None) -> uuid.UUID | None:
    """The event id a request with this key always gets, so a retry is recognised."""
    if not idempotency_key:
        return None
    return uuid.uuid5(uuid.NAMESPACE_URL, f"regie:intake:{tenant}:{idempotency_key}")


def metadata_of(principal: Principal, request: Request) -> Metadata:
    """Who gives the command, in which municipality, in which request."""
    return Metadata(
        tenant=principal.gemeentecode,
        actor=principal.actor,
        actor_role=principal.role,
        correlation_id=request.state.correlation_id,
    )


def add_command_routes(router: APIRouter, auth: Authenticator) -> None:
    """Register a route for every command in ROUTES."""
    for route in ROUTES:
        _add(router, auth, route)


def _add(router: APIRouter, auth: Authenticator, route: CommandRoute) -> None:
    body_type = body_model(route.command)
    caller = auth.require(*route.roles)

    @router.post(
        "/youths/{youth_id}" + route.path,
        status_code=status.HTTP_201_CREATED,
        summary=route.activity_name,
        dependencies=logged(
            action=route.action,
            activity=route.activity,
            activity_name=route.activity_name,
            grondslag="pw",
        ),
    )
    async def give_command(  # noqa: PLR0913 - FastAPI injects each dependency by parameter
        *,
        youth_id: uuid.UUID,
        body: body_type,  # type: ignore[valid-type] # built per command above
        principal: Annotated[Principal, Depends(caller)],
        store: Store,
        sealer: Seal,
        request: Request,
        if_match: IfMatch = None,
        idempotency_key: IdempotencyKey = None,
    ) -> Recorded:
        note_processing(request, principal=principal)
        command = route.command(youth_id=youth_id, **body.model_dump())  # type: ignore[attr-defined]
        outcome = await run(
            store,
            sealer,
            command,
            principal,
            request,
            expected_version=if_match,
            event_id=event_id_for(principal.gemeentecode, idempotency_key),
            assigned_director_only=route.assigned_director_only,
        )
        return Recorded(
            youth_id=youth_id, event_id=outcome.event_id, stream_version=outcome.stream_version
        )

    give_command.__name__ = route.command.__name__
    give_command.__doc__ = route.command.__doc__


async def run(  # noqa: PLR0913 - what a command needs, passed on from the route
    store: EventStore,
    sealer: Sealer,
    command: c.Command,
    principal: Principal,
    request: Request,
    *,
    expected_version: int | None = None,
    event_id: uuid.UUID | None = None,
    assigned_director_only: bool = False,
) -> Outcome:
    """Execute and translate the domain's answers into HTTP ones."""

    def may_act(state: Youth) -> bool:
        return not assigned_director_only or state.director_id == principal.actor

    try:
        outcome = await execute(
            store,
            sealer,
            command,
            metadata_of(principal, request),
            today=date.today(),  # noqa: DTZ011 - the municipality's calendar day
            event_id=event_id,
            expected_version=expected_version,
            may_act=may_act,
            tenant=principal.gemeentecode,
        )
    except (RuleViolationError, ConcurrencyError, NotPermittedError, SubjectErasedError) as error:
        raise http_error(error) from error
    log_context(request, event_id=str(outcome.event_id), stream_id=youth_stream(command.youth_id))
    return outcome


_DOMAIN_STATUS: dict[type[RuleViolationError], int] = {
    UnknownYouthError: status.HTTP_404_NOT_FOUND,
    AlreadyDoneError: status.HTTP_409_CONFLICT,
    ErasedError: status.HTTP_409_CONFLICT,
}


def http_error(error: Exception) -> HTTPException:
    """The HTTP answer to a domain refusal, in Dutch and English."""
    if isinstance(error, RuleViolationError):
        code = next((s for cls, s in _DOMAIN_STATUS.items() if isinstance(error, cls)), None)
        if code is not None:
            return HTTPException(code, {"nl": error.nl, "en": error.en})
        location = ["body", error.field] if error.field else ["body"]
        problem = {"loc": location, "msg": error.nl, "msg_en": error.en, "type": "rule_violation"}
        return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, [problem])
    if isinstance(error, ConcurrencyError):
        return HTTPException(
            status.HTTP_409_CONFLICT,
            {
                "nl": "Gelijktijdige wijziging; haal de jongere opnieuw op",
                "en": "Concurrent change; fetch the young person again",
                "current_version": error.actual,
            },
        )
    if isinstance(error, SubjectErasedError):
        return HTTPException(
            status.HTTP_409_CONFLICT,
            {
                "nl": "Gegevens van deze jongere zijn vernietigd",
                "en": "This person's data was erased",
            },
        )
    if isinstance(error, NotPermittedError) and error.other_municipality:
        return HTTPException(status.HTTP_403_FORBIDDEN, OTHER_GEMEENTE)
    return HTTPException(
        status.HTTP_403_FORBIDDEN,
        {
            "nl": "Alleen de toegewezen jongerenregisseur mag dit",
            "en": "Only the assigned youth director may do this",
        },
    )
