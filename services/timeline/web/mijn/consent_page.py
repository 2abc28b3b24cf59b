"""Mijn toestemming, `/mijn/toestemming`: the young person's consents, changed by themself.

Three steps, and nothing is recorded before the last: the page shows per purpose which life
domains the consent covers today (asked of intake with their own token, which logs the read
on `avg_15`); a change is first shown in plain words (what it does, `consent_words.py`); only
"Ja, zo wil ik het" records it, as the same events the professionals record: `/consent-
withdrawals` for what is taken away, then `/consents` for the new whole (a consent given
replaces the one before for its purpose). Intake decides again that the youth id is the
token's own and records the young person as actor.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import uuid
from datetime import date
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.timeline.settings import TimelineSettings
from services.timeline.web.mijn import consent_words
from services.timeline.web.mijn.own_intake import own_intake, record
from services.timeline.web.mijn.rendering import mijn_page
from services.timeline.web.mijn.session import token_of, young_person
from shared.auth import AuthSettings, Principal
from shared.clock import clock_of
from shared.command_http import UNKNOWN_YOUTH

PAGE = "/toestemming"
UNAVAILABLE = (
    "Je toestemming kan nu niet worden opgehaald. Probeer het over een paar minuten opnieuw."
)
BAD_PURPOSE = "Kies waar je toestemming over gaat."
BAD_DOMAIN = "Kies onderwerpen uit de lijst."
SAVED = "Je keuze is opgeslagen."


def _form(body: bytes) -> dict[str, list[str]]:
    return parse_qs(body.decode("utf-8", errors="replace"))


def _domains(values: list[str]) -> set[str] | None:
    """The life domains asked for, or None when one is not on the list."""
    found = {v for value in values for v in value.split(",") if v}
    return found if found <= set(consent_words.DOMAINS) else None


Held = dict[str, dict[str, object]]


async def _held(request: Request, principal: Principal, settings: TimelineSettings) -> Held | None:
    """Per purpose the consent intake holds today; None when intake does not answer.

    Raises:
        HTTPException: intake's 404 (not there for this young person) as this page's.
    """
    own = uuid.UUID(principal.young_person)
    answered = await own_intake(request, settings).consents(token_of(request) or "", own)
    if answered is not None and answered.status == status.HTTP_404_NOT_FOUND:
        raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_YOUTH)
    if answered is None or answered.status != status.HTTP_200_OK:
        return None
    consents = answered.body.get("consents", []) if isinstance(answered.body, dict) else []
    return {c["purpose"]: c for c in consents if isinstance(c, dict) and "purpose" in c}


def _covered(found: Held, purpose: str) -> set[str]:
    domains = found.get(purpose, {}).get("leefgebieden", [])
    return set(domains) if isinstance(domains, list) else set()


def _commands(
    found: Held, purpose: str, give: set[str], withdraw: set[str], today: date
) -> list[tuple[str, dict[str, object]]]:
    """Intake's commands for the change: the withdrawal, then the new whole consent.

    A consent given replaces the one before for its purpose, so what is added is given with
    what stays; the old lapse day is kept (a day not after today would be refused, so then none).
    """
    calls: list[tuple[str, dict[str, object]]] = []
    if withdraw:
        body: dict[str, object] = {"purpose": purpose, "leefgebieden": sorted(withdraw),
                "withdrawn_on": today.isoformat()}  # fmt: skip
        calls.append(("/consent-withdrawals", body))
    if give:
        whole = (_covered(found, purpose) - withdraw) | give
        given: dict[str, object] = {"purpose": purpose, "leefgebieden": sorted(whole),
                                    "given_on": today.isoformat()}  # fmt: skip
        until = _day(found.get(purpose, {}).get("valid_until"))
        if until is not None and until > today:
            given["valid_until"] = until.isoformat()
        calls.append(("/consents", given))
    return calls


def add_consent_pages(router: APIRouter, auth: AuthSettings, settings: TimelineSettings) -> None:
    """`GET /mijn/toestemming`, its confirmation step and the confirmation itself."""
    me = Annotated[Principal, Depends(young_person(auth))]

    @router.get(PAGE, response_class=HTMLResponse)
    async def consents(principal: me, request: Request, opgeslagen: str | None = None) -> Response:
        """Mijn toestemming: per purpose, which life domains I said yes to."""
        request.state.mijn_principal = principal
        found = await _held(request, principal, settings)
        context = {
            "purposes": consent_words.PURPOSES,
            "domains": consent_words.DOMAINS,
            "covered": {p: _covered(found or {}, p) for p in consent_words.PURPOSES},
            "since": {p: _day(c.get("given_on")) for p, c in (found or {}).items()},
            "until": {p: _day(c.get("valid_until")) for p, c in (found or {}).items()},
            "unavailable": UNAVAILABLE if found is None else None,
            "saved": SAVED if opgeslagen else None,
        }
        return mijn_page(request, "mijn/toestemming.html", context)

    @router.post(f"{PAGE}/controleren", response_class=HTMLResponse)
    async def check(principal: me, request: Request) -> Response:
        """Step two: what my change does, in plain words; nothing is recorded yet."""
        request.state.mijn_principal = principal
        form = _form(await request.body())
        purpose = (form.get("doel") or [""])[0]
        chosen = _domains(form.get("leefgebied", []))
        if purpose not in consent_words.PURPOSES or chosen is None:
            return _refused(request, "doel" if chosen is not None else "leefgebied")
        found = await _held(request, principal, settings)
        if found is None:
            return mijn_page(request, "mijn/toestemming.html",
                             {"unavailable": UNAVAILABLE, "purposes": {}})  # fmt: skip
        now = _covered(found, purpose)
        give, withdraw = chosen - now, now - chosen
        context = {
            "purpose": purpose,
            "title": consent_words.PURPOSES[purpose].title,
            "changes": consent_words.changes(purpose, give, withdraw),
            "always": consent_words.ALWAYS,
            "give": ",".join(sorted(give)),
            "withdraw": ",".join(sorted(withdraw)),
            "key": uuid.uuid4().hex,
        }
        return mijn_page(request, "mijn/toestemming_controleren.html", context)

    @router.post(f"{PAGE}/bevestigen", response_class=HTMLResponse)
    async def confirm(principal: me, request: Request) -> Response:
        """Step three: record the change with intake, as the professionals' events."""
        request.state.mijn_principal = principal
        form = _form(await request.body())
        purpose = (form.get("doel") or [""])[0]
        give, withdraw = _domains(form.get("geven", [])), _domains(form.get("intrekken", []))
        key = (form.get("sleutel") or [""])[0][:64] or uuid.uuid4().hex
        if purpose not in consent_words.PURPOSES or give is None or withdraw is None:
            return _refused(request, "doel" if purpose not in consent_words.PURPOSES else "geven")
        found = await _held(request, principal, settings)
        if found is None:
            return _not_saved(request, UNAVAILABLE)
        calls = _commands(found, purpose, give, withdraw, clock_of(request).today())
        why = await record(request, settings, principal, calls, f"mijn-toestemming-{key}")
        if why is not None:
            return _not_saved(request, why or UNAVAILABLE)
        return RedirectResponse(f"/mijn{PAGE}?opgeslagen=1", status_code=status.HTTP_303_SEE_OTHER)


def _refused(request: Request, field: str) -> Response:
    """A form field that is not one of the page's choices: a 422 page naming it."""
    message = BAD_PURPOSE if field == "doel" else BAD_DOMAIN
    context = {"title": "Dat klopt niet", "message": f"{message} (veld: {field})",
               "english": f"Invalid field: {field}", "login": None}  # fmt: skip
    return mijn_page(request, "mijn/fout.html", context, status.HTTP_422_UNPROCESSABLE_CONTENT)


def _not_saved(request: Request, message: str) -> Response:
    """Nothing (more) was recorded: say why, with the way back."""
    context = {"title": "Niet opgeslagen", "message": message, "english": None, "login": None}
    return mijn_page(request, "mijn/fout.html", context, status.HTTP_200_OK)


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
