"""Mijn regie's "Mijn mensen", "Wat komt eraan" and "Mijn tijdlijn" (issue 23, items 2-4).

Like every /mijn page: whose data it is comes from the verified token alone (no page takes a
youth id, so a query parameter naming another changes nothing), a professional's token is the
403 page, and each read is processing-logged by this page with the young person as the actor
on their right of access (`avg_15`); intake logs its own part of "Mijn mensen" alike.

- Mijn mensen: intake says who works with them now (a jongerenregisseur assigned, the domains
  with an open trajectory: `GET /youths/{id}/betrokkenen`, asked with their own token), the
  municipality's contacts say how to reach each role (services/timeline/contacts.py).
- Wat komt eraan: the timeline's own open deadlines and awaiting signals (signals/coming.py),
  in their words (coming_words.py), a goal named in their own words from their plan.
- Mijn tijdlijn: the professionals' timeline query (read_model/queries.py) with the young
  person as the viewer, for whom every entry of their own shows (read_model/access.py):
  erased details read as erased, and the erasure itself stays on it. The details each domain
  sealed (amounts, addresses, notes) are one link away, opened, on "Al mijn gegevens"
  (download_page.py), which asks every domain with the young person's own token.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import uuid
from datetime import UTC, datetime
from itertools import groupby
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.responses import HTMLResponse, Response

from services.timeline.read_model.access import Viewer
from services.timeline.read_model.catalogue import ERASED_HEADLINE
from services.timeline.read_model.queries import (
    BadCursorError,
    Cursor,
    Period,
    UnknownYouthError,
    Youth,
    open_youth,
    sight_of,
    timeline_page,
)
from services.timeline.settings import TimelineSettings
from services.timeline.signals.coming import awaited_by
from services.timeline.web.labels import month
from services.timeline.web.mijn import data_words, words
from services.timeline.web.mijn.coming_words import LATE, coming
from services.timeline.web.mijn.download_page import PAGE as ALL_MY_DATA
from services.timeline.web.mijn.own_data import own_data
from services.timeline.web.mijn.people import my_people
from services.timeline.web.mijn.rendering import mijn_page
from services.timeline.web.mijn.session import PREFIX, identify, token_of, young_person
from services.timeline.web.plan_page import intake_plans
from services.timeline.web.routes import local_day
from shared.auth import AuthSettings, Principal
from shared.clock import clock_of
from shared.command_http import UNKNOWN_YOUTH, processing_log
from shared.processing_log import note_processing, processing

PEOPLE_ACTIVITY = "timeline.mijn_mensen"
COMING_ACTIVITY = "timeline.mijn_wat_komt"
TIMELINE_ACTIVITY = "timeline.mijn_tijdlijn"
NAMES = {
    PEOPLE_ACTIVITY: "De jongere ziet wie met hen werkt en hoe die te bereiken zijn",
    COMING_ACTIVITY: "De jongere ziet de eigen termijnen en afspraken die eraan komen",
    TIMELINE_ACTIVITY: "De jongere ziet de eigen tijdlijn over alle leefgebieden",
}
PAGE_SIZE = 100
BAD_CURSOR = {
    "nl": "Het adres van deze pagina klopt niet (eerder). Begin opnieuw bij Mijn tijdlijn.",
    "en": "This page's address is wrong (eerder). Start again at Mijn tijdlijn.",
}


def add_overview_pages(router: APIRouter, auth: AuthSettings, settings: TimelineSettings) -> None:
    """`/mijn/mensen`, `/mijn/wat-komt` and `/mijn/tijdlijn` on Mijn regie's router."""
    me = Annotated[Principal, Depends(young_person(auth))]

    def logged(activity: str) -> list[Any]:
        read = processing(processing_log, action="lezen", activity=activity,
                          activity_name=NAMES[activity], grondslag="avg_15",
                          identify=identify(auth))  # fmt: skip
        return [Depends(read, scope="function")]

    @router.get("/mensen", response_class=HTMLResponse, dependencies=logged(PEOPLE_ACTIVITY))
    async def people(principal: me, request: Request) -> Response:
        """Mijn mensen: who works with me now, and how I reach them."""
        note_processing(request, principal=principal, youth_id=principal.young_person)
        request.state.mijn_principal = principal
        own = uuid.UUID(principal.young_person)
        found = await intake_plans(request, settings).ask(token_of(request) or "", own,
                                                          "betrokkenen")  # fmt: skip
        if found.answer == "onbekend":
            raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_YOUTH)
        contacts = settings.contacts.get(principal.gemeentecode, {})
        context = {"people": my_people(found.plan, contacts),
                   "unavailable": found.answer != "plan"}  # fmt: skip
        return mijn_page(request, "mijn/mensen.html", context)

    @router.get("/wat-komt", response_class=HTMLResponse, dependencies=logged(COMING_ACTIVITY))
    async def what_is_coming(principal: me, request: Request) -> Response:
        """Wat komt eraan: my deadlines and appointments, soonest first."""
        note_processing(request, principal=principal, youth_id=principal.young_person)
        request.state.mijn_principal = principal
        youth = await _own_youth(request, settings, principal)
        awaited = await awaited_by(request.app.state.pool, settings.schema_name, youth.youth_id,
                                   youth.gemeentecode)  # fmt: skip
        goals: dict[str, str] = {}
        if any(a.detail == "doel" for a in awaited):
            own = uuid.UUID(youth.youth_id)
            plan = await intake_plans(request, settings).of(token_of(request) or "", own)
            goals = {g["goal_id"]: g["text"] for area in plan.plan.get("leefgebieden", [])
                     for g in area.get("goals", []) if g.get("text_open")}  # fmt: skip
        lines = coming(awaited, clock_of(request).today(), goals)
        return mijn_page(request, "mijn/wat_komt.html", {"lines": lines, "late": LATE})

    @router.get("/tijdlijn", response_class=HTMLResponse, dependencies=logged(TIMELINE_ACTIVITY))
    async def my_timeline(principal: me, request: Request, eerder: str | None = None) -> Response:
        """Mijn tijdlijn: what happened in every part of my life, newest first."""
        note_processing(request, principal=principal, youth_id=principal.young_person)
        request.state.mijn_principal = principal
        before = _cursor(eerder)
        pool = request.app.state.pool
        viewer = Viewer.of(principal)
        youth = await _own_youth(request, settings, principal)
        sight = await sight_of(pool, settings.schema_name, youth, viewer, moment=datetime.now(UTC),
                               policy=settings.policy_for(principal.gemeentecode))  # fmt: skip
        page = await timeline_page(pool, settings.schema_name, sight, period=Period(),
                                   limit=PAGE_SIZE, before=before)  # fmt: skip
        # The sealed details of each line, opened by the domains for the young person (each
        # logs its read); a domain that does not answer leaves its lines without them.
        found = await own_data(request, settings).of(
            token_of(request) or "", youth.youth_id, "inzage"
        )
        details = data_words.sealed_details(found.per_service)
        entries = [
            _entry(e.headline, e.domain, e.occurred_at, details.get(str(e.event_id), ()))
            for e in page.timeline.entries
        ]
        months = [(m, list(items)) for m, items in groupby(entries, key=lambda e: e["month"])]
        context = {"months": months, "earlier": page.after.encode() if page.after else None,
                   "paged": before is not None, "unread": [words.service(s) for s in found.unread],
                   "all_my_data": f"{PREFIX}{ALL_MY_DATA}"}  # fmt: skip
        return mijn_page(request, "mijn/tijdlijn.html", context)


async def _own_youth(request: Request, settings: TimelineSettings, principal: Principal) -> Youth:
    """The young person the token names, as the timeline knows them; else the 404 page."""
    try:
        return await open_youth(request.app.state.pool, settings.schema_name,
                                str(principal.young_person), Viewer.of(principal))  # fmt: skip
    except UnknownYouthError:
        raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_YOUTH) from None


def _cursor(eerder: str | None) -> Cursor | None:
    """The older page's start, or the 422 page naming `eerder` (never a 5xx)."""
    if eerder is None:
        return None
    try:
        return Cursor.decode(eerder)
    except BadCursorError:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, BAD_CURSOR) from None


def _entry(
    headline: str, domain: str, occurred_at: datetime, details: tuple[data_words.Field, ...]
) -> dict[str, object]:
    """One line of my timeline: what, where, when, its sealed details; erased says so."""
    on = local_day(occurred_at)
    erased = headline == ERASED_HEADLINE
    return {
        "what": "Deze gegevens zijn gewist." if erased else headline,
        "erased": erased,
        "details": () if erased else details,
        "where": words.service(domain),
        "on": on,
        "month": month(on.replace(day=1)),
    }
