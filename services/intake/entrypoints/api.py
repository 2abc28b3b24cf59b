"""Intake's HTTP API: referral, registration, reads, erasure; the other commands in commands_api.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import uuid
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from pydantic import BaseModel, ConfigDict, Field

from services.intake.blind_index import BlindIndex, IndexRow
from services.intake.domain.commands import EraseYouth, ReferYouth, RegisterYouth, VerifyIdentity
from services.intake.domain.duplicates import bsn_value, name_and_birth_date
from services.intake.domain.toekomstgesprek import PROGRAMME, criterion
from services.intake.domain.vocabulary import DuplicateMatch, ErasureReason, Programma
from services.intake.duplicate_check import WARNING, check_for_duplicates
from services.intake.entrypoints.commands_api import add_intake_command_routes, run
from services.intake.entrypoints.consents_api import build_consents_router
from services.intake.entrypoints.enrolment_api import build_enrolment_router
from services.intake.entrypoints.identity_lookup_api import build_identity_lookup_router
from services.intake.entrypoints.names_api import build_names_router
from services.intake.entrypoints.plan_api import build_plan_router
from services.intake.entrypoints.reports_api import build_reports_router
from services.intake.handlers import PIPELINE, erase_youth, youth_stream
from services.intake.projections.involvement import bijstand_of
from services.intake.projections.summaries import SummaryPage, summaries
from services.intake.views import YouthView, youth_view
from shared.auth import Authenticator, Principal, ensure_tenant
from shared.clock import Today
from shared.command_handling import Checks
from shared.command_http import (
    NOT_ASSIGNED,
    REFUSALS,
    UNKNOWN_YOUTH,
    IdempotencyKey,
    IfMatch,
    Recorded,
    StateRead,
    StateSeen,
    add_state_read,
    body_model,
    event_id_for,
    http_error,
    logged,
    metadata_of,
    run_command,
)
from shared.command_pipeline import Outcome
from shared.http import log_context
from shared.privacy import KeyStore, KeyWrapper, MasterKey
from shared.processing_log import note_processing


class RegisterYouthRequest(BaseModel):
    """Register a young person for a programme (a referred one by passing their id)."""

    model_config = ConfigDict(extra="forbid")

    youth_id: uuid.UUID | None = Field(default=None, description="Of an earlier referral.")
    gemeentecode: str = Field(pattern=r"^\d{4}$", examples=["0518"])
    programma: Programma = Field(examples=["jpf"])
    full_name: str = Field(min_length=1, max_length=200, examples=["Sam de Vries"])
    date_of_birth: date = Field(examples=["2005-04-01"])
    phone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=200)
    registered_on: date | None = Field(
        default=None,
        description="The day of registration when it is recorded afterwards; today if absent."
        " Never in the future; the age rules apply on this day.",
        examples=["2026-03-02"],
    )


class EraseRequest(BaseModel):
    """Why the personal data is destroyed."""

    model_config = ConfigDict(extra="forbid")

    reason: ErasureReason


class Erased(BaseModel):
    """The erasure is recorded and the key destroyed."""

    youth_id: uuid.UUID
    erased: bool
    stream_version: int


class PossibleDuplicate(BaseModel):
    """Another young person of the caller's municipality this one may be."""

    youth_id: uuid.UUID = Field(description="The other registration's opaque id.")
    matched_on: DuplicateMatch = Field(
        description="What matched: the normalised name with the birth date, or the BSN.",
        examples=["naam_geboortedatum"],
    )


class RecordedAndChecked(Recorded):
    """Recorded; and, for the intake worker, the registrations this one may duplicate.

    A likely duplicate is not refused (two people may share a name and a birth date): it is
    recorded as `PossibleDuplicateFound` and named here, with a warning in Dutch and English.
    """

    possible_duplicates: list[PossibleDuplicate] = Field(
        default_factory=list,
        description="Registrations in the caller's municipality with the same normalised name"
        " and birth date, or the same BSN; empty when none.",
    )
    duplicate_warning: dict[str, str] | None = Field(
        default=None, description="In Dutch (`nl`) and English (`en`), when there are any."
    )


async def _keys(request: Request) -> KeyStore:
    keys: KeyStore = request.app.state.keys
    return keys


def _index_of(wrapper: KeyWrapper) -> Any:  # noqa: ANN401 - a FastAPI dependency
    async def index(request: Request) -> BlindIndex:
        """The app's blind index, made on first use (the pool exists once the app runs)."""
        state = request.app.state
        made: BlindIndex | None = getattr(state, "blind_index", None)
        if made is None:
            made = BlindIndex(state.pool, state.schema, wrapper)
            state.blind_index = made
        return made

    return index


Keys = Annotated[KeyStore, Depends(_keys)]
ReferralBody = body_model(ReferYouth)
VerificationBody = body_model(VerifyIdentity)


async def _checked(
    request: Request,
    principal: Principal,
    index: BlindIndex,
    youth_id: uuid.UUID,
    recorded: tuple[Outcome, list[IndexRow]],
) -> RecordedAndChecked:
    """The answer to a recorded registration or verification, after the duplicate check."""
    outcome, rows = recorded
    metadata = metadata_of(principal, request)
    deps = request.app.state.deps
    matches, noted = await check_for_duplicates(deps, index, youth_id, rows, metadata)
    version = noted.stream_version if noted else outcome.stream_version
    shown = [PossibleDuplicate(youth_id=m.youth_id, matched_on=m.matched_on) for m in matches]
    if not principal.has_any("intake"):  # only intake workers learn of other registrations
        shown = []
    return RecordedAndChecked(
        youth_id=youth_id, event_id=outcome.event_id, stream_version=version,
        possible_duplicates=shown, duplicate_warning=WARNING if shown else None,
    )  # fmt: skip


def build_router(auth: Authenticator) -> APIRouter:
    """Every intake route, bound to its dependencies by the composition root."""
    router = APIRouter()
    router.include_router(build_names_router(auth))  # before /youths/{youth_id}, which matches
    index = _index_of(MasterKey.from_environment())
    _entry_routes(router, auth, index)
    _verification_route(router, auth, index)
    add_intake_command_routes(router, auth)
    router.include_router(build_enrolment_router(auth))
    _read_routes(router, auth)
    router.include_router(build_plan_router(auth))
    router.include_router(build_consents_router(auth))
    router.include_router(build_reports_router(auth))
    _erasure_routes(router, auth, index)
    router.include_router(build_identity_lookup_router(index))
    return router


def _entry_routes(router: APIRouter, auth: Authenticator, index_of: Any) -> None:  # noqa: ANN401 - a FastAPI dependency
    intake_worker = auth.require("intake")
    Index = Annotated[BlindIndex, Depends(index_of)]  # noqa: N806 - a type alias

    @router.post(
        "/referrals",
        status_code=status.HTTP_201_CREATED,
        dependencies=logged(
            action="aanmaken",
            activity="intake.aanmelding",
            activity_name="Aanmelding jongere",
            grondslag="pw",
        ),
    )
    async def refer(
        *,
        body: ReferralBody,  # type: ignore[valid-type] # built from the command
        principal: Annotated[Principal, Depends(intake_worker)],
        request: Request,
        idempotency_key: IdempotencyKey = None,
    ) -> Recorded:
        """Record a referral of a young person not yet known; registration follows."""
        note_processing(request, principal=principal)
        event_id = event_id_for("intake", principal.gemeentecode, idempotency_key)
        youth_id = uuid.uuid5(event_id, "youth") if event_id else uuid.uuid4()
        note_processing(request, youth_id=youth_id)
        command = ReferYouth(youth_id=youth_id, **body.model_dump())  # type: ignore[attr-defined]
        outcome = await run(command, principal, request, event_id)
        return Recorded(
            youth_id=youth_id, event_id=outcome.event_id, stream_version=outcome.stream_version
        )

    @router.post(
        "/youths",
        status_code=status.HTTP_201_CREATED,
        dependencies=logged(
            action="aanmaken",
            activity="intake.inschrijving",
            activity_name="Inschrijving jongere",
            grondslag="pw",
        ),
    )
    async def register(
        *,
        body: RegisterYouthRequest,
        principal: Annotated[Principal, Depends(intake_worker)],
        request: Request,
        index: Index,
        idempotency_key: IdempotencyKey = None,
    ) -> RecordedAndChecked:
        """Register a young person; send an `Idempotency-Key` header to make retries safe.

        Someone whose normalised name and birth date match another registration of the
        municipality is registered all the same, with a warning naming the other registration
        (`possible_duplicates`) and `PossibleDuplicateFound` recorded.
        """
        note_processing(request, principal=principal)
        ensure_tenant(principal, body.gemeentecode)
        # One idempotency scheme for every command: ids derived from the key (shared/command_http).
        event_id = event_id_for("intake", principal.gemeentecode, idempotency_key)
        made = uuid.uuid5(event_id, "youth") if event_id else uuid.uuid4()
        youth_id = body.youth_id or made
        note_processing(request, youth_id=youth_id)
        command = RegisterYouth(youth_id=youth_id, **body.model_dump(exclude={"youth_id"}))
        value = name_and_birth_date(command.full_name, command.date_of_birth)
        tenant = principal.gemeentecode
        rows = [await index.row(youth_id, tenant, "naam_geboortedatum", value)]
        outcome = await run(command, principal, request, event_id, along=rows)
        return await _checked(request, principal, index, youth_id, (outcome, rows))


def _verification_route(router: APIRouter, auth: Authenticator, index_of: Any) -> None:  # noqa: ANN401 - a FastAPI dependency
    """The identity verification: the generic command route, then the BSN's duplicate check."""
    intake_worker = auth.require("intake")
    Index = Annotated[BlindIndex, Depends(index_of)]  # noqa: N806 - a type alias

    @router.post(
        "/youths/{youth_id}/identity-verification",
        status_code=status.HTTP_201_CREATED,
        summary="Vaststellen identiteit",
        dependencies=logged(
            action="wijzigen",
            activity="intake.identiteit",
            activity_name="Vaststellen identiteit",
            grondslag="pw",
        ),
    )
    async def verify_identity(  # noqa: PLR0913 - FastAPI injects each dependency by parameter
        *,
        youth_id: uuid.UUID,
        body: VerificationBody,  # type: ignore[valid-type] # built from the command
        principal: Annotated[Principal, Depends(intake_worker)],
        request: Request,
        index: Index,
        if_match: IfMatch = None,
        idempotency_key: IdempotencyKey = None,
    ) -> RecordedAndChecked:
        """Record that the identity was established, with the BSN.

        A BSN another registration of the municipality was verified with is recorded all the
        same, with a warning naming that registration and `PossibleDuplicateFound` recorded.
        """
        note_processing(request, principal=principal)
        event_id = event_id_for(PIPELINE.service, principal.gemeentecode, idempotency_key)
        command = VerifyIdentity(youth_id=youth_id, **body.model_dump())  # type: ignore[attr-defined]
        checks = Checks(tenant=principal.gemeentecode, event_id=event_id, expected_version=if_match)
        tenant = principal.gemeentecode
        rows = [await index.row(youth_id, tenant, "bsn", bsn_value(command.bsn))]
        outcome = await run_command(PIPELINE, command, principal, request, checks, along=rows)
        return await _checked(request, principal, index, youth_id, (outcome, rows))


async def _dossier(seen: StateSeen) -> YouthView:
    """The young person's state; personal data in clear for intake and their own director.

    A jongerenregisseur reads only the young people assigned to them, as in the timeline.
    """
    view = await youth_view(seen.sealer, seen.youth_id, seen.recorded, seen.principal)
    if not seen.principal.has_any("intake", "auditor") and view.director_id != seen.principal.actor:
        raise HTTPException(status.HTTP_403_FORBIDDEN, NOT_ASSIGNED)
    if PROGRAMME in view.active_programmes:  # what income told intake, beside the enrolment
        income_open, since = await bijstand_of(
            seen.state.pool, seen.state.schema, seen.youth_id, view.gemeentecode
        )
        found = criterion(seen.today, income_open=income_open, since=since)
        view = view.model_copy(update={"toekomstgesprek": found})
    return view


DOSSIER = StateRead(
    "", ("intake", "regisseur", "auditor"), "intake.dossier", "Inzien gegevens jongere", "pw",
    UNKNOWN_YOUTH, YouthView, _dossier,
)  # fmt: skip


def _read_routes(router: APIRouter, auth: Authenticator) -> None:
    reader = auth.require("intake", "regisseur", "auditor")
    director = auth.require("regisseur")

    add_state_read(router, auth, DOSSIER, PIPELINE)

    # A list of young people (pseudonyms, phases) is a read of personal data: logged.
    list_read = logged(
        action="lezen",
        activity="intake.jongeren",
        activity_name="Inzien lijst jongeren",
        grondslag="avg_6_1_e",
    )

    @router.get("/youths", dependencies=list_read)
    async def list_youths(  # noqa: PLR0913, PLR0917 - FastAPI injects each dependency by parameter
        principal: Annotated[Principal, Depends(reader)],
        request: Request,
        today: Today,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        after: uuid.UUID | None = None,
        toekomstgesprek: Annotated[
            Literal["criterium_niet_voldaan"] | None,
            Query(
                description="Only young people in the toekomstgesprek whose criterion (on"
                " bijstand for more than two years) is not met or not known: to look into.",
                examples=["criterium_niet_voldaan"],
            ),
        ] = None,
    ) -> SummaryPage:
        """The municipality's young people, a page at a time (no personal data).

        A jongerenregisseur sees only the young people assigned to them, as in the timeline.
        """
        note_processing(request, principal=principal)
        state = request.app.state
        own = None if principal.has_any("intake", "auditor") else principal.actor
        return await summaries(
            state.pool, state.schema, principal.gemeentecode, limit=limit, after=after,
            today=today, director_id=own, criterion_not_met=toekomstgesprek is not None,
        )  # fmt: skip

    @router.get("/directors/me/youths", dependencies=list_read)
    async def my_youths(
        principal: Annotated[Principal, Depends(director)],
        request: Request,
        today: Today,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        after: uuid.UUID | None = None,
    ) -> SummaryPage:
        """The young people the calling jongerenregisseur is assigned to."""
        note_processing(request, principal=principal)
        state = request.app.state
        return await summaries(
            state.pool,
            state.schema,
            principal.gemeentecode,
            limit=limit,
            after=after,
            today=today,
            director_id=principal.actor,
        )


def _erasure_routes(router: APIRouter, auth: Authenticator, index_of: Any) -> None:  # noqa: ANN401 - a FastAPI dependency
    privacy_officer = auth.require("privacy_officer")
    Index = Annotated[BlindIndex, Depends(index_of)]  # noqa: N806 - a type alias

    @router.post(
        "/youths/{youth_id}/erasure",
        dependencies=logged(
            action="vernietigen",
            activity="intake.vernietiging",
            activity_name="Vernietiging persoonsgegevens",
            grondslag="avg_17",
        ),
    )
    async def erase(  # noqa: PLR0913 - FastAPI injects each dependency by parameter
        *,
        youth_id: uuid.UUID,
        body: EraseRequest,
        principal: Annotated[Principal, Depends(privacy_officer)],
        keys: Keys,
        index: Index,
        request: Request,
    ) -> Erased:
        """Destroy the young person's personal data (crypto-shredding); safe to repeat.

        Their rows in the blind index go with their key: they are never matched again.
        """
        note_processing(request, principal=principal)
        command = EraseYouth(youth_id=youth_id, reason=body.reason)
        deps = request.app.state.deps
        metadata = metadata_of(principal, request)
        try:
            outcome = await erase_youth(deps, keys, command, metadata, index.forget)
        except REFUSALS as error:
            raise http_error(error) from error
        log_context(request, stream_id=youth_stream(youth_id))
        return Erased(youth_id=youth_id, erased=True, stream_version=outcome.stream_version)
