"""The Vernietigingslijst page, `/ui/vernietigingslijst`: approve or hold back destruction.

For the archivaris and the privacy officer. The list and its decisions are intake's (its
`/destruction-list`, `/youths/{id}/destruction-hold`, `-release`, `-approval`): the page asks
intake over HTTP with the employee's own token, as the plan page does, so intake decides who
may and logs every read and decision. Intake unreachable: the page says so, never a 5xx.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import uuid
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal
from urllib.parse import parse_qs

import httpx
import structlog
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.timeline.settings import TimelineSettings
from services.timeline.web.rendering import page
from services.timeline.web.session import require, token_of
from shared.auth import AuthSettings, Principal

PATH = "/vernietigingslijst"
DESTRUCTION_ROLES = ("archivaris", "privacy_officer")
TIMEOUT_SECONDS = 10.0  # an approval waits for the erasure in intake
UNREACHABLE = "De vernietigingslijst is nu niet te lezen: intake antwoordt niet."
Decision = Literal["aanhouden", "vrijgeven", "goedkeuren"]
_INTAKE_PATHS: dict[str, str] = {
    "aanhouden": "destruction-hold",
    "vrijgeven": "destruction-release",
    "goedkeuren": "destruction-approval",
}
log = structlog.get_logger("web")


@dataclass(frozen=True)
class Answer:
    """What intake said: ok, its Dutch refusal, or nothing (unreachable)."""

    ok: bool
    body: Any = None
    message: str | None = None


@dataclass
class IntakeDestruction:
    """Asks intake for the list and passes the decisions on, with a bounded timeout."""

    intake_url: str | None
    client: httpx.AsyncClient | None = field(default=None)

    async def ask(
        self, token: str, method: str, path: str, body: Any = None,  # noqa: ANN401 - JSON
        *, unreachable: str = UNREACHABLE,
    ) -> Answer:  # fmt: skip
        """One call to intake as the holder of `token`; `unreachable` says it did not answer."""
        if not self.intake_url or not token:
            return Answer(ok=False, message=unreachable)
        url = f"{self.intake_url.rstrip('/')}{path}"
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        try:
            if self.client is not None:
                response = await self.client.request(method, url, headers=headers, json=body)
            else:
                async with httpx.AsyncClient(
                    timeout=httpx.Timeout(TIMEOUT_SECONDS), follow_redirects=False
                ) as client:
                    response = await client.request(method, url, headers=headers, json=body)
            found = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            log.info("web.intake_unavailable", path=path, reason=str(exc) or type(exc).__name__)
            return Answer(ok=False, message=unreachable)
        if response.is_success:
            return Answer(ok=True, body=found)
        return Answer(ok=False, message=_refusal(found))


def _refusal(found: Any) -> str:  # noqa: ANN401 - JSON
    detail = found.get("detail") if isinstance(found, dict) else None
    if isinstance(detail, dict) and isinstance(detail.get("nl"), str):
        return str(detail["nl"])
    if isinstance(detail, list) and detail and isinstance(detail[0], dict):
        return str(detail[0].get("nl") or detail[0].get("msg") or "Ongeldige invoer")
    return "Intake weigerde dit verzoek."


def intake_destruction(request: Request, settings: TimelineSettings) -> IntakeDestruction:
    """The app's `IntakeDestruction` (a test may set one), else one for the configured intake."""
    found = getattr(request.app.state, "intake_destruction", None)
    if isinstance(found, IntakeDestruction):
        return found
    return IntakeDestruction(settings.intake_url)


def add_vernietigingslijst_page(
    router: APIRouter, auth: AuthSettings, settings: TimelineSettings
) -> None:
    """`GET /ui/vernietigingslijst` and its decisions, for the archivaris and privacy officer."""
    archivist = Annotated[Principal, Depends(require(auth, *DESTRUCTION_ROLES))]

    async def shown(request: Request, principal: Principal, message: str | None = None,
                    code: int = 200) -> Response:  # fmt: skip
        request.state.web_principal = principal
        found = await intake_destruction(request, settings).ask(
            token_of(request) or "", "GET", "/destruction-list"
        )
        items = found.body.get("items", []) if found.ok and isinstance(found.body, dict) else []
        context = {
            "items": items,
            "unavailable": None if found.ok else found.message,
            "message": message,
        }
        return page(request, "vernietigingslijst.html", context, code)

    @router.get(PATH, response_class=HTMLResponse)
    async def vernietigingslijst(principal: archivist, request: Request) -> Response:
        """Who is due for destruction, held back or waiting for approval."""
        return await shown(request, principal)

    @router.post(PATH + "/{youth_id}/{decision}", response_class=HTMLResponse)
    async def decide(
        youth_id: uuid.UUID,
        decision: Decision,
        principal: archivist,
        request: Request,
    ) -> Response:
        """Pass the decision on to intake; back to the list, or the list with intake's refusal."""
        form = parse_qs((await request.body()).decode("utf-8", errors="replace"))
        reden = (form.get("reden") or [""])[0].strip()
        body = {"reason": reden} if decision == "aanhouden" else None
        path = f"/youths/{youth_id}/{_INTAKE_PATHS[decision]}"
        answer = await intake_destruction(request, settings).ask(
            token_of(request) or "", "POST", path, body
        )
        if answer.ok:
            return RedirectResponse(f"/ui{PATH}", status_code=303)
        return await shown(request, principal, answer.message, code=409)
