"""HTTP routes of the signals: the caller's worklist, and acknowledging or snoozing one.

A signal the caller may not see answers 404, as one that is not there does. Acknowledging
and snoozing are the workers' own acts, kept apart from the projection (a rebuild keeps
them) with who and when, and processing-logged like every read.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from pydantic import BaseModel, Field, StringConstraints

from services.timeline.read_model.access import READERS, Viewer
from services.timeline.read_model.catalogue import domains
from services.timeline.settings import TimelineSettings
from services.timeline.signals.actions import (
    ACKNOWLEDGED,
    NOTE_MAX,
    SNOOZE_MAX_DAYS,
    SNOOZED,
    snooze_problem,
)
from services.timeline.signals.model import PRIVACY_OFFICER, Signal, SignalPage, State
from services.timeline.signals.queries import record_action, signals_seen
from services.timeline.signals.rules import KINDS
from shared.auth import Authenticator, Principal
from shared.clock import Today
from shared.command_http import processing_log
from shared.processing_log import note_processing, processing

PER_PAGE_MAX = 100
NOT_FOUND = {"nl": "Dit signaal bestaat niet.", "en": "This signal does not exist."}

READ_SIGNALS = processing(
    processing_log,
    action="lezen",
    activity="signalen.inzien",
    activity_name="Inzien signalen",
    grondslag="avg_6_1_e",
)
ACT_ON_SIGNAL = processing(
    processing_log,
    action="wijzigen",
    activity="signalen.afhandelen",
    activity_name="Signaal erkennen of uitstellen",
    grondslag="avg_6_1_e",
)


class Acknowledgement(BaseModel):
    """Seen, and what the worker does about it."""

    note: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                           max_length=NOTE_MAX)] = Field(
        description="What the worker does about it (required).",
        examples=["Gebeld met de schuldhulpverlener; gesprek staat op 12 maart."],
    )  # fmt: skip


class Snooze(BaseModel):
    """Out of sight until a day, within the next 30 days."""

    until: date = Field(
        description=f"The day it shows again (after today, at most {SNOOZE_MAX_DAYS} days)."
    )


def field_refusal(field: str, nl: str, en: str) -> HTTPException:
    """A 422 naming the field, as the validation of a body would."""
    return HTTPException(
        status.HTTP_422_UNPROCESSABLE_CONTENT,
        [{"loc": ["body", field], "msg": nl, "msg_en": en, "type": "value_error"}],
    )


def snooze_refusal(until: date, today: date) -> HTTPException | None:
    """Why a snooze until `until` cannot be, on `today`; None when it can."""
    problem = snooze_problem(until, today)
    return field_refusal("until", *problem) if problem else None


def _query_refusal(field: str, unknown: set[str]) -> HTTPException:
    listed = ", ".join(sorted(unknown))
    return HTTPException(
        status.HTTP_422_UNPROCESSABLE_CONTENT,
        [{"loc": ["query", field], "type": "value_error",
          "msg": f"Onbekende waarde: {listed}", "msg_en": f"Unknown value: {listed}"}],
    )  # fmt: skip


@dataclass(frozen=True)
class Wanted:
    """The list's filters; an unknown kind or domain is refused, naming the field."""

    youth: str | None
    kinds: list[str] | None
    domains: list[str] | None
    urgency: int | None
    states: list[State] | None

    def among(self, signals: list[Signal]) -> list[Signal]:
        """The signals that pass every filter (open and acknowledged ones by default)."""
        if unknown := set(self.kinds or ()) - set(KINDS):
            raise _query_refusal("kind", unknown)
        if unknown := set(self.domains or ()) - set(domains()):
            raise _query_refusal("domain", unknown)
        states = set(self.states or ("open", "erkend"))
        return [
            s for s in signals
            if s.state in states
            and (self.youth is None or s.youth_id == self.youth)
            and (not self.kinds or s.kind in self.kinds)
            and (not self.domains or s.domain in self.domains)
            and (self.urgency is None or s.urgency == self.urgency)
        ]  # fmt: skip


def build_signals_router(auth: Authenticator, settings: TimelineSettings) -> APIRouter:
    """The routes, bound to their dependencies by the composition root."""
    router = APIRouter(tags=["signalen"])
    schema = settings.schema_name
    caller = Annotated[Principal, Depends(auth.require(*READERS, PRIVACY_OFFICER))]

    async def mine(request: Request, principal: Principal, today: date) -> list[Signal]:
        return await signals_seen(
            request.app.state.pool, schema, Viewer.of(principal), today=today,
            soon_days=settings.signal_soon_days, silent_days=settings.signal_no_contact_days,
        )  # fmt: skip

    @router.get("/signals", dependencies=[Depends(READ_SIGNALS, scope="function")])
    async def worklist(  # noqa: PLR0913 - FastAPI injects each parameter by name
        *,
        principal: caller,
        request: Request,
        today: Today,
        youth: uuid.UUID | None = None,
        kind: Annotated[list[str] | None, Query(description="Only these kinds.")] = None,
        domain: Annotated[list[str] | None, Query(description="Only these domains.")] = None,
        urgency: Annotated[int | None, Query(ge=1, le=3)] = None,
        state: Annotated[list[State] | None, Query(description="Default: open, erkend.")] = None,
        page: Annotated[int, Query(ge=1)] = 1,
        per_page: Annotated[int, Query(ge=1, le=PER_PAGE_MAX)] = 50,
    ) -> SignalPage:
        """What needs the caller: their signals, most urgent first, then by due day."""
        note_processing(request, principal=principal, youth_id=youth)
        wanted = Wanted(str(youth) if youth else None, kind, domain, urgency, state)
        found = wanted.among(await mine(request, principal, today))
        start = (page - 1) * per_page
        return SignalPage(
            items=found[start : start + per_page], total=len(found), page=page, per_page=per_page
        )

    async def visible(request: Request, principal: Principal, signal: uuid.UUID,
                      today: date) -> Signal:  # fmt: skip
        for found in await mine(request, principal, today):
            if found.signal_id == signal:
                note_processing(request, youth_id=found.youth_id)
                return found
        raise HTTPException(status.HTTP_404_NOT_FOUND, NOT_FOUND)

    @router.post(
        "/signals/{signal_id}/acknowledge",
        dependencies=[Depends(ACT_ON_SIGNAL, scope="function")],
    )
    async def acknowledge(
        signal_id: uuid.UUID, body: Acknowledgement, principal: caller, request: Request,
        today: Today,
    ) -> Signal:  # fmt: skip
        """Seen, with a note: it stays on the list, marked as acknowledged."""
        note_processing(request, principal=principal)
        await visible(request, principal, signal_id, today)
        await record_action(request.app.state.pool, schema, Viewer.of(principal), signal_id,
                            action=ACKNOWLEDGED, note=body.note)  # fmt: skip
        return await visible(request, principal, signal_id, today)

    @router.post(
        "/signals/{signal_id}/snooze",
        dependencies=[Depends(ACT_ON_SIGNAL, scope="function")],
    )
    async def snooze(
        signal_id: uuid.UUID, body: Snooze, principal: caller, request: Request, today: Today
    ) -> Signal:
        """Out of the list until a day (within 30 days); it comes back by itself."""
        note_processing(request, principal=principal)
        if refusal := snooze_refusal(body.until, today):
            raise refusal
        await visible(request, principal, signal_id, today)
        await record_action(request.app.state.pool, schema, Viewer.of(principal), signal_id,
                            action=SNOOZED, until_on=body.until)  # fmt: skip
        return await visible(request, principal, signal_id, today)

    return router
