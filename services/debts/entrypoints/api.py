"""The debts HTTP API: a route per command, the trajectory, lists for the municipality.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request

from services.debts.domain import commands as c
from services.debts.handlers import PIPELINE
from services.debts.projections.trajectories import (
    TrajectorySummary,
    deadlines_at_risk,
    trajectories,
)
from services.debts.views import TrajectoryView, trajectory_view
from shared.auth import Authenticator, Principal
from shared.clock import Today
from shared.command_http import (
    CommandRoute,
    StateRead,
    StateSeen,
    add_command_routes,
    add_state_read,
    logged,
)
from shared.processing_log import note_processing

COUNSELLOR = ("schuldhulpverlener",)
ROUTES = [
    CommandRoute("/debt-help", c.RequestDebtHelp, COUNSELLOR, "aanmaken",
                 "debts.aanmelding", "Aanmelding schuldhulpverlening", "wgs"),
    CommandRoute("/first-conversation", c.HoldFirstConversation, COUNSELLOR, "wijzigen",
                 "debts.eerste_gesprek", "Eerste gesprek", "wgs"),
    CommandRoute("/debts", c.RecordDebt, COUNSELLOR, "wijzigen",
                 "debts.inventarisatie", "Schuld registreren", "wgs"),
    CommandRoute("/inventory", c.CompleteInventory, COUNSELLOR, "wijzigen",
                 "debts.inventarisatie", "Schuldenoverzicht vaststellen", "wgs"),
    CommandRoute("/settlement-proposals", c.ProposeSettlement, COUNSELLOR, "wijzigen",
                 "debts.schuldregeling", "Schuldregeling voorstellen", "wgs"),
    CommandRoute("/creditor-responses", c.RecordCreditorResponse, COUNSELLOR, "wijzigen",
                 "debts.schuldregeling", "Reactie schuldeiser vastleggen", "wgs"),
    CommandRoute("/counterpart", c.AgreeCounterpart, COUNSELLOR, "wijzigen",
                 "debts.tegenprestatie", "Tegenprestatie afspreken", "wgs"),
    CommandRoute("/fund-takeover", c.TakeOverByFund, COUNSELLOR, "wijzigen",
                 "debts.fonds", "Overname door het fonds", "wgs"),
    CommandRoute("/counterpart-hours", c.LogCounterpartHours, COUNSELLOR, "wijzigen",
                 "debts.tegenprestatie", "Uren tegenprestatie", "wgs"),
    CommandRoute("/counterpart-completion", c.CompleteCounterpart, COUNSELLOR, "wijzigen",
                 "debts.tegenprestatie", "Tegenprestatie voltooid", "wgs"),
    CommandRoute("/write-off-revocation", c.RevokeWriteOff, COUNSELLOR, "wijzigen",
                 "debts.fonds", "Kwijtschelding intrekken", "wgs"),
    CommandRoute("/settlement", c.SettleDebts, COUNSELLOR, "wijzigen",
                 "debts.schuldenvrij", "Schulden geregeld", "wgs"),
    CommandRoute("/end", c.EndTrajectory, COUNSELLOR, "wijzigen",
                 "debts.uitstroom", "Traject beëindigen", "wgs"),
]  # fmt: skip


def build_router(auth: Authenticator) -> APIRouter:
    """Every debts route, bound to its dependencies by the composition root."""
    router = APIRouter()
    add_command_routes(router, auth, ROUTES, PIPELINE)
    _read_routes(router, auth)
    return router


async def _trajectory(seen: StateSeen) -> TrajectoryView:
    """The young person's debt trajectory; amounts and creditors for the counsellor only."""
    events = [await seen.sealer.open(r) for r in seen.recorded]
    return trajectory_view(seen.youth_id, events, seen.principal, seen.today)


TRAJECTORY = StateRead(
    "/debts", ("schuldhulpverlener", "auditor"), "debts.traject", "Inzien schuldhulptraject",
    "wgs", {"nl": "Geen schuldhulptraject", "en": "No debt trajectory"}, TrajectoryView,
    _trajectory,
)  # fmt: skip


# A list of young people (pseudonyms with their phase) is a read of personal data: logged.
LIST_READ = logged(
    action="lezen",
    activity="debts.trajecten",
    activity_name="Inzien lijst schuldhulptrajecten",
    grondslag="wgs",
)


def _read_routes(router: APIRouter, auth: Authenticator) -> None:
    reader = auth.require("schuldhulpverlener", "auditor")

    add_state_read(router, auth, TRAJECTORY, PIPELINE)

    @router.get("/trajectories", dependencies=LIST_READ)
    async def list_trajectories(
        principal: Annotated[Principal, Depends(reader)],
        request: Request,
        status_: Annotated[
            Literal["open", "schuldenvrij", "beeindigd"] | None, Query(alias="status")
        ] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
    ) -> list[TrajectorySummary]:
        """The municipality's debt trajectories (no amounts)."""
        note_processing(request, principal=principal)
        state = request.app.state
        return await trajectories(state.pool, state.schema, principal.gemeentecode, status_, limit)

    @router.get("/trajectories/deadlines-at-risk", dependencies=LIST_READ)
    async def at_risk(
        principal: Annotated[Principal, Depends(reader)], request: Request, today: Today
    ) -> list[TrajectorySummary]:
        """Open trajectories whose Wgs first-conversation deadline is tomorrow or has passed."""
        note_processing(request, principal=principal)
        state = request.app.state
        return await deadlines_at_risk(state.pool, state.schema, principal.gemeentecode, today)
