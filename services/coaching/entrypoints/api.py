"""The coaching HTTP API: a route per command, one young person's coaching, the lists.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from services.coaching.domain import commands as c
from services.coaching.handlers import PIPELINE
from services.coaching.projections.queries import (
    CaseloadItem,
    Outcomes,
    caseload,
    outcomes,
    phase_distribution,
)
from services.coaching.views import CoachingView, coaching_view
from shared.auth import Authenticator, Principal
from shared.command_http import (
    CommandRoute,
    StateRead,
    StateSeen,
    add_command_routes,
    add_state_read,
    logged,
)
from shared.processing_log import note_processing

COACHES = ("coach", "klantmanager")
ROUTES = [
    CommandRoute("/coaches", c.AssignCoach, (*COACHES, "regisseur"), "aanmaken",
                 "coaching.coach", "Coach toewijzen", "pw", assigned_roles=("regisseur",)),
    CommandRoute("/phases", c.StartPhase, COACHES, "wijzigen",
                 "coaching.fase", "Fase starten", "pw"),
    CommandRoute("/talent-scan", c.CompleteTalentScan, COACHES, "wijzigen",
                 "coaching.scan", "Talentenscan afronden", "pw"),
    CommandRoute("/future-conversations", c.HoldFutureConversation, COACHES, "wijzigen",
                 "coaching.toekomstgesprek", "Toekomstgesprek voeren", "pw"),
    CommandRoute("/goals", c.SetGoal, COACHES, "wijzigen",
                 "coaching.doel", "Doel stellen", "pw"),
    CommandRoute("/goal-achievements", c.AchieveGoal, COACHES, "wijzigen",
                 "coaching.doel", "Doel behaald", "pw"),
    CommandRoute("/goal-drops", c.DropGoal, COACHES, "wijzigen",
                 "coaching.doel", "Doel vervallen", "pw"),
    CommandRoute("/matches", c.MakeMatch, COACHES, "wijzigen",
                 "coaching.match", "Match maken", "pw"),
    CommandRoute("/education", c.StartEducation, COACHES, "wijzigen",
                 "coaching.uitstroom", "Opleiding gestart", "pw"),
    CommandRoute("/work", c.StartWork, COACHES, "wijzigen",
                 "coaching.uitstroom", "Werk aanvaard", "pw"),
    CommandRoute("/work-end", c.EndWork, COACHES, "wijzigen",
                 "coaching.uitstroom", "Werk beëindigd", "pw"),
    CommandRoute("/education-completion", c.CompleteEducation, COACHES, "wijzigen",
                 "coaching.uitstroom", "Opleiding afgerond", "pw"),
    CommandRoute("/education-drop-out", c.DropEducation, COACHES, "wijzigen",
                 "coaching.uitstroom", "Opleiding voortijdig verlaten", "pw"),
    CommandRoute("/daytime-activity", c.StartDaytimeActivity, COACHES, "wijzigen",
                 "coaching.uitstroom", "Dagbesteding gestart", "wmo"),
    CommandRoute("/care-referrals", c.ReferToCare, COACHES, "wijzigen",
                 "coaching.zorg", "Doorverwijzing naar zorg", "wmo"),
    CommandRoute("/relapses", c.SignalRelapse, COACHES, "wijzigen",
                 "coaching.terugval", "Terugval signaleren", "pw"),
    CommandRoute("/coaching-end", c.EndCoaching, COACHES, "wijzigen",
                 "coaching.einde", "Begeleiding afsluiten", "pw"),
]  # fmt: skip


async def _coaching(seen: StateSeen) -> CoachingView:
    """The young person's coaching; goal texts, scan notes and care kind for coaches."""
    return await coaching_view(seen.sealer, seen.youth_id, seen.recorded, seen.principal)


# A caseload (pseudonyms with their phase) is a read of personal data: logged.
CASELOAD_READ = logged(
    action="lezen",
    activity="coaching.caseload",
    activity_name="Inzien caseload",
    grondslag="pw",
)
COACHING = StateRead(
    "/coaching", (*COACHES, "auditor"), "coaching.begeleiding", "Inzien begeleiding", "pw",
    {"nl": "Geen begeleiding bekend", "en": "No coaching known"}, CoachingView, _coaching,
)  # fmt: skip


def build_router(auth: Authenticator) -> APIRouter:
    """Every coaching route, bound to its dependencies by the composition root."""
    router = APIRouter()
    add_command_routes(router, auth, ROUTES, PIPELINE)
    reader = auth.require(*COACHES, "auditor")

    add_state_read(router, auth, COACHING, PIPELINE)

    @router.get("/coaches/me/caseload", dependencies=CASELOAD_READ)
    async def my_caseload(
        principal: Annotated[Principal, Depends(auth.require(*COACHES))], request: Request
    ) -> list[CaseloadItem]:
        """The young people the caller coaches."""
        note_processing(request, principal=principal)
        state = request.app.state
        return await caseload(state.pool, state.schema, principal.gemeentecode, principal.actor)

    @router.get("/coaches/{coach_id}/caseload", dependencies=CASELOAD_READ)
    async def coach_caseload(
        coach_id: str, principal: Annotated[Principal, Depends(reader)], request: Request
    ) -> list[CaseloadItem]:
        """The young people a coach works with, longest in their phase first."""
        note_processing(request, principal=principal)
        state = request.app.state
        return await caseload(state.pool, state.schema, principal.gemeentecode, coach_id)

    @router.get("/phases")
    async def phases(
        principal: Annotated[Principal, Depends(reader)], request: Request
    ) -> dict[str, int]:
        """How many young people are in each Rode loper phase now."""
        state = request.app.state
        return await phase_distribution(state.pool, state.schema, principal.gemeentecode)

    @router.get("/outcomes")
    async def outcome_counts(
        principal: Annotated[Principal, Depends(reader)], request: Request
    ) -> Outcomes:
        """Work, education, dagbesteding, care, and relapse, for the municipality."""
        state = request.app.state
        return await outcomes(state.pool, state.schema, principal.gemeentecode)

    return router
