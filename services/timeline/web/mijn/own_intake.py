"""Intake asked with the young person's own token: their consents, and their own commands.

The timeline records nothing itself: giving or withdrawing consent and giving one's say are
intake's commands, which decide again that the youth id is the token's own (another is the
404 of one not there) and log each with the young person as actor. What intake answers is
handed back as it is (status and body), so a page can show a refusal in Dutch; no answer in
time is `None`, never an exception, so a page never turns it into a 5xx.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx
import structlog
from fastapi import HTTPException, Request, status

from services.timeline.web.mijn.session import token_of
from services.timeline.web.names import TIMEOUT_SECONDS
from shared.command_http import UNKNOWN_YOUTH

if TYPE_CHECKING:
    from services.timeline.settings import TimelineSettings
    from shared.auth import Principal

log = structlog.get_logger("web")


@dataclass(frozen=True)
class Answered:
    """Intake's answer: its status and its JSON body (None when it sent none)."""

    status: int
    body: Any


class OwnIntake:
    """Calls intake's routes for one young person with their own token, bounded in time."""

    def __init__(self, intake_url: str | None, client: httpx.AsyncClient | None = None) -> None:
        """Ask `intake_url` (none: no answer) over `client`, or a short-lived client per call."""
        self._url = intake_url.rstrip("/") if intake_url else None
        self._client = client

    async def consents(self, token: str, youth_id: uuid.UUID) -> Answered | None:
        """`GET /youths/{id}/consents`: the consents that hold today."""
        return await self._call("GET", token, f"/youths/{youth_id}/consents")

    async def subject_requests(self, token: str, youth_id: uuid.UUID) -> Answered | None:
        """`GET /youths/{id}/subject-requests`: the corrections and erasures asked for."""
        return await self._call("GET", token, f"/youths/{youth_id}/subject-requests")

    async def command(
        self, token: str, youth_id: uuid.UUID, path: str, body: dict[str, Any], key: str | None
    ) -> Answered | None:
        """`POST /youths/{id}{path}`; `key` makes a repeated form post record once."""
        headers = {"Idempotency-Key": key} if key else {}
        return await self._call("POST", token, f"/youths/{youth_id}{path}", body, headers)

    async def _call(
        self,
        method: str,
        token: str,
        path: str,
        body: dict[str, Any] | None = None,
        extra: dict[str, str] | None = None,
    ) -> Answered | None:
        if self._url is None or not token:
            return None
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        headers.update(extra or {})
        try:
            if self._client is not None:
                response = await self._client.request(
                    method, f"{self._url}{path}", json=body, headers=headers
                )
            else:
                async with httpx.AsyncClient(
                    timeout=httpx.Timeout(TIMEOUT_SECONDS), follow_redirects=False
                ) as client:
                    response = await client.request(
                        method, f"{self._url}{path}", json=body, headers=headers
                    )
        except httpx.HTTPError as exc:
            log.info("web.mijn_intake_unavailable", reason=str(exc) or type(exc).__name__)
            return None
        try:
            found = response.json()
        except ValueError:
            found = None
        return Answered(response.status_code, found)


def own_intake(request: Request, settings: TimelineSettings) -> OwnIntake:
    """The app's `OwnIntake` (a test may set one), else one for the configured intake."""
    found = getattr(request.app.state, "own_intake", None)
    return found if isinstance(found, OwnIntake) else OwnIntake(settings.intake_url)


def refusal(answered: Answered) -> str:
    """Intake's refusal in Dutch: its `nl`, or the first problem's message (a 422)."""
    detail = answered.body.get("detail") if isinstance(answered.body, dict) else None
    if isinstance(detail, dict) and isinstance(detail.get("nl"), str):
        return str(detail["nl"])
    if isinstance(detail, list) and detail and isinstance(detail[0], dict):
        return str(detail[0].get("msg", ""))
    return "Dat lukte niet. Probeer het later nog eens."


async def record(
    request: Request,
    settings: TimelineSettings,
    principal: Principal,
    calls: list[tuple[str, dict[str, Any]]],
    key: str,
) -> str | None:
    """Give intake the young person's commands in order, each under its own idempotency key.

    None when every one was recorded; else why not in Dutch ("" when intake did not answer),
    and the later ones are not given. A repeated form post (the same `key`) records once.

    Raises:
        HTTPException: intake's 404 (not there for this young person) as the page's.
    """
    intake = own_intake(request, settings)
    own = uuid.UUID(principal.young_person)
    token = token_of(request) or ""
    for path, body in calls:
        answered = await intake.command(token, own, path, body, f"{key}{path}")
        if answered is None:
            return ""
        if answered.status == status.HTTP_404_NOT_FOUND:
            raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_YOUTH)
        if answered.status not in {status.HTTP_200_OK, status.HTTP_201_CREATED}:
            return refusal(answered)
    return None
