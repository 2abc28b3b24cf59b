"""One HTTP route per intake command, named as the user would say it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.intake.domain import commands as c
from services.intake.handlers import execute, youth_stream
from shared.clock import clock_of
from shared.command_http import (
    REFUSALS,
    CommandRequest,
    CommandRoute,
    add_command_routes,
    http_error,
    metadata_of,
)
from shared.http import log_context

if TYPE_CHECKING:
    import uuid

    from fastapi import APIRouter, Request

    from services.intake.domain.model import Youth
    from shared.auth import Authenticator, Principal
    from shared.command_handling import Outcome
    from shared.eventstore import EventStore
    from shared.privacy import Sealer

# A jongerenregisseur gives intake's commands only for the young people assigned to them (a
# hand-over included); intake assigns the first director and acts for anyone.
DIRECTOR = ("regisseur",)
ROUTES = [
    CommandRoute("/identity-verification", c.VerifyIdentity, ("intake",), "wijzigen",
                 "intake.identiteit", "Vaststellen identiteit", "pw"),
    CommandRoute("/consents", c.GiveConsent, ("intake", "regisseur"), "wijzigen",
                 "intake.toestemming", "Vastleggen toestemming", "toestemming",
                 assigned_roles=DIRECTOR),
    CommandRoute("/consent-withdrawals", c.WithdrawConsent, ("intake", "regisseur"), "wijzigen",
                 "intake.toestemming", "Intrekken toestemming", "toestemming",
                 assigned_roles=DIRECTOR),
    CommandRoute("/self-reliance-assessments", c.AssessSelfReliance, ("intake", "regisseur"),
                 "wijzigen", "intake.zrm", "Meten zelfredzaamheid", "pw",
                 assigned_roles=DIRECTOR),
    CommandRoute("/enrolments", c.EnrolInProgramme, ("intake",), "wijzigen",
                 "intake.instroom", "Instroom in programma", "pw"),
    CommandRoute("/director", c.AssignDirector, ("intake", "regisseur"), "wijzigen",
                 "intake.regie", "Toewijzen jongerenregisseur", "pw",
                 assigned_roles=DIRECTOR),
    CommandRoute("/future-plan", c.AgreeFuturePlan, ("regisseur",), "wijzigen",
                 "intake.toekomstplan", "Vaststellen toekomstplan", "pw", assigned_roles=DIRECTOR),
    CommandRoute("/future-plan-reviews", c.ReviewFuturePlan, ("regisseur",), "wijzigen",
                 "intake.toekomstplan", "Evalueren toekomstplan", "pw", assigned_roles=DIRECTOR),
    CommandRoute("/case-conferences", c.HoldCaseConference, ("regisseur",), "wijzigen",
                 "intake.casusoverleg", "Casusoverleg", "pw", assigned_roles=DIRECTOR),
    CommandRoute("/customisations", c.ApplyCustomisation, ("regisseur",), "wijzigen",
                 "intake.maatwerk", "Toepassen maatwerk", "pw", assigned_roles=DIRECTOR),
    CommandRoute("/exits", c.ExitProgramme, ("intake", "regisseur"), "wijzigen",
                 "intake.uitstroom", "Uitstroom uit programma", "pw",
                 assigned_roles=DIRECTOR),
]  # fmt: skip


def add_intake_command_routes(router: APIRouter, auth: Authenticator) -> None:
    """Register a route for every command in ROUTES."""
    add_command_routes(router, auth, ROUTES, _execute)


async def _execute(given: CommandRequest) -> Outcome:
    state = given.request.app.state
    principal = given.principal
    assigned_only = given.route.must_be_assigned(principal)

    def may_act(youth: Youth) -> bool:
        return not assigned_only or youth.director_id == principal.actor

    outcome = await execute(
        state.store,
        state.sealer,
        given.command,  # type: ignore[arg-type] # the route's command is intake's
        metadata_of(principal, given.request),
        today=clock_of(given.request).today(),
        event_id=given.checks.event_id,
        expected_version=given.checks.expected_version,
        may_act=may_act,
        tenant=given.checks.tenant,
    )
    _log(given.request, outcome, given.command)
    return outcome


async def run(  # noqa: PLR0913 - what a command needs, passed on from the route
    store: EventStore,
    sealer: Sealer,
    command: c.Command,
    principal: Principal,
    request: Request,
    *,
    event_id: uuid.UUID | None = None,
) -> Outcome:
    """Execute a command outside the route table, translating refusals into HTTP answers."""
    try:
        outcome = await execute(
            store,
            sealer,
            command,
            metadata_of(principal, request),
            today=clock_of(request).today(),
            event_id=event_id,
            tenant=principal.gemeentecode,
        )
    except REFUSALS as error:
        raise http_error(error) from error
    _log(request, outcome, command)
    return outcome


def _log(request: Request, outcome: Outcome, command: object) -> None:
    youth_id = getattr(command, "youth_id", None)
    if youth_id is not None:
        log_context(request, event_id=str(outcome.event_id), stream_id=youth_stream(youth_id))
