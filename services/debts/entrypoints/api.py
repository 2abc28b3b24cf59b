"""The debts HTTP API: a route per command, the trajectory, lists for the municipality.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request

from services.debts.domain import commands as c
from services.debts.handlers import execute, trajectory_stream
from services.debts.projections.trajectories import (
    TrajectorySummary,
    deadlines_at_risk,
    trajectories,
)
from services.debts.views import TrajectoryView, trajectory_view
from shared.auth import Authenticator, Principal
from shared.clock import Today, clock_of
from shared.command_http import (
    CommandRoute,
    Seal,
    Store,
    add_command_routes,
    executor,
    load_visible,
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
    add_command_routes(router, auth, ROUTES, executor(execute, trajectory_stream))
    _read_routes(router, auth)
    return router


def _read_routes(router: APIRouter, auth: Authenticator) -> None:
    reader = auth.require("schuldhulpverlener", "auditor")

    @router.get(
        "/youths/{youth_id}/debts",
        dependencies=logged(
            action="lezen",
            activity="debts.traject",
            activity_name="Inzien schuldhulptraject",
            grondslag="wgs",
        ),
    )
    async def show(
        youth_id: uuid.UUID,
        principal: Annotated[Principal, Depends(reader)],
        store: Store,
        sealer: Seal,
        request: Request,
    ) -> TrajectoryView:
        """The young person's debt trajectory; amounts and creditors for the counsellor only."""
        note_processing(request, principal=principal)
        not_found = {"nl": "Geen schuldhulptraject", "en": "No debt trajectory"}
        recorded = await load_visible(store, trajectory_stream(youth_id), principal, not_found)
        events = [await sealer.open(r) for r in recorded]
        return trajectory_view(youth_id, events, principal, clock_of(request).today())

    @router.get("/trajectories")
    async def list_trajectories(
        principal: Annotated[Principal, Depends(reader)],
        request: Request,
        status_: Annotated[
            Literal["open", "schuldenvrij", "beeindigd"] | None, Query(alias="status")
        ] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
    ) -> list[TrajectorySummary]:
        """The municipality's debt trajectories (no amounts)."""
        state = request.app.state
        return await trajectories(state.pool, state.schema, principal.gemeentecode, status_, limit)

    @router.get("/trajectories/deadlines-at-risk")
    async def at_risk(
        principal: Annotated[Principal, Depends(reader)], request: Request, today: Today
    ) -> list[TrajectorySummary]:
        """Open trajectories whose Wgs first-conversation deadline is tomorrow or has passed."""
        state = request.app.state
        return await deadlines_at_risk(state.pool, state.schema, principal.gemeentecode, today)
