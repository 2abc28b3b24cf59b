"""Mijn regie, `/mijn`: the young person's own pages (issue 23, first slice).

Signed in with their own token (role `jongere`, naming their youth id), a young person reads
their plan and who processed their data. No page takes a youth id: whose data it is comes from
the verified token alone, so there is no other young person to ask for. Each page asks the
services with the young person's own token, and each service decides again that it is theirs
(intake's plan_access, every service's `GET /processing-log`): another youth id is a 404 there
too. Every read is processing-logged with the young person as the actor, on their right of
access (`avg_15`): the plan by intake, the processing log by every service it asks and by this
page in the timeline's own log.

Plain Dutch (B1), one column, large tap targets; a professional's token is refused (403).

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import uuid
from datetime import date
from typing import Annotated
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.timeline.settings import TimelineSettings
from services.timeline.web.audit.processing_list import AMSTERDAM
from services.timeline.web.audit.processing_sources import Asked
from services.timeline.web.audit.verwerkingen_page import processing_logs
from services.timeline.web.csrf import Csrf
from services.timeline.web.labels import day
from services.timeline.web.mijn import words
from services.timeline.web.mijn.consent_page import add_consent_pages
from services.timeline.web.mijn.feedback_page import add_feedback_page
from services.timeline.web.mijn.overview_pages import add_overview_pages
from services.timeline.web.mijn.rendering import mijn_page
from services.timeline.web.mijn.requests_page import add_requests_pages
from services.timeline.web.mijn.session import (
    HOME,
    LOGIN,
    ONLY_YOUNG_PEOPLE,
    PREFIX,
    identify,
    sign_in,
    sign_out,
    signed_in,
    token_of,
    young_person,
)
from services.timeline.web.plan_page import intake_plans
from shared.auth import AuthSettings, InvalidTokenError, Principal, decode_token
from shared.command_http import UNKNOWN_YOUTH, processing_log
from shared.processing_log import ProcessingEntry, note_processing, processing

READ_LOG_ACTIVITY = "timeline.mijn_verwerkingen"


def build_mijn_router(auth: AuthSettings, settings: TimelineSettings, csrf: Csrf) -> APIRouter:
    """The pages under /mijn; `csrf` (its cookie on /mijn) guards every form."""
    router = APIRouter(prefix=PREFIX, include_in_schema=False, dependencies=[Depends(csrf.verify)])
    me = Annotated[Principal, Depends(young_person(auth))]
    read_log = processing(
        processing_log,
        action="lezen",
        activity=READ_LOG_ACTIVITY,
        activity_name="De jongere ziet wie hun gegevens verwerkte, over alle diensten",
        grondslag="avg_15",
        identify=identify(auth),
    )
    _sign_in_routes(router, auth, csrf)
    add_overview_pages(router, auth, settings)
    add_consent_pages(router, auth, settings)
    add_feedback_page(router, auth, settings)
    add_requests_pages(router, auth, settings)

    @router.get("/plan", response_class=HTMLResponse)
    async def plan(principal: me, request: Request) -> Response:
        """Mijn plan: my goals in my own words, who helps, when, how it stands."""
        request.state.mijn_principal = principal
        own = uuid.UUID(principal.young_person)
        found = await intake_plans(request, settings).of(token_of(request) or "", own)
        if found.answer == "onbekend":
            raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_YOUTH)
        goals = [g for area in found.plan.get("leefgebieden", []) for g in area.get("goals", [])]
        context = {"plan": found.plan, "goals": goals, "unavailable": found.answer != "plan",
                   "as_day": _day}  # fmt: skip
        return mijn_page(request, "mijn/plan.html", context)

    @router.get(
        "/verwerkingen", response_class=HTMLResponse,
        dependencies=[Depends(read_log, scope="function")],
    )  # fmt: skip
    async def verwerkingen(principal: me, request: Request) -> Response:
        """Wie keek er naar mijn gegevens: every service's log about me, newest first."""
        note_processing(request, principal=principal, youth_id=principal.young_person)
        request.state.mijn_principal = principal
        own = str(principal.young_person)
        asked = Asked(token_of(request) or "", principal.gemeentecode, own)
        found = await processing_logs(request, settings).of(asked)
        items = sorted(
            ((service, entry) for service, entries in found.per_service.items()
             for entry in entries if entry.youth_id == own),
            key=lambda item: item[1].logged_at, reverse=True,
        )  # fmt: skip
        context = {
            "items": [_line(service, entry, principal) for service, entry in items],
            "unread": [words.service(s) for s in found.unread],
        }
        return mijn_page(request, "mijn/verwerkingen.html", context)

    return router


def _line(service: str, entry: ProcessingEntry, me: Principal) -> dict[str, str]:
    """One entry in plain words: who (role, never an employee's pseudonym), what, why, when."""
    mine = entry.actor == me.actor and entry.actor_role == "jongere"
    when = entry.logged_at.astimezone(AMSTERDAM)
    return {
        "who": "Jij" if mine else words.role(entry.actor_role),
        "where": words.service(service),
        "did": words.action(entry.action),
        "what": entry.activity_name,
        "why": words.grondslag(entry.grondslag),
        "result": words.result(entry.result),
        "when": f"{day(when.date())}, {when:%H:%M}",
        "datetime": when.isoformat(timespec="minutes"),
    }


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _sign_in_routes(router: APIRouter, auth: AuthSettings, csrf: Csrf) -> None:
    @router.get("", response_class=RedirectResponse)
    @router.get("/", response_class=RedirectResponse)
    async def start(request: Request) -> RedirectResponse:
        """Mijn regie opens on my plan; not signed in, on the sign-in form."""
        target = HOME if signed_in(auth, request) else LOGIN
        return RedirectResponse(target, status.HTTP_303_SEE_OTHER)

    @router.get(LOGIN.removeprefix(PREFIX), response_class=HTMLResponse)
    async def login_form(request: Request, uitgelogd: str | None = None) -> Response:
        """The sign-in form (development: paste a token; later the municipality's sign-in)."""
        caller = signed_in(auth, request)
        if caller is not None and caller.young_person is not None:
            return RedirectResponse(HOME, status.HTTP_303_SEE_OTHER)
        return mijn_page(request, "mijn/inloggen.html",
                         {"error": None, "signed_out": bool(uitgelogd)})  # fmt: skip

    @router.post(LOGIN.removeprefix(PREFIX), response_class=HTMLResponse)
    async def login(request: Request) -> Response:
        """Keep a young person's valid token; refuse a professional's and say why."""
        form = parse_qs((await request.body()).decode("utf-8", errors="replace"))
        token = (form.get("token") or [""])[0].strip()
        code = status.HTTP_422_UNPROCESSABLE_CONTENT
        error = "Vul je inlogcode in."
        if token:
            try:
                caller = decode_token(auth, token)
            except InvalidTokenError:
                error = "Deze inlogcode klopt niet of is verlopen. Vraag een nieuwe aan."
                code = status.HTTP_401_UNAUTHORIZED
            else:
                if caller.young_person is None:
                    error, code = ONLY_YOUNG_PEOPLE["nl"], status.HTTP_403_FORBIDDEN
                else:
                    response = RedirectResponse(HOME, status.HTTP_303_SEE_OTHER)
                    sign_in(response, token, secure=request.url.scheme == "https")
                    csrf.renew(request, response)
                    return response
        return mijn_page(request, "mijn/inloggen.html", {"error": error}, code)

    @router.post("/uitloggen", response_class=RedirectResponse)
    async def logout(request: Request) -> RedirectResponse:
        """Forget the token and go back to the sign-in form."""
        target = f"{LOGIN}?{urlencode({'uitgelogd': 1})}"
        response = RedirectResponse(target, status.HTTP_303_SEE_OTHER)
        sign_out(response, secure=request.url.scheme == "https")
        csrf.renew(request, response)
        return response
