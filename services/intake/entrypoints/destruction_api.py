"""The destruction list (vernietigingslijst): who is due, the decisions on it, the declarations.

- `GET /destruction-list`: the young people whose retention ended (held ones marked).
- `POST /youths/{id}/destruction-hold` (a reason), `/destruction-release`: hold back, release.
- `POST /youths/{id}/destruction-approval`: approve; the erasure runs as `POST /erasure` does
  (`personal-data-erased`, reason `bewaartermijn_verlopen`, the key destroyed), and every
  domain confirms it. Only a young person on the list, not held back, is approved.
- `GET /destruction-declarations` (`?format=csv` to export): whose data, approved by whom and
  when, erased when, which domains confirmed.

For the municipality's `archivaris` and the privacy officer; no personal data (pseudonyms,
programme, result, dates, employee pseudonyms). Every call is processing-logged, on a legal
obligation (AVG art. 6(1)(c); the Archiefwet: the municipality destroys what the Selectielijst
lets it, and accounts for it).

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import csv
import io
import uuid
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from services.intake.blind_index import BlindIndex
from services.intake.destruction_list import Declaration, declarations, destruction_list
from services.intake.domain.commands import (
    ApproveDestruction,
    EraseYouth,
    HoldDestruction,
    ReleaseDestruction,
)
from services.intake.domain.retention import Due
from services.intake.handlers import PIPELINE, erase_youth, fold, intake_settings, youth_stream
from shared.auth import Authenticator, Principal
from shared.clock import Today
from shared.command_handling import Checks
from shared.command_http import (
    CONCURRENT_RETRIES,
    REFUSALS,
    Recorded,
    http_error,
    logged,
    metadata_of,
    run_command,
)
from shared.eventstore import ConcurrencyError
from shared.http import log_context
from shared.privacy import MasterKey
from shared.processing_log import note_processing
from shared.rules import ConflictError

LIST_ACTIVITY = "intake.vernietigingslijst"
LIST_NAME = "Vernietigingslijst inzien"
DECIDE_NAME = "Vernietiging aanhouden of vrijgeven"
APPROVE_NAME = "Vernietiging goedkeuren"
DECLARATIONS_NAME = "Verklaringen van vernietiging"
DESTRUCTION_ROLES = ("archivaris", "privacy_officer")


class DueForDestruction(BaseModel):
    """A young person whose retention ended: on the list of `listed_in`."""

    youth_id: uuid.UUID = Field(description="The young person's opaque id.")
    programma: str | None = Field(description="The programme registered for.", examples=["jpf"])
    result: str | None = Field(description="The last exit's destination.", examples=["werk"])
    care_ended_on: date = Field(
        description="The end of the last trajectory in any domain: the retention clock's start.",
        examples=["2006-03-01"],
    )
    retention_years: int = Field(description="The period set for it, in years.", examples=[20])
    destroy_from: date = Field(description="The day the period ended.", examples=["2026-03-01"])
    listed_in: str = Field(description="The month of the list (YYYY-MM).", examples=["2026-03"])
    held_on: date | None = Field(
        description="Held back from destruction since; absent unless held.", examples=[None]
    )


class DestructionList(BaseModel):
    """The municipality's young people due for destruction, oldest first."""

    items: list[DueForDestruction]


class HoldRequest(BaseModel):
    """Why the destruction is held back (sealed with the young person's key)."""

    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=500, examples=["Er loopt een bezwaarprocedure."])


class Destroyed(BaseModel):
    """Approved, and the personal data erased in intake; the domains confirm it."""

    youth_id: uuid.UUID
    erased: bool
    stream_version: int


async def _due(request: Request, principal: Principal, youth_id: uuid.UUID, today: date) -> Due:
    """The young person's entry on the list; 409 when they are not on it (not due, in care)."""
    state = request.app.state
    due = await destruction_list(
        state.pool, state.schema, principal.gemeentecode, intake_settings().retention, today
    )
    for entry in due:
        if entry.youth_id == youth_id:
            return entry
    raise http_error(
        ConflictError(
            "Deze jongere staat niet op de vernietigingslijst (bewaartermijn loopt nog, een"
            " traject loopt nog, of de jongere is onbekend)",
            "This young person is not on the destruction list (retention still running, a"
            " trajectory still open, or unknown)",
        )
    )


async def _index(request: Request) -> BlindIndex:
    """The app's blind index (as the erasure route's): an erased young person is never matched."""
    state = request.app.state
    made: BlindIndex | None = getattr(state, "blind_index", None)
    if made is None:
        made = BlindIndex(state.pool, state.schema, MasterKey.from_environment())
        state.blind_index = made
    return made


def _csv(rows: list[Declaration]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["youth_id", "approved_on", "approved_by", "erased_on", "confirmed_by",
                     "confirmed_at", "last_confirmed_at"])  # fmt: skip
    for row in rows:
        times = " ".join(f"{domain}={at.isoformat()}" for domain, at in row.confirmed_at.items())
        writer.writerow([
            row.youth_id, row.approved_on, row.approved_by, row.erased_on or "",
            " ".join(row.confirmed_by), times, row.last_confirmed_at or "",
        ])  # fmt: skip
    return out.getvalue()


def build_destruction_router(auth: Authenticator) -> APIRouter:
    """The destruction list's routes."""
    router = APIRouter()
    archivist = auth.require(*DESTRUCTION_ROLES)
    _decisions(router, archivist)
    _approval(router, archivist)
    _declarations(router, archivist)

    @router.get(
        "/destruction-list",
        summary=LIST_NAME,
        dependencies=logged(
            action="lezen", activity=LIST_ACTIVITY, activity_name=LIST_NAME, grondslag="avg_6_1_c"
        ),
    )
    async def list_due(
        principal: Annotated[Principal, Depends(archivist)], request: Request, today: Today
    ) -> DestructionList:
        """Who is due: retention ended, in no programme and with no trajectory open anywhere."""
        note_processing(request, principal=principal)
        state = request.app.state
        periods = intake_settings().retention
        due = await destruction_list(
            state.pool, state.schema, principal.gemeentecode, periods, today
        )
        return DestructionList(items=[DueForDestruction(**vars(d)) for d in due])

    return router


def _decisions(router: APIRouter, archivist: Any) -> None:  # noqa: ANN401 - a FastAPI dependency
    decided = logged(
        action="wijzigen", activity=LIST_ACTIVITY, activity_name=DECIDE_NAME, grondslag="avg_6_1_c"
    )

    @router.post("/youths/{youth_id}/destruction-hold", summary="Vernietiging aanhouden",
                 status_code=201, dependencies=decided)  # fmt: skip
    async def hold(
        youth_id: uuid.UUID,
        body: HoldRequest,
        principal: Annotated[Principal, Depends(archivist)],
        request: Request,
        today: Today,
    ) -> Recorded:
        """Hold a young person on the list back from destruction, with a reason."""
        note_processing(request, principal=principal, youth_id=youth_id)
        await _due(request, principal, youth_id, today)
        command = HoldDestruction(youth_id=youth_id, reason=body.reason, by=principal.actor)
        checks = Checks(tenant=principal.gemeentecode)
        outcome = await run_command(PIPELINE, command, principal, request, checks)
        return Recorded(
            youth_id=youth_id, event_id=outcome.event_id, stream_version=outcome.stream_version
        )

    @router.post("/youths/{youth_id}/destruction-release", summary="Vernietiging vrijgeven",
                 status_code=201, dependencies=decided)  # fmt: skip
    async def release(
        youth_id: uuid.UUID,
        principal: Annotated[Principal, Depends(archivist)],
        request: Request,
    ) -> Recorded:
        """Lift the hold: the young person may be approved again."""
        note_processing(request, principal=principal, youth_id=youth_id)
        command = ReleaseDestruction(youth_id=youth_id, by=principal.actor)
        checks = Checks(tenant=principal.gemeentecode)
        outcome = await run_command(PIPELINE, command, principal, request, checks)
        return Recorded(
            youth_id=youth_id, event_id=outcome.event_id, stream_version=outcome.stream_version
        )


def _approval(router: APIRouter, archivist: Any) -> None:  # noqa: ANN401 - a FastAPI dependency
    @router.post(
        "/youths/{youth_id}/destruction-approval",
        summary=APPROVE_NAME,
        dependencies=logged(
            action="vernietigen", activity=LIST_ACTIVITY, activity_name=APPROVE_NAME,
            grondslag="avg_6_1_c",
        ),
    )  # fmt: skip
    async def approve(
        youth_id: uuid.UUID,
        principal: Annotated[Principal, Depends(archivist)],
        request: Request,
        today: Today,
        index: Annotated[BlindIndex, Depends(_index)],
    ) -> Destroyed:
        """Approve the destruction; the erasure follows at once. Safe to repeat."""
        note_processing(request, principal=principal, youth_id=youth_id)
        entry = await _due(request, principal, youth_id, today)
        command = ApproveDestruction(
            youth_id=youth_id, by=principal.actor, care_ended_on=entry.care_ended_on,
            retention_years=entry.retention_years, destroy_from=entry.destroy_from,
        )  # fmt: skip
        deps = request.app.state.deps
        recorded = await deps.store.load(youth_stream(youth_id))
        # Approved before and the erasure interrupted: finish it, without a second approval.
        if not (await fold(deps.sealer, recorded)).destruction_approved:
            checks = Checks(tenant=principal.gemeentecode)
            await run_command(PIPELINE, command, principal, request, checks)
        metadata = metadata_of(principal, request)
        erase = EraseYouth(youth_id=youth_id, reason="bewaartermijn_verlopen")
        keys = request.app.state.keys
        for attempt in range(CONCURRENT_RETRIES):  # a timer may append at the same moment
            try:
                outcome = await erase_youth(deps, keys, erase, metadata, index.forget)
                break
            except ConcurrencyError as error:
                if attempt == CONCURRENT_RETRIES - 1:
                    raise http_error(error) from error
            except REFUSALS as error:
                raise http_error(error) from error
        log_context(request, stream_id=youth_stream(youth_id))
        return Destroyed(youth_id=youth_id, erased=True, stream_version=outcome.stream_version)


def _declarations(router: APIRouter, archivist: Any) -> None:  # noqa: ANN401 - a FastAPI dependency
    @router.get(
        "/destruction-declarations",
        summary=DECLARATIONS_NAME,
        dependencies=logged(
            action="lezen", activity=LIST_ACTIVITY, activity_name=DECLARATIONS_NAME,
            grondslag="avg_6_1_c",
        ),
        response_model=list[Declaration],
    )  # fmt: skip
    async def declared(
        principal: Annotated[Principal, Depends(archivist)],
        request: Request,
        format: Literal["json", "csv"] = "json",  # noqa: A002 - the query parameter's name
    ) -> list[Declaration] | Response:
        """The declarations of destruction: approved by whom and when, erased, confirmed."""
        note_processing(request, principal=principal)
        state = request.app.state
        rows = await declarations(state.pool, state.schema, principal.gemeentecode)
        if format == "csv":
            return Response(_csv(rows), media_type="text/csv; charset=utf-8")
        return rows
