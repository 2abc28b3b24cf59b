"""The Signalen page: what needs the signed-in employee, most urgent first, and acting on it.

The same signals and rules as the API's `GET /signals` (services.timeline.signals): each
with its Dutch explanation and a link to the young person; acknowledging (with a note) and
snoozing (until a day) through forms, CSRF-checked by the web view's router. A signal the
employee may not see answers as a page that is not there (404).

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import uuid
from datetime import date, timedelta
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.timeline.read_model.access import READERS, Viewer
from services.timeline.settings import TimelineSettings
from services.timeline.signals.actions import (
    ACKNOWLEDGED,
    NOTE_MAX,
    SNOOZED,
    latest_snooze,
    note_problem,
    snooze_problem,
)
from services.timeline.signals.model import PRIVACY_OFFICER, Signal
from services.timeline.signals.queries import record_action, signals_seen
from services.timeline.web.names import intake_names
from services.timeline.web.rendering import page
from services.timeline.web.session import identify_by_cookie, require, token_of
from shared.auth import AuthSettings, Principal
from shared.clock import clock_of
from shared.command_http import processing_log
from shared.processing_log import note_processing, processing

PATH = "/signalen"
URGENCY_LABELS = {1: ("Te laat", "zorg"), 2: ("Binnenkort", "let-op"), 3: ("Ter info", "neutraal")}
STATE_LABELS = {
    "open": "Open",
    "erkend": "Erkend",
    "gesluimerd": "Uitgesteld",
    "opgelost": "Opgelost",
}
DONE = {"erkend": "Het signaal is erkend.", "uitgesteld": "Het signaal is uitgesteld."}
NOT_FOUND = {"nl": "Dit signaal bestaat niet.", "en": "This signal does not exist."}


async def signals_of(
    request: Request, principal: Principal, settings: TimelineSettings
) -> list[Signal]:
    """Every signal the employee may see today, in every state."""
    return await signals_seen(
        request.app.state.pool, settings.schema_name, Viewer.of(principal),
        today=clock_of(request).today(), soon_days=settings.signal_soon_days,
        silent_days=settings.signal_no_contact_days,
    )  # fmt: skip


def open_counts(signals: list[Signal]) -> dict[str, int]:
    """Per young person, the signals nobody has acknowledged yet."""
    counts: dict[str, int] = {}
    for signal in signals:
        if signal.state == "open":
            counts[signal.youth_id] = counts.get(signal.youth_id, 0) + 1
    return counts


def add_signals_page(router: APIRouter, auth: AuthSettings, settings: TimelineSettings) -> None:
    """`/ui/signalen` and its two forms, on the web view's router."""
    reader = Annotated[Principal, Depends(require(auth, *READERS, PRIVACY_OFFICER))]
    identify = identify_by_cookie(auth)
    read = processing(
        processing_log,
        action="lezen",
        activity="signalen.inzien",
        activity_name="Inzien signalen",
        grondslag="avg_6_1_e",
        identify=identify,
    )
    act = processing(processing_log, action="wijzigen", activity="signalen.afhandelen",
                     activity_name="Signaal erkennen of uitstellen", grondslag="avg_6_1_e",
                     identify=identify)  # fmt: skip

    async def show(  # noqa: PLR0913 - the page's state, each named at the call site
        request: Request,
        principal: Principal,
        *,
        jongere: str = "",
        alle: bool = False,
        errors: dict[str, tuple[str, str]] | None = None,
        code: int = 200,
    ) -> Response:
        request.state.web_principal = principal
        today = clock_of(request).today()
        found = [
            s for s in await signals_of(request, principal, settings)
            if (alle or s.state in {"open", "erkend"}) and (not jongere or s.youth_id == jongere)
        ]  # fmt: skip
        token = token_of(request) or ""
        names = await intake_names(request).of(token, [s.youth_id for s in found])
        context = {
            "signals": found, "names": names, "errors": errors or {}, "jongere": jongere,
            "alle": alle, "done": DONE.get(request.query_params.get("gedaan", "")),
            "urgency_labels": URGENCY_LABELS, "state_labels": STATE_LABELS,
            "snooze_min": today + timedelta(days=1), "snooze_max": latest_snooze(today),
            "note_max": NOTE_MAX,
        }  # fmt: skip
        return page(request, "signalen.html", context, code)

    @router.get(PATH, response_class=HTMLResponse, dependencies=[Depends(read, scope="function")])
    async def signals(
        principal: reader, request: Request, jongere: str = "", toon: str = ""
    ) -> Response:
        """Signalen: most urgent first; open and acknowledged ones, or all with `toon=alle`."""
        note_processing(request, principal=principal, youth_id=_uuid(jongere))
        return await show(request, principal, jongere=jongere, alle=toon == "alle")

    async def visible(request: Request, principal: Principal, signal_id: uuid.UUID) -> Signal:
        for signal in await signals_of(request, principal, settings):
            if signal.signal_id == signal_id:
                note_processing(request, youth_id=signal.youth_id)
                return signal
        raise HTTPException(status.HTTP_404_NOT_FOUND, NOT_FOUND)

    @router.post(f"{PATH}/{{signal_id}}/erkennen", response_class=HTMLResponse,
                 dependencies=[Depends(act, scope="function")])  # fmt: skip
    async def acknowledge(signal_id: uuid.UUID, principal: reader, request: Request) -> Response:
        """Acknowledge with a note; a missing or too long note shows on the page (422)."""
        note_processing(request, principal=principal)
        await visible(request, principal, signal_id)
        note = _field(await request.body(), "notitie")
        if problem := note_problem(note):
            return await show(request, principal, errors={str(signal_id): ("notitie", problem[0])},
                              code=status.HTTP_422_UNPROCESSABLE_CONTENT)  # fmt: skip
        await record_action(request.app.state.pool, settings.schema_name, Viewer.of(principal),
                            signal_id, action=ACKNOWLEDGED, note=note.strip())  # fmt: skip
        return RedirectResponse(f"/ui{PATH}?gedaan=erkend", status.HTTP_303_SEE_OTHER)

    @router.post(f"{PATH}/{{signal_id}}/uitstellen", response_class=HTMLResponse,
                 dependencies=[Depends(act, scope="function")])  # fmt: skip
    async def snooze(signal_id: uuid.UUID, principal: reader, request: Request) -> Response:
        """Snooze until a day; a day not ahead or too far shows on the page (422)."""
        note_processing(request, principal=principal)
        await visible(request, principal, signal_id)
        until = _day(_field(await request.body(), "tot"))
        today = clock_of(request).today()
        problem = snooze_problem(until, today) if until else ("Kies een dag.", "Choose a day.")
        if problem is not None or until is None:
            reason = problem[0] if problem else ""
            return await show(request, principal, errors={str(signal_id): ("tot", reason)},
                              code=status.HTTP_422_UNPROCESSABLE_CONTENT)  # fmt: skip
        await record_action(request.app.state.pool, settings.schema_name, Viewer.of(principal),
                            signal_id, action=SNOOZED, until_on=until)  # fmt: skip
        return RedirectResponse(f"/ui{PATH}?gedaan=uitgesteld", status.HTTP_303_SEE_OTHER)


def _field(body: bytes, name: str) -> str:
    form = parse_qs(body.decode("utf-8", errors="replace"))
    return next(iter(form.get(name, [])), "")


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _uuid(text: str) -> str | None:
    try:
        return str(uuid.UUID(text)) if text else None
    except ValueError:
        return None
