"""`GET /reports/relapse`: relapse within 12 months of the exit by life domain, per cohort.

Only intake holds the key to the relapse's life domains (special category), so only intake
can count them; it answers counts, never a young person. For the auditor of the municipality
(exact) and the beleidsmedewerker (small counts protected); every read is processing-logged,
on AVG art. 9(2)(j) (statistics with safeguards, UAVG art. 24).

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from services.intake.maatwerk_budget import MaatwerkBudget, maatwerk_budget
from services.intake.relapse_report import RelapseByDomain, relapse_by_domain
from shared.auth import Authenticator, Principal
from shared.command_http import logged
from shared.processing_log import note_processing
from shared.report_period import MONTH, month_span

ACTIVITY = "intake.terugvalcijfers"
ACTIVITY_NAME = "Terugval per leefgebied (cijfers)"
BUDGET = "intake.maatwerkbudget"
BUDGET_NAME = "Budget voor maatwerk per fonds (totalen)"


def build_reports_router(auth: Authenticator) -> APIRouter:
    """The auditor's figures that need intake's keys."""
    router = APIRouter()
    auditor = auth.require("auditor", "beleidsmedewerker")
    # The pattern documents the format; month_span checks it, to refuse in Dutch and English.
    shape = {"pattern": MONTH}

    @router.get(
        "/reports/relapse",
        summary=ACTIVITY_NAME,
        dependencies=logged(
            action="lezen", activity=ACTIVITY, activity_name=ACTIVITY_NAME, grondslag="avg_9_2_j"
        ),
    )
    async def relapse(
        principal: Annotated[Principal, Depends(auditor)],
        request: Request,
        start: Annotated[str, Query(alias="from", json_schema_extra=shape, examples=["2026-01"])],
        end: Annotated[str, Query(alias="until", json_schema_extra=shape, examples=["2026-06"])],
    ) -> RelapseByDomain:
        """Relapse per enrolment cohort from `from` to `until`, and per life domain.

        The cohort is the month of the first start in the programme left last; per cohort the
        young people in nazorg, those who relapsed at a follow-up within 12 months of the exit,
        and per life domain (one may count in several).
        """
        note_processing(request, principal=principal)
        first, last = month_span(start, end)
        state = request.app.state
        # The auditor reads exact counts; anyone else small ones protected.
        exact = principal.has_any("auditor")
        return await relapse_by_domain(
            state.store, state.sealer, principal.gemeentecode, start=first, end=last,
            threshold=None if exact else state.small_cell_threshold,
        )  # fmt: skip

    # Who has a basis for what funds spend: the auditor, who accounts for it, and policy
    # staff, who decide which maatwerk should become structural. Totals only; a regisseur
    # (who knows a young person's own trajectory) and a programmamonitor have none.
    budget_reader = auth.require("auditor", "beleidsmedewerker")

    @router.get(
        "/reports/maatwerk-budget",
        summary=BUDGET_NAME,
        dependencies=logged(
            action="lezen", activity=BUDGET, activity_name=BUDGET_NAME, grondslag="avg_6_1_e"
        ),
    )
    async def budget(
        principal: Annotated[Principal, Depends(budget_reader)],
        request: Request,
        start: Annotated[str, Query(alias="from", json_schema_extra=shape, examples=["2026-01"])],
        end: Annotated[str, Query(alias="until", json_schema_extra=shape, examples=["2026-06"])],
    ) -> MaatwerkBudget:
        """What funds pay for maatwerk trajectories, per calendar year from `from` to `until`.

        Whole years (those of `from` and `until` and between): per fund and for all funds the
        trajectories paid for, their total and mean in euros. Never a young person's amount.
        """
        note_processing(request, principal=principal)
        first, last = month_span(start, end)
        state = request.app.state
        exact = principal.has_any("auditor")
        return await maatwerk_budget(
            state.store, state.sealer, principal.gemeentecode, start=first, end=last,
            threshold=None if exact else state.small_cell_threshold,
        )  # fmt: skip

    return router
