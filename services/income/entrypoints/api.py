"""The income HTTP API: a route per command, the income of a young person, the lists.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from services.income.domain import commands as c
from services.income.durations import before
from services.income.figures import protect_distribution, protect_report, threshold_for
from services.income.handlers import PIPELINE
from services.income.projections.benefits import Benefit, Share, distribution, on_benefit
from services.income.report import BijstandReport, bijstand_report
from services.income.views import IncomeView, income_view
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
from shared.report_period import MONTH, month_span

# The inkomensconsulent decides on bijstand and allowances; the klantmanager, who guides the
# young person towards work, records what comes before a decision and the income from work.
CONSULTANT = ("inkomensconsulent",)
BOTH = ("inkomensconsulent", "klantmanager")
READERS = ("inkomensconsulent", "klantmanager", "auditor")
# The bijstand report's counts: exact for the auditor, protected for policy staff.
REPORT_READERS = ("auditor", "beleidsmedewerker")
ROUTES = [
    CommandRoute("/benefit-applications", c.ApplyForBenefit, BOTH, "aanmaken",
                 "income.aanvraag", "Aanvraag bijstand", "pw"),
    CommandRoute("/search-period", c.StartSearchPeriod, BOTH, "wijzigen",
                 "income.zoektermijn", "Zoektermijn starten", "pw"),
    CommandRoute("/search-period-end", c.EndSearchPeriod, BOTH, "wijzigen",
                 "income.zoektermijn", "Zoektermijn beëindigen", "pw"),
    CommandRoute("/search-period-waiver", c.WaiveSearchPeriod, BOTH, "wijzigen",
                 "income.zoektermijn", "Vrijstelling zoektermijn (maatwerk)", "pw"),
    CommandRoute("/benefit-grant", c.GrantBenefit, CONSULTANT, "wijzigen",
                 "income.besluit", "Bijstand toekennen", "pw"),
    CommandRoute("/benefit-refusal", c.RefuseBenefit, CONSULTANT, "wijzigen",
                 "income.besluit", "Bijstand afwijzen", "pw"),
    CommandRoute("/benefit-suspension", c.SuspendBenefit, CONSULTANT, "wijzigen",
                 "income.besluit", "Bijstand opschorten", "pw"),
    CommandRoute("/benefit-resumption", c.ResumeBenefit, CONSULTANT, "wijzigen",
                 "income.besluit", "Bijstand hervatten", "pw"),
    CommandRoute("/benefit-end", c.EndBenefit, CONSULTANT, "wijzigen",
                 "income.uitstroom", "Bijstand beëindigen", "pw"),
    CommandRoute("/allowance-applications", c.ApplyForAllowance, BOTH, "wijzigen",
                 "income.toeslag", "Aanvraag toeslag", "pw"),
    CommandRoute("/allowance-grant", c.GrantAllowance, CONSULTANT, "wijzigen",
                 "income.toeslag", "Toeslag toekennen", "pw"),
    CommandRoute("/allowance-refusal", c.RefuseAllowance, CONSULTANT, "wijzigen",
                 "income.toeslag", "Toeslag afwijzen", "pw"),
    CommandRoute("/income-from-work", c.RecordIncomeFromWork, BOTH, "wijzigen",
                 "income.inkomsten", "Inkomsten uit werk", "pw"),
]  # fmt: skip


async def _income(seen: StateSeen) -> IncomeView:
    """The young person's income; amounts for the income consultant and klantmanager only."""
    return await income_view(seen.sealer, seen.youth_id, seen.recorded, seen.principal, seen.today)


INCOME = StateRead(
    "/income", READERS, "income.inkomen", "Inzien inkomen", "pw",
    {"nl": "Geen inkomensgegevens bekend", "en": "No income known"}, IncomeView, _income,
)  # fmt: skip

# A list of young people (pseudonyms with their benefit) is a read of personal data: logged.
LIST_READ = logged(
    action="lezen",
    activity="income.uitkeringen",
    activity_name="Inzien lijst bijstandsuitkeringen",
    grondslag="pw",
)
# Counts only: no young person in them, but a read of the municipality's records all the same.
COUNT_READ = logged(
    action="lezen",
    activity="income.verdeling",
    activity_name="Inzien verdeling bijstand per situatie en norm",
    grondslag="pw",
)


def build_router(auth: Authenticator) -> APIRouter:
    """Every income route, bound to its dependencies by the composition root."""
    router = APIRouter()
    add_command_routes(router, auth, ROUTES, PIPELINE)
    reader = auth.require(*READERS)

    add_state_read(router, auth, INCOME, PIPELINE)

    @router.get("/benefits", dependencies=LIST_READ)
    async def benefits(
        principal: Annotated[Principal, Depends(reader)],
        request: Request,
        today: Today,
        longer_than: Annotated[
            str | None,
            Query(
                max_length=40,
                description="Only those on bijstand longer than this ISO 8601 duration, e.g."
                " P2Y: the toekomstgesprek's selection.",
                examples=["P2Y"],
            ),
        ] = None,
    ) -> list[Benefit]:
        """The municipality's young people on bijstand now (no amounts), longest first."""
        note_processing(request, principal=principal)
        cutoff = None if longer_than is None else before(today, longer_than, "longer_than")
        state = request.app.state
        return await on_benefit(state.pool, state.schema, principal.gemeentecode, today, cutoff)

    @router.get("/benefits/distribution", dependencies=COUNT_READ)
    async def benefits_distribution(
        principal: Annotated[Principal, Depends(reader)], request: Request
    ) -> list[Share]:
        """How many young people per situation (applied, running, suspended, ...) and norm.

        Exact for the auditor; for anyone else a count from 1 to the threshold reads "<5" and
        a complementary cell "x", so that none can be recovered from the others.
        """
        note_processing(request, principal=principal)
        state = request.app.state
        shares = await distribution(state.pool, state.schema, principal.gemeentecode)
        threshold = threshold_for(principal.roles, state.small_cell_threshold)
        return shares if threshold is None else protect_distribution(shares, threshold)

    _report_route(router, auth)
    return router


# Counts only, of the municipality: the auditor's exact, policy staff's protected (as intake's
# relapse report).
REPORT_READ = logged(
    action="lezen",
    activity="income.bijstandcijfers",
    activity_name="Bijstand: instroom, uitstroom, langdurig, toeslagen (cijfers)",
    grondslag="pw",
)


def _report_route(router: APIRouter, auth: Authenticator) -> None:
    reader = auth.require(*REPORT_READERS)
    # The pattern documents the format; month_span checks it, to refuse in Dutch and English.
    shape = {"pattern": MONTH}

    @router.get("/reports/bijstand", dependencies=REPORT_READ)
    async def report(
        principal: Annotated[Principal, Depends(reader)],
        request: Request,
        start: Annotated[str, Query(alias="from", json_schema_extra=shape, examples=["2026-01"])],
        end: Annotated[str, Query(alias="until", json_schema_extra=shape, examples=["2026-12"])],
    ) -> BijstandReport:
        """Inflow into and outflow from bijstand (by reason), long-term bijstand, allowances.

        Exact for the auditor; for the beleidsmedewerker small counts are protected.
        """
        note_processing(request, principal=principal)
        first, last = month_span(start, end)
        state = request.app.state
        report = await bijstand_report(
            state.pool, state.schema, principal.gemeentecode, first, last
        )
        threshold = threshold_for(principal.roles, state.small_cell_threshold)
        return report if threshold is None else protect_report(report, threshold)
