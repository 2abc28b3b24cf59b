"""The housing HTTP API: a route per command, the situation, the municipality's lists.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from services.housing.domain import commands as c
from services.housing.handlers import PIPELINE
from services.housing.projections.situations import Situation, situations
from services.housing.views import HousingView, housing_view
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

CONSULTANT = ("woonconsulent",)
ROUTES = [
    CommandRoute("/homelessness", c.RegisterHomelessness, CONSULTANT, "aanmaken",
                 "housing.dakloosheid", "Dakloosheid registreren", "wmo"),
    CommandRoute("/postal-address", c.ArrangePostalAddress, CONSULTANT, "wijzigen",
                 "housing.briefadres", "Briefadres regelen", "wmo"),
    CommandRoute("/shelter-admissions", c.AdmitToShelter, CONSULTANT, "wijzigen",
                 "housing.opvang", "Instroom opvang", "wmo"),
    CommandRoute("/shelter-departures", c.LeaveShelter, CONSULTANT, "wijzigen",
                 "housing.opvang", "Uitstroom opvang", "wmo"),
    CommandRoute("/housing-registration", c.StartHousingRegistration, CONSULTANT, "wijzigen",
                 "housing.woningzoekend", "Inschrijving woningzoekende", "wmo"),
    CommandRoute("/housing-plan", c.AgreeHousingPlan, CONSULTANT, "wijzigen",
                 "housing.plan", "Woonplan vaststellen", "wmo"),
    CommandRoute("/housing-allowances", c.GrantHousingAllowance, CONSULTANT, "wijzigen",
                 "housing.woontoelage", "Woontoelage toekennen", "pw"),
    CommandRoute("/accommodation-offers", c.OfferAccommodation, CONSULTANT, "wijzigen",
                 "housing.aanbod", "Woning aanbieden", "wmo"),
    CommandRoute("/housed", c.HouseYouth, CONSULTANT, "wijzigen",
                 "housing.huisvesting", "Gehuisvest", "wmo"),
    CommandRoute("/eviction-threats", c.SignalEvictionThreat, CONSULTANT, "wijzigen",
                 "housing.huisuitzetting", "Dreigende huisuitzetting", "wmo"),
    CommandRoute("/eviction-prevention", c.PreventEviction, CONSULTANT, "wijzigen",
                 "housing.huisuitzetting", "Huisuitzetting voorkomen", "wmo"),
    CommandRoute("/eviction", c.CarryOutEviction, CONSULTANT, "wijzigen",
                 "housing.huisuitzetting", "Huisuitzetting", "wmo"),
    CommandRoute("/housing-end", c.EndHousing, CONSULTANT, "wijzigen",
                 "housing.einde", "Woonsituatie beëindigd", "wmo"),
]  # fmt: skip


async def _situation(seen: StateSeen) -> HousingView:
    """The young person's housing situation; addresses for the housing consultant only."""
    return await housing_view(seen.sealer, seen.youth_id, seen.recorded, seen.principal, seen.today)


# A list of young people (pseudonyms with their situation) is a read of personal data: logged.
LIST_READ = logged(
    action="lezen",
    activity="housing.situaties",
    activity_name="Inzien lijst woonsituaties",
    grondslag="wmo",
)
SITUATION = StateRead(
    "/housing", ("woonconsulent", "auditor"), "housing.situatie", "Inzien woonsituatie", "wmo",
    {"nl": "Geen woonsituatie bekend", "en": "No housing situation known"}, HousingView,
    _situation,
)  # fmt: skip


def build_router(auth: Authenticator) -> APIRouter:
    """Every housing route, bound to its dependencies by the composition root."""
    router = APIRouter()
    add_command_routes(router, auth, ROUTES, PIPELINE)
    reader = auth.require("woonconsulent", "auditor")

    add_state_read(router, auth, SITUATION, PIPELINE)

    @router.get("/homeless", dependencies=LIST_READ)
    async def homeless_now(
        principal: Annotated[Principal, Depends(reader)], request: Request, today: Today
    ) -> list[Situation]:
        """Who is homeless now, with the days since and the deadlines missed."""
        note_processing(request, principal=principal)
        state = request.app.state
        return await situations(
            state.pool, state.schema, principal.gemeentecode, today, homeless_only=True
        )

    @router.get("/situations", dependencies=LIST_READ)
    async def all_situations(
        principal: Annotated[Principal, Depends(reader)], request: Request, today: Today
    ) -> list[Situation]:
        """Every young person with a housing history: homeless, in shelter, housed."""
        note_processing(request, principal=principal)
        state = request.app.state
        return await situations(
            state.pool, state.schema, principal.gemeentecode, today, homeless_only=False
        )

    return router
