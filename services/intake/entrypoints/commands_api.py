"""One HTTP route per intake command, named as the user would say it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.intake.domain import commands as c
from services.intake.handlers import PIPELINE
from shared.command_handling import Checks
from shared.command_http import CommandRoute, add_command_routes, run_command

if TYPE_CHECKING:
    import uuid
    from collections.abc import Sequence

    from fastapi import APIRouter, Request

    from shared.auth import Authenticator, Principal
    from shared.command_handling import Outcome
    from shared.eventstore import Alongside

# A jongerenregisseur gives intake's commands only for the young people assigned to them (a
# hand-over included); intake assigns the first director and acts for anyone.
DIRECTOR = ("regisseur",)
# The young person (role `jongere`) gives and withdraws their own consent (Mijn regie): only
# for the youth id their token names (shared/command_http.py), recorded with them as actor.
CONSENTING = ("intake", "regisseur", "jongere")
ROUTES = [
    # /identity-verification has a route of its own in api.py: the BSN's duplicate check.
    CommandRoute("/consents", c.GiveConsent, CONSENTING, "wijzigen",
                 "intake.toestemming", "Vastleggen toestemming", "toestemming",
                 assigned_roles=DIRECTOR),
    CommandRoute("/consent-withdrawals", c.WithdrawConsent, CONSENTING, "wijzigen",
                 "intake.toestemming", "Intrekken toestemming", "toestemming",
                 assigned_roles=DIRECTOR),
    CommandRoute("/self-reliance-assessments", c.AssessSelfReliance, ("intake", "regisseur"),
                 "wijzigen", "intake.zrm", "Meten zelfredzaamheid", "pw",
                 assigned_roles=DIRECTOR),
    # /enrolments has a route of its own in enrolment_api.py: the toekomstgesprek's criterion.
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
    # Nazorg after the last exit: its follow-ups, and its end by hand.
    CommandRoute("/follow-ups", c.RecordFollowUp, ("intake", "regisseur"), "wijzigen",
                 "intake.nazorg", "Nazorgcontact vastleggen", "pw", assigned_roles=DIRECTOR),
    CommandRoute("/aftercare/end", c.EndAftercare, ("intake", "regisseur"), "wijzigen",
                 "intake.nazorg", "Nazorg beëindigen", "pw", assigned_roles=DIRECTOR),
    # Doorbraak: the regisseur asks an organisation to break through a rule in the way.
    CommandRoute("/breakthroughs", c.RequestBreakthrough, ("regisseur",), "wijzigen",
                 "intake.doorbraak", "Doorbraak vragen", "pw", assigned_roles=DIRECTOR),
    CommandRoute("/breakthrough-resolutions", c.ResolveBreakthrough, ("regisseur",), "wijzigen",
                 "intake.doorbraak", "Doorbraak afhandelen", "pw", assigned_roles=DIRECTOR),
    # Mijn mening: only the young person gives their say, and only for themself.
    CommandRoute("/feedback", c.GiveFeedback, ("jongere",), "aanmaken", "intake.mening",
                 "Mening geven", "toestemming"),
    # Turning 18: what continues and who takes over, agreed before the birthday.
    CommandRoute("/transition-plan", c.AgreeTransitionPlan, ("regisseur",), "wijzigen",
                 "intake.overgangsplan", "Vaststellen overgangsplan", "jw",
                 assigned_roles=DIRECTOR),
]  # fmt: skip


def add_intake_command_routes(router: APIRouter, auth: Authenticator) -> None:
    """Register a route for every command in ROUTES."""
    add_command_routes(router, auth, ROUTES, PIPELINE)


async def run(
    command: c.Command,
    principal: Principal,
    request: Request,
    event_id: uuid.UUID | None = None,
    along: Sequence[Alongside] = (),
) -> Outcome:
    """Execute a command outside the route table (the entry routes), as the routes do.

    `along`: what the append writes with the events (the registration's blind index rows).
    """
    checks = Checks(tenant=principal.gemeentecode, event_id=event_id)
    return await run_command(PIPELINE, command, principal, request, checks, along=along)
