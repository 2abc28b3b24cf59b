"""The toekomstplan page, `/ui/jongeren/{id}/plan`: asked of intake with the reader's own token.

The timeline holds no personal data and no goal text: intake decides who reads the plan and
whose texts open (`GET /youths/{id}/plan`), and logs each read with its legal basis. This page
only shows intake's answer: a 404 from intake is this page's 404 (the young person is not
there for this reader); no answer in time, or any other, is a Dutch message on the page, never
a 5xx. Nothing is cached: a withdrawn consent or an ended trajectory shows on the next load.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any, Literal

import httpx
import structlog
from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.responses import HTMLResponse, Response

from services.timeline.read_model.access import READERS
from services.timeline.read_model.vocabularies import label
from services.timeline.settings import TimelineSettings
from services.timeline.web.labels import Tone, humanise
from services.timeline.web.names import TIMEOUT_SECONDS, intake_names
from services.timeline.web.rendering import page
from services.timeline.web.session import require, token_of
from shared.auth import AuthSettings, Principal
from shared.command_http import UNKNOWN_YOUTH

log = structlog.get_logger("web")

UNAVAILABLE = (
    "Het toekomstplan kan nu niet worden opgehaald: intake antwoordt niet."
    " Probeer het over een paar minuten opnieuw."
)
GOAL_BADGES: dict[str, tuple[str, Tone]] = {
    "open": ("Open", "neutraal"),
    "loopt": ("Loopt", "let-op"),
    "bereikt": ("Bereikt", "goed"),
    "vervallen": ("Vervallen", "neutraal"),
}
PROGRESS_LABELS = {
    ("coaching", "gesteld"): "Doel gesteld in de begeleiding",
    ("coaching", "bereikt"): "Doel bereikt in de begeleiding",
    ("coaching", "vervallen"): "Doel vervallen in de begeleiding",
    ("debts", "loopt"): "Schuldhulptraject loopt",
    ("debts", "schuldenvrij"): "Schuldenvrij",
    ("debts", "beeindigd"): "Schuldhulptraject beëindigd",
    ("housing", "afgesproken"): "Woonplan afgesproken",
    ("housing", "gehuisvest"): "Gehuisvest",
    ("housing", "beeindigd"): "Wonen beëindigd",
}
Answer = Literal["plan", "onbekend", "onbereikbaar"]


@dataclass(frozen=True)
class IntakePlan:
    """Intake's answer: the plan as this reader may see it, not there for them, or no answer."""

    answer: Answer
    plan: dict[str, Any] = field(default_factory=dict)


class IntakePlans:
    """Asks intake for one young person's plan, with a bounded timeout."""

    def __init__(self, intake_url: str | None, client: httpx.AsyncClient | None = None) -> None:
        """Ask `intake_url` (none: no answer) over `client`, or a short-lived client per ask."""
        self._url = intake_url.rstrip("/") if intake_url else None
        self._client = client

    async def of(self, token: str, youth_id: uuid.UUID) -> IntakePlan:
        """The plan as intake shows it to the holder of `token`."""
        return await self.ask(token, youth_id, "plan")

    async def ask(self, token: str, youth_id: uuid.UUID, what: str) -> IntakePlan:
        """Intake's `GET /youths/{id}/{what}` (plan, betrokkenen) as `token` may see it.

        The answer "plan" means intake answered (with the plan, or who works with them).
        """
        if self._url is None or not token:
            return IntakePlan("onbereikbaar")
        url = f"{self._url}/youths/{youth_id}/{what}"
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        try:
            if self._client is not None:
                response = await self._client.get(url, headers=headers)
            else:
                async with httpx.AsyncClient(
                    timeout=httpx.Timeout(TIMEOUT_SECONDS), follow_redirects=False
                ) as client:
                    response = await client.get(url, headers=headers)
            if response.status_code == status.HTTP_404_NOT_FOUND:
                return IntakePlan("onbekend")
            response.raise_for_status()
            plan = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            log.info("web.plan_unavailable", reason=str(exc) or type(exc).__name__)
            return IntakePlan("onbereikbaar")
        return IntakePlan("plan", plan) if isinstance(plan, dict) else IntakePlan("onbereikbaar")


def intake_plans(request: Request, settings: TimelineSettings) -> IntakePlans:
    """The app's `IntakePlans` (a test may set one), else one for the configured intake."""
    found = getattr(request.app.state, "intake_plans", None)
    return found if isinstance(found, IntakePlans) else IntakePlans(settings.intake_url)


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def goal_badge(code: str) -> tuple[str, Tone]:
    """A goal's status as a badge."""
    return GOAL_BADGES.get(code, (humanise(code), "neutraal"))


def progress_label(domain: str, code: str) -> str:
    """What a domain did for the goal, in Dutch."""
    return PROGRESS_LABELS.get((domain, code), humanise(code))


def leefgebied_label(code: str) -> str:
    """The life domain as the plan names it: `financien` -> `Financiën`."""
    return humanise(label("intake.Leefgebied", code, code))


def add_plan_page(router: APIRouter, auth: AuthSettings, settings: TimelineSettings) -> None:
    """`GET /ui/jongeren/{youth_id}/plan` on the web view's router."""
    reader = Annotated[Principal, Depends(require(auth, *READERS))]

    @router.get("/jongeren/{youth_id}/plan", response_class=HTMLResponse)
    async def plan(youth_id: uuid.UUID, principal: reader, request: Request) -> Response:
        """The toekomstplan: goals per life domain, their status, reviews and the domains' work."""
        request.state.web_principal = principal
        token = token_of(request) or ""
        found = await intake_plans(request, settings).of(token, youth_id)
        if found.answer == "onbekend":
            raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_YOUTH)
        names = await intake_names(request).of(token, [str(youth_id)])
        context = {
            "youth_id": str(youth_id),
            "name": names.get(str(youth_id)),
            "plan": found.plan,
            "unavailable": UNAVAILABLE if found.answer == "onbereikbaar" else None,
            "as_day": _day,
            "goal_badge": goal_badge,
            "progress_label": progress_label,
            "leefgebied_label": leefgebied_label,
        }
        return page(request, "toekomstplan.html", context)
