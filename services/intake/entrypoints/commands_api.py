"""One HTTP route per intake command, named as the user would say it.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request, status
from pydantic import BaseModel

from services.intake.domain import commands as c
from services.intake.domain.model import Youth
from services.intake.handlers import Outcome, execute, youth_stream
from shared.auth import Authenticator, Principal
from shared.command_http import (
    REFUSALS,
    IdempotencyKey,
    IfMatch,
    Seal,
    Store,
    body_model,
    event_id_for,
    http_error,
    logged,
    metadata_of,
)
from shared.eventstore import EventStore
from shared.http import log_context
from shared.privacy import Sealer
from shared.processing_log import note_processing
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
            event_id=event_id_for("intake", principal.gemeentecode, idempotency_key),
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
    except REFUSALS as error:
        raise http_error(error) from error
    log_context(request, event_id=str(outcome.event_id), stream_id=youth_stream(command.youth_id))
    return outcome
