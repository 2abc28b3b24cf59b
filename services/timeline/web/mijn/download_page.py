"""Download all my data: `/mijn/verzoeken/gegevens` (a page to read and print) and `.json`.

Every fact every domain recorded about the young person, opened for them (AVG art. 15), and
as a file to take along (art. 20): gathered with their own token from each domain's
`GET /youths/{id}/events` (own_data.py), which logs its read. The timeline logs the page too,
with the young person as actor: on `avg_15` for the page, `avg_20` for the file. A domain
that does not answer is named, never a 5xx; nobody else's data can be asked for, as no page
takes a youth id and each domain decides again that it is the token's own.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from services.timeline.settings import TimelineSettings
from services.timeline.web.mijn import data_words, words
from services.timeline.web.mijn.own_data import own_data
from services.timeline.web.mijn.rendering import mijn_page
from services.timeline.web.mijn.session import identify, token_of, young_person
from shared.auth import AuthSettings, Principal
from shared.clock import clock_of
from shared.command_http import processing_log
from shared.processing_log import note_processing, processing

ACTIVITY = "timeline.mijn_gegevens"
PAGE = "/verzoeken/gegevens"


def add_download_pages(router: APIRouter, auth: AuthSettings, settings: TimelineSettings) -> None:
    """The page and the file, both logged by the timeline with the young person as actor."""
    me = Annotated[Principal, Depends(young_person(auth))]
    logged = processing(
        processing_log, action="lezen", activity=ACTIVITY,
        activity_name="De jongere ziet of downloadt alle eigen gegevens, uit alle domeinen",
        grondslag="avg_15", identify=identify(auth),
    )  # fmt: skip

    @router.get(PAGE, response_class=HTMLResponse,
                dependencies=[Depends(logged, scope="function")])  # fmt: skip
    async def page(principal: me, request: Request) -> Response:
        """All my data, per part of the work, to read or print."""
        note_processing(request, principal=principal, youth_id=principal.young_person)
        request.state.mijn_principal = principal
        found = await own_data(request, settings).of(
            token_of(request) or "", str(principal.young_person), "inzage"
        )
        parts = found.per_service.items()
        context = {
            "explanation": data_words.EXPLANATION,
            "parts": [(words.service(s), data_words.entries(e)) for s, e in parts],
            "unread": [words.service(s) for s in found.unread],
        }
        return mijn_page(request, "mijn/gegevens.html", context)

    @router.get(f"{PAGE}.json", dependencies=[Depends(logged, scope="function")])
    async def file(principal: me, request: Request) -> Response:
        """All my data as a file to take along (AVG art. 20)."""
        note_processing(request, principal=principal, youth_id=principal.young_person,
                        grondslag="avg_20")  # fmt: skip
        own = str(principal.young_person)
        found = await own_data(request, settings).of(token_of(request) or "", own, "overdracht")
        made_at = clock_of(request).now()
        body = data_words.document(own, made_at, found.per_service, found.unread)
        return Response(
            json.dumps(body, ensure_ascii=False, indent=2),
            media_type="application/json",
            headers={"Content-Disposition": 'attachment; filename="mijn-gegevens.json"'},
        )
