"""`GET /processing-log`: auditors read their own municipality's processing log.

Reading the log is itself processing (activity `verwerkingslog.inzien`): each read leaves an
entry, on the young person's chain when one is asked for (a refused read as `geweigerd`).

The young person (role `jongere`) reads the entries about themself, and only those: any other
youth id, or none, is the 404 of a young person not there (AVG art. 15: who processed their
data, on which basis). Their read rests on that right (`avg_15`); an employee's pseudonym is
the employee's own personal data, so they see the employee's role in its place.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

from collections.abc import Callable
from typing import Annotated, Final, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from pydantic import AwareDatetime

from shared.auth import ROLES, Authenticator, Principal
from shared.auth.roles import YOUNG_PERSON
from shared.processing_log.dependency import note_processing, processing
from shared.processing_log.entry import ProcessingEntry
from shared.processing_log.store import ProcessingLog
from shared.processing_log.vng import Verwerkingsacties, VngSource, verwerkingsactie
from shared.settings import PlatformSettings

READER_ROLES: Final = tuple(role for role in ("auditor", "privacy_officer") if role in ROLES)
"""Who may read the log; `privacy_officer` only once the domain knows that role."""

_MAX_LIMIT: Final = 1000
NOT_YOURS: Final = {"nl": "Onbekende jongere", "en": "Unknown young person"}
"""A young person asking of another: the answer for one not there (shared/command_http.py's)."""
_NOT_YOURS_DOC: Final = {
    "description": "Een jongere vraagt naar een ander dan zichzelf / not your own youth id",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Refusal"}}},
}


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
    reader = Annotated[Principal, Depends(authenticator.require(*READER_ROLES, YOUNG_PERSON))]
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

    @router.get(
        "/processing-log",
        dependencies=[Depends(logged, scope="function")],
        responses={404: _NOT_YOURS_DOC},
    )
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
        own = principal.young_person
        if own is not None:
            note_processing(request, grondslag="avg_15")
            if youth_id != own:
                raise HTTPException(status.HTTP_404_NOT_FOUND, NOT_YOURS)
        if youth_id is None:
            entries = await log.for_tenant(tenant, since, until, limit)
        else:
            entries = await log.for_youth(tenant, youth_id, limit, since=since, until=until)
        if own is not None:
            entries = [_as_seen_by(entry, principal) for entry in entries]
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


def _as_seen_by(entry: ProcessingEntry, young_person: Principal) -> ProcessingEntry:
    """The entry for the young person: an employee shows as their role, they as themself."""
    if entry.actor == young_person.actor:
        return entry
    return entry.model_copy(update={"actor": entry.actor_role})
