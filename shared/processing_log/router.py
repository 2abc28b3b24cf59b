"""`GET /processing-log`: auditors read their own municipality's processing log.

Reading the log is itself processing (activity `verwerkingslog.inzien`): each read leaves an
entry, on the young person's chain when one is asked for (a refused read as `geweigerd`).

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

from collections.abc import Callable
from typing import Annotated, Final, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import AwareDatetime

from shared.auth import ROLES, Authenticator, Principal
from shared.processing_log.dependency import note_processing, processing
from shared.processing_log.entry import ProcessingEntry
from shared.processing_log.store import ProcessingLog
from shared.processing_log.vng import Verwerkingsacties, VngSource, verwerkingsactie
from shared.settings import PlatformSettings

READER_ROLES: Final = tuple(role for role in ("auditor", "privacy_officer") if role in ROLES)
"""Who may read the log; `privacy_officer` only once the domain knows that role."""

_MAX_LIMIT: Final = 1000


def build_processing_log_router(
    log_getter: Callable[[Request], ProcessingLog],
    authenticator: Authenticator,
    *,
    bewaartermijn: str | None = None,
) -> APIRouter:
    """The read side of the log, always scoped to the caller's gemeentecode.

    `bewaartermijn` defaults to the log's own retention (`PROCESSING_LOG_RETENTION_YEARS`).
    """
    router = APIRouter(tags=["verwerkingenlogging"])
    reader = Annotated[Principal, Depends(authenticator.require(*READER_ROLES))]
    platform = PlatformSettings()
    uitvoerder = platform.oin
    kept = bewaartermijn or f"P{platform.processing_log_retention_years}Y"
    logged = processing(
        log_getter,
        action="lezen",
        activity="verwerkingslog.inzien",
        activity_name="Verwerkingslog inzien",
        grondslag="avg_6_1_c",
        youth_in_query=True,
    )

    @router.get("/processing-log", dependencies=[Depends(logged, scope="function")])
    async def read_processing_log(  # noqa: PLR0913 - each argument is a query parameter
        *,
        request: Request,
        principal: reader,
        youth_id: Annotated[str | None, Query(max_length=200)] = None,
        since: AwareDatetime | None = None,
        until: AwareDatetime | None = None,
        limit: Annotated[int, Query(ge=1, le=_MAX_LIMIT)] = _MAX_LIMIT,
        output: Annotated[Literal["regie", "vng"], Query(alias="format")] = "regie",
    ) -> list[ProcessingEntry] | Verwerkingsacties:
        """Entries of one young person, or of the whole municipality, oldest first.

        `since` is inclusive, `until` exclusive; `format=vng` answers in the field names of
        the VNG Verwerkingenlogging API.
        """
        note_processing(request, principal=principal, youth_id=youth_id)
        log = log_getter(request)
        tenant = principal.gemeentecode
        if youth_id is None:
            entries = await log.for_tenant(tenant, since, until, limit)
        else:
            entries = await log.for_youth(tenant, youth_id, limit, since=since, until=until)
        if output == "regie":
            return entries
        source = VngSource(
            uitvoerder=uitvoerder,
            systeem=f"regie-{log.schema}",
            gegevensbron=f"regie-{log.schema}",
            bewaartermijn=kept,
        )
        return Verwerkingsacties(
            verwerkingsacties=[verwerkingsactie(entry, source) for entry in entries]
        )

    return router
