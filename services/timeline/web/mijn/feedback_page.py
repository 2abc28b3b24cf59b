"""Mijn mening, `/mijn/mijn-mening`: the young person rates a contact or their programme.

A short form (what about, a rating of 1 to 5, their own words if they like); the timeline
records nothing itself: intake's `POST /youths/{own id}/feedback`, which only the young
person may call and only for themself, records `feedback-given` with their own token, seals
their words and logs it. The reports count the ratings, protected against small counts.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import uuid
from typing import Annotated, Final
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.timeline.reports.model import RATINGS
from services.timeline.settings import TimelineSettings
from services.timeline.web.labels import programme_label
from services.timeline.web.mijn.own_intake import record
from services.timeline.web.mijn.rendering import mijn_page
from services.timeline.web.mijn.session import young_person
from shared.auth import AuthSettings, Principal
from shared.clock import clock_of

PAGE: Final = "/mijn-mening"
PROGRAMMES: Final = ("rodeloper", "jpf", "dtj", "toekomstgesprek", "regulier")
RATING_WORDS: Final = {
    "1": "Heel slecht", "2": "Slecht", "3": "Gaat wel", "4": "Goed", "5": "Heel goed",
}  # fmt: skip
COMMENT_MAX: Final = 500
HINTS: Final = {
    "over": "Kies waar je een cijfer voor geeft.",
    "programma": "Kies het programma waar je een cijfer voor geeft.",
    "cijfer": "Kies een cijfer van 1 tot en met 5.",
    "woorden": f"Schrijf hoogstens {COMMENT_MAX} tekens.",
}
UNAVAILABLE: Final = "Je mening kan nu niet worden opgeslagen. Probeer het later nog eens."


def _read(form: dict[str, list[str]]) -> tuple[dict[str, object], dict[str, str]]:
    """The command's body from the form, or per field why not (in plain Dutch)."""
    first = {name: (values or [""])[0].strip() for name, values in form.items()}
    about, programma = first.get("over", ""), first.get("programma", "")
    rating, words = first.get("cijfer", ""), first.get("woorden", "")
    errors = {}
    if about not in {"contact", "programma"}:
        errors["over"] = HINTS["over"]
    if about == "programma" and programma not in PROGRAMMES:
        errors["programma"] = HINTS["programma"]
    if rating not in RATINGS:
        errors["cijfer"] = HINTS["cijfer"]
    if len(words) > COMMENT_MAX:
        errors["woorden"] = HINTS["woorden"]
    body: dict[str, object] = {"about": about, "rating": int(rating) if rating in RATINGS else 0}
    if about == "programma":
        body["programma"] = programma
    if words:
        body["comment"] = words
    return body, errors


def add_feedback_page(router: APIRouter, auth: AuthSettings, settings: TimelineSettings) -> None:
    """`GET` and `POST /mijn/mijn-mening`."""
    me = Annotated[Principal, Depends(young_person(auth))]

    def form_page(request: Request, context: dict[str, object], code: int = 200) -> Response:
        shown = {
            "programmes": [(p, programme_label(p)) for p in PROGRAMMES],
            "ratings": RATING_WORDS,
            "comment_max": COMMENT_MAX,
            "key": uuid.uuid4().hex,
            "errors": {},
            "form": {},
            "thanks": False,
            **context,
        }
        return mijn_page(request, "mijn/mijn_mening.html", shown, code)

    @router.get(PAGE, response_class=HTMLResponse)
    async def feedback_form(
        principal: me, request: Request, bedankt: str | None = None
    ) -> Response:
        """Mijn mening: give a rating after a contact or at the end of my programme."""
        request.state.mijn_principal = principal
        return form_page(request, {"thanks": bool(bedankt)})

    @router.post(PAGE, response_class=HTMLResponse)
    async def give_feedback(principal: me, request: Request) -> Response:
        """Send my say to intake with my own token; a bad field is a 422 page naming it."""
        request.state.mijn_principal = principal
        form = parse_qs((await request.body()).decode("utf-8", errors="replace"))
        body, errors = _read(form)
        shown = {name: (values or [""])[0] for name, values in form.items()}
        if errors:
            return form_page(request, {"errors": errors, "form": shown},
                             status.HTTP_422_UNPROCESSABLE_CONTENT)  # fmt: skip
        body["given_on"] = clock_of(request).today().isoformat()
        key = (form.get("sleutel") or [""])[0][:64] or uuid.uuid4().hex
        why = await record(
            request, settings, principal, [("/feedback", body)], f"mijn-mening-{key}"
        )
        if why is not None:
            return form_page(request, {"errors": {"verzenden": why or UNAVAILABLE},
                                       "form": shown})  # fmt: skip
        return RedirectResponse(f"/mijn{PAGE}?bedankt=1", status.HTTP_303_SEE_OTHER)
