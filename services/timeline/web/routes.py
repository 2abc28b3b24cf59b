"""The web view's pages: sign in, my young people, one young person, the report.

Every page reads through the same queries and access rules as the API (the read model's
queries and access rules); nothing here decides who may see what. A page loads the viewer, the
young person and their consents once (a `Sight`) and hands them to each query it runs.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import uuid
from datetime import UTC, date, datetime
from itertools import groupby
from typing import TYPE_CHECKING, Annotated
from urllib.parse import parse_qs, urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.timeline.read_model.access import READERS, Viewer
from services.timeline.read_model.catalogue import domains
from services.timeline.read_model.queries import (
    Entry,
    NotAssignedError,
    Sight,
    UnknownYouthError,
    directed_by,
    open_youth,
    sight_of,
    summary,
    timeline,
)
from services.timeline.settings import TimelineSettings
from services.timeline.web import labels
from services.timeline.web.audit import add_audit_pages
from services.timeline.web.comparison_page import add_comparison_page
from services.timeline.web.csrf import Csrf
from services.timeline.web.filters import read_filters
from services.timeline.web.names import intake_names
from services.timeline.web.plan_page import add_plan_page
from services.timeline.web.rendering import page
from services.timeline.web.report_page import add_report_page
from services.timeline.web.session import (
    HOME,
    home_of,
    identify_by_cookie,
    require,
    safe_next,
    sign_in,
    sign_out,
    signed_in,
    token_of,
)
from services.timeline.web.signals_page import add_signals_page, open_counts, signals_of
from services.timeline.web.youth_list import SORTS, ListView, arrange
from shared.auth import AuthSettings, InvalidTokenError, Principal, decode_token
from shared.command_http import NOT_ASSIGNED, UNKNOWN_YOUTH, processing_log
from shared.processing_log import note_processing, processing

if TYPE_CHECKING:
    from asyncpg.pool import Pool

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
LOGIN = "/ui/inloggen"


def local_day(moment: datetime) -> date:
    """The calendar day in the Netherlands."""
    return moment.astimezone(AMSTERDAM).date()


def by_month(entries: list[Entry]) -> list[tuple[date, list[Entry]]]:
    """The timeline in order, cut into months by the day each entry happened."""
    return [
        (month, list(group))
        for month, group in groupby(entries, key=lambda e: local_day(e.occurred_at).replace(day=1))
    ]


async def opened(request: Request, schema: str, youth_id: uuid.UUID, principal: Principal,
                 settings: TimelineSettings) -> Sight:  # fmt: skip
    """What the signed-in employee may see of the young person, loaded once for the page.

    Not there or of another municipality: 404; not theirs: 403 (both as error pages).
    """
    pool: Pool = request.app.state.pool
    viewer = Viewer.of(principal)
    try:
        youth = await open_youth(pool, schema, str(youth_id), viewer)
    except UnknownYouthError:
        raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_YOUTH) from None
    except NotAssignedError:
        raise HTTPException(status.HTTP_403_FORBIDDEN, NOT_ASSIGNED) from None
    return await sight_of(
        pool, schema, youth, viewer, moment=datetime.now(UTC),
        policy=settings.policy_for(principal.gemeentecode),
    )  # fmt: skip


def build_web_router(auth: AuthSettings, settings: TimelineSettings, csrf: Csrf) -> APIRouter:
    """The pages under /ui, bound to the token settings and the timeline's settings.

    `csrf` guards the whole router, so every form that changes something, now or later, is
    refused unless it comes from one of our pages (services.timeline.web.csrf).
    """
    router = APIRouter(prefix="/ui", include_in_schema=False, dependencies=[Depends(csrf.verify)])
    schema = settings.schema_name
    director = Annotated[Principal, Depends(require(auth, "regisseur"))]
    reader = Annotated[Principal, Depends(require(auth, *READERS))]
    read_timeline = processing(
        processing_log,
        action="lezen",
        activity="timeline.inzien",
        activity_name="Inzien geconsolideerde tijdlijn",
        grondslag="avg_6_1_e",
        identify=identify_by_cookie(auth),
    )
    _sign_in_routes(router, auth, csrf)
    add_report_page(router, auth, settings)
    add_comparison_page(router, auth, settings)
    add_plan_page(router, auth, settings)
    add_signals_page(router, auth, settings)
    add_audit_pages(router, auth, settings)

    read_mine = processing(
        processing_log,
        action="lezen",
        activity="timeline.mijn_jongeren",
        activity_name="Inzien lijst eigen jongeren",
        grondslag="avg_6_1_e",
        identify=identify_by_cookie(auth),
    )

    @router.get(
        "/jongeren", response_class=HTMLResponse,
        dependencies=[Depends(read_mine, scope="function")],
    )  # fmt: skip
    async def mine(
        principal: director,
        request: Request,
        zoek: str | None = None,
        sorteer: str | None = None,
        ids: str | None = None,
    ) -> Response:
        """Mijn jongeren: everyone assigned to the signed-in jongerenregisseur.

        With their open signals, searchable by name and sorted as asked (web/youth_list.py).
        """
        note_processing(request, principal=principal)
        request.state.web_principal = principal
        items = await directed_by(
            request.app.state.pool, schema, Viewer.of(principal), moment=datetime.now(UTC),
            policy=settings.policy_for(principal.gemeentecode),
        )  # fmt: skip
        names = await intake_names(request).of(token_of(request) or "", [i.youth_id for i in items])
        counts = open_counts(await signals_of(request, principal, settings))
        view = ListView.of(zoek, sorteer, ids)
        shown = arrange(items, names, counts, view)
        context = {"items": shown, "assigned": len(items), "names": names, "counts": counts,
                   "view": view, "sorts": SORTS}  # fmt: skip
        return page(request, "jongeren.html", context)

    @router.get(
        "/jongeren/{youth_id}",
        response_class=HTMLResponse,
        dependencies=[Depends(read_timeline, scope="function")],
    )
    async def youth(  # noqa: PLR0913 - FastAPI injects each parameter by name
        *,
        youth_id: uuid.UUID,
        principal: reader,
        request: Request,
        domein: Annotated[list[str] | None, Query()] = None,
        van: str | None = None,
        tot: str | None = None,
    ) -> Response:
        """One young person: every life domain at a glance, then the filtered timeline."""
        note_processing(request, principal=principal)
        request.state.web_principal = principal
        pool: Pool = request.app.state.pool
        sight = await opened(request, schema, youth_id, principal, settings)
        found = sight.youth
        overview = await summary(pool, schema, sight)
        overview.domains.sort(key=lambda d: labels.order(d.domain))
        filters = read_filters(domein, van, tot)
        entries = None
        if not filters.errors:
            entries = await timeline(pool, schema, sight, period=filters.period())
        names, ages = await intake_names(request).with_ages(
            token_of(request) or "", [found.youth_id]
        )
        context = {
            "youth": found,
            "name": names.get(found.youth_id),
            "age": ages.get(found.youth_id),
            "summary": overview,
            "filters": filters,
            "all_domains": [d for d in labels.DOMAIN_ORDER if d in domains()],
            "entries": entries,
            "months": by_month(entries.entries) if entries else [],
            # For "naar aanleiding van" links: a trigger shows as the viewer sees it there.
            "by_id": {e.event_id: e for e in entries.entries} if entries else {},
            "local_day": local_day,
        }
        code = status.HTTP_422_UNPROCESSABLE_CONTENT if filters.errors else status.HTTP_200_OK
        return page(request, "jongere.html", context, code)

    return router


def _sign_in_routes(router: APIRouter, auth: AuthSettings, csrf: Csrf) -> None:
    @router.get("", response_class=RedirectResponse)
    @router.get("/", response_class=RedirectResponse)
    async def start(request: Request) -> RedirectResponse:
        """The web view opens on the list of young people; for policy staff on the figures."""
        return RedirectResponse(home_of(signed_in(auth, request)), status.HTTP_303_SEE_OTHER)

    @router.get(LOGIN.removeprefix("/ui"), response_class=HTMLResponse)
    async def login_form(
        request: Request, volgende: str | None = None, uitgelogd: str | None = None
    ) -> Response:
        """The form to paste a development token into."""
        caller = signed_in(auth, request)
        if caller is not None:
            target = safe_next(volgende)
            target = home_of(caller) if target == HOME else target
            return RedirectResponse(target, status.HTTP_303_SEE_OTHER)
        context = {"next": safe_next(volgende), "error": None, "signed_out": bool(uitgelogd)}
        return page(request, "inloggen.html", context)

    @router.post(LOGIN.removeprefix("/ui"), response_class=HTMLResponse)
    async def login(request: Request) -> Response:
        """Verify the token as the API would; keep it in the cookie, or say what is wrong."""
        form = parse_qs((await request.body()).decode("utf-8", errors="replace"))
        token = (form.get("token") or [""])[0].strip()
        target = safe_next(next(iter(form.get("volgende", [])), None))
        if not token:
            error, code = "Vul een token in.", status.HTTP_422_UNPROCESSABLE_CONTENT
        else:
            try:
                caller = decode_token(auth, token)
            except InvalidTokenError:
                error = "Dit token is ongeldig of verlopen. Vraag een nieuw token aan."
                code = status.HTTP_401_UNAUTHORIZED
            else:
                target = home_of(caller) if target == HOME else target
                response = RedirectResponse(target, status.HTTP_303_SEE_OTHER)
                sign_in(response, token, secure=request.url.scheme == "https")
                csrf.renew(request, response)
                return response
        return page(request, "inloggen.html", {"next": target, "error": error}, code)

    @router.post("/uitloggen", response_class=RedirectResponse)
    async def logout(request: Request) -> RedirectResponse:
        """Forget the token and go back to the login form."""
        target = f"{LOGIN}?{urlencode({'uitgelogd': 1})}"
        response = RedirectResponse(target, status.HTTP_303_SEE_OTHER)
        sign_out(response, secure=request.url.scheme == "https")
        csrf.renew(request, response)
        return response
