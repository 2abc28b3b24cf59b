"""Mijn verzoeken, `/mijn/verzoeken`: ask for a correction or an erasure, and see how each stands.

The requests are intake's (`POST`/`GET /youths/{id}/subject-requests`), asked with the young
person's own token: intake decides again that the youth id is theirs, records them as the
actor, logs it, and times the legal month (AVG art. 12(3)) that the privacy officer answers
in. The page shows each request with the day it came in, the last day for the answer, and
the answer once given; a form post carries an idempotency key, so sending twice records once.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import uuid
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.timeline.settings import TimelineSettings
from services.timeline.web.labels import day
from services.timeline.web.mijn import request_words
from services.timeline.web.mijn.download_page import add_download_pages
from services.timeline.web.mijn.own_intake import own_intake, refusal
from services.timeline.web.mijn.rendering import mijn_page
from services.timeline.web.mijn.session import token_of, young_person
from shared.auth import AuthSettings, Principal
from shared.command_http import UNKNOWN_YOUTH

PAGE = "/verzoeken"


def add_requests_pages(router: APIRouter, auth: AuthSettings, settings: TimelineSettings) -> None:
    """`GET /mijn/verzoeken`, the form post that sends a request, and the data download."""
    me = Annotated[Principal, Depends(young_person(auth))]
    add_download_pages(router, auth, settings)

    @router.get(PAGE, response_class=HTMLResponse)
    async def requests(principal: me, request: Request, verstuurd: str | None = None) -> Response:
        """Mijn verzoeken: what I asked, by when I get an answer, and the answer."""
        request.state.mijn_principal = principal
        sent = request_words.SENT if verstuurd else None
        return await _page(request, principal, settings, sent=sent)

    @router.post(PAGE, response_class=HTMLResponse)
    async def send(principal: me, request: Request) -> Response:
        """Send a request for a correction or an erasure to intake, in my own name."""
        request.state.mijn_principal = principal
        form = parse_qs((await request.body()).decode("utf-8", errors="replace"))
        kind = (form.get("soort") or [""])[0]
        text = (form.get("tekst") or [""])[0].strip()
        key = (form.get("sleutel") or [""])[0][:64] or uuid.uuid4().hex
        if found := request_words.problem(kind, text):
            field, message = found
            return await _page(request, principal, settings, error=f"{message} (veld: {field})",
                               code=status.HTTP_422_UNPROCESSABLE_CONTENT)  # fmt: skip
        body: dict[str, object] = {"kind": kind}
        if text:
            body["text"] = text
        own = uuid.UUID(principal.young_person)
        answered = await own_intake(request, settings).command(
            token_of(request) or "", own, "/subject-requests", body, f"mijn-verzoek-{key}"
        )
        if answered is None:
            return await _page(request, principal, settings, error=request_words.NOT_SENT)
        if answered.status == status.HTTP_404_NOT_FOUND:
            raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_YOUTH)
        if answered.status != status.HTTP_201_CREATED:
            return await _page(request, principal, settings, error=refusal(answered),
                               code=status.HTTP_422_UNPROCESSABLE_CONTENT)  # fmt: skip
        return RedirectResponse(f"/mijn{PAGE}?verstuurd=1", status_code=status.HTTP_303_SEE_OTHER)


async def _page(  # noqa: PLR0913 - each is named at the call site
    request: Request,
    principal: Principal,
    settings: TimelineSettings,
    *,
    sent: str | None = None,
    error: str | None = None,
    code: int = status.HTTP_200_OK,
) -> Response:
    """The page: the forms, and my requests as intake knows them (or why they are missing)."""
    own = uuid.UUID(principal.young_person)
    answered = await own_intake(request, settings).subject_requests(token_of(request) or "", own)
    if answered is not None and answered.status == status.HTTP_404_NOT_FOUND:
        raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_YOUTH)
    found = (
        answered.body if answered is not None and answered.status == status.HTTP_200_OK else None
    )
    known = isinstance(found, dict)
    items = found.get("items", []) if isinstance(found, dict) else []
    context = {
        "items": [request_words.shown(i) for i in items if isinstance(i, dict)],
        "kinds": request_words.KINDS,
        "unavailable": None if known else request_words.UNAVAILABLE,
        "sent": sent,
        "error": error,
        "key": uuid.uuid4().hex,
        "day": day,
    }
    return mijn_page(request, "mijn/verzoeken.html", context, code)
