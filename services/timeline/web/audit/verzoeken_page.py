"""The Verzoeken page, `/ui/verzoeken`: the privacy officer answers a young person's request.

A young person asks for a correction or an erasure in Mijn regie (intake's
`subject-request-made`); it lands on the privacy officer's worklist as the signal
`verzoek_betrokkene`, whose card links here. This page shows that young person's requests
with their deadline and state, and for each one still open a form: granted, partly granted or
refused, with a note to the young person. Both go to intake with the officer's own token
(`GET /youths/{id}/subject-requests`, `POST .../{request_id}/answer`), as the
Vernietigingslijst does, so intake decides who may, records `subject-request-handled` and
logs every read and answer (`intake.verzoeken`). The privacy officer only: anyone else 403.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import uuid
from typing import Annotated, Final
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Depends, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.timeline.settings import TimelineSettings
from services.timeline.web.audit.vernietigingslijst_page import intake_destruction
from services.timeline.web.rendering import page
from services.timeline.web.session import require, token_of
from shared.auth import AuthSettings, Principal

PATH: Final = "/verzoeken"
ANSWERING_ROLE: Final = "privacy_officer"
UNREACHABLE: Final = "De verzoeken zijn nu niet te lezen: intake antwoordt niet."
NOT_SENT: Final = "Het antwoord is niet verstuurd: intake antwoordt niet. Probeer het opnieuw."
KINDS: Final = {"correctie": "Correctie van gegevens", "verwijdering": "Verwijdering van gegevens"}
STATES: Final = {"open": "Open", "te_laat": "Te laat", "afgehandeld": "Afgehandeld"}
OUTCOMES: Final = {
    "toegewezen": "Toegewezen",
    "deels_toegewezen": "Deels toegewezen",
    "afgewezen": "Afgewezen",
}
NOTE_MAX: Final = 5000  # intake's limit on the answer's note
Errors = dict[str, tuple[str, str]]


def _uuid(text: str | None) -> str | None:
    try:
        return str(uuid.UUID(text)) if text else None
    except ValueError:
        return None


def _answer_errors(outcome: str, note: str) -> Errors:
    """The form's fields checked before intake is asked, in Dutch and English."""
    errors: Errors = {}
    if outcome not in OUTCOMES:
        errors["uitkomst"] = ("Kies een uitkomst: toegewezen, deels toegewezen of afgewezen.",
                              "Choose an outcome: granted, partly granted or refused.")  # fmt: skip
    if len(note) > NOTE_MAX:
        errors["toelichting"] = (f"De toelichting is langer dan {NOTE_MAX} tekens.",
                                 f"The note is longer than {NOTE_MAX} characters.")  # fmt: skip
    return errors


def add_verzoeken_page(router: APIRouter, auth: AuthSettings, settings: TimelineSettings) -> None:
    """`GET /ui/verzoeken` and the answer's `POST`, for the privacy officer only."""
    officer = Annotated[Principal, Depends(require(auth, ANSWERING_ROLE))]

    async def shown(  # noqa: PLR0913 - the page's state, each by name
        request: Request, principal: Principal, jongere: str | None, *,
        errors: Errors | None = None, message: str | None = None, code: int = 200,
        answered: bool = False, failed: str | None = None,
    ) -> Response:  # fmt: skip
        request.state.web_principal = principal
        youth_id = _uuid(jongere)
        errors = dict(errors or {})
        if jongere and youth_id is None:
            errors["jongere"] = ("Vul het kenmerk van de jongere in (een UUID).",
                                 "Enter the young person's id (a UUID).")  # fmt: skip
            code = status.HTTP_422_UNPROCESSABLE_CONTENT
        items, unavailable = None, None
        if youth_id is not None:
            found = await intake_destruction(request, settings).ask(
                token_of(request) or "", "GET", f"/youths/{youth_id}/subject-requests",
                unreachable=UNREACHABLE,
            )  # fmt: skip
            if found.ok and isinstance(found.body, dict):
                items = found.body.get("items", [])
            else:
                unavailable = found.message
        listed = {str(i.get("request_id")) for i in items or [] if isinstance(i, dict)}
        context = {
            "youth_id": youth_id or (jongere or ""), "items": items, "errors": errors,
            "unavailable": unavailable, "message": message, "answered": answered,
            "kinds": KINDS, "states": STATES, "outcomes": OUTCOMES, "note_max": NOTE_MAX,
            "failed_request": failed,
            # An answer's errors show at its form; for a request not listed, above the list.
            "unplaced": errors if failed and failed not in listed else {},
        }  # fmt: skip
        return page(request, "verzoeken.html", context, code)

    @router.get(PATH, response_class=HTMLResponse)
    async def verzoeken(
        principal: officer,
        request: Request,
        jongere: str | None = None,
        beantwoord: str | None = None,
    ) -> Response:
        """The form for a young person's id; with one, their requests and the answer forms."""
        return await shown(request, principal, jongere, answered=bool(beantwoord))

    @router.post(PATH + "/{youth_id}/{request_id}/antwoord", response_class=HTMLResponse)
    async def answer(
        youth_id: uuid.UUID, request_id: uuid.UUID, principal: officer, request: Request
    ) -> Response:
        """Check the form, pass the answer on to intake; back to the requests, or say why not."""
        form = parse_qs((await request.body()).decode("utf-8", errors="replace"))
        outcome = (form.get("uitkomst") or [""])[0]
        note = (form.get("toelichting") or [""])[0].strip()
        if errors := _answer_errors(outcome, note):
            return await shown(request, principal, str(youth_id), errors=errors,
                               code=status.HTTP_422_UNPROCESSABLE_CONTENT,
                               failed=str(request_id))  # fmt: skip
        body = {"outcome": outcome, "note": note or None}
        sent = await intake_destruction(request, settings).ask(
            token_of(request) or "", "POST",
            f"/youths/{youth_id}/subject-requests/{request_id}/answer", body,
            unreachable=NOT_SENT,
        )  # fmt: skip
        if sent.ok:
            query = urlencode({"jongere": str(youth_id), "beantwoord": 1})
            return RedirectResponse(f"/ui{PATH}?{query}", status_code=status.HTTP_303_SEE_OTHER)
        code = status.HTTP_409_CONFLICT if sent.message != NOT_SENT else status.HTTP_200_OK
        return await shown(request, principal, str(youth_id), message=sent.message, code=code)
