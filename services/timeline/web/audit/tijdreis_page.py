"""The Tijdreis page, `/ui/tijdreis`: what a viewer saw of a young person then, beside today.

Then comes from the `as-of` engine (services/timeline/operations/as_of.py: the topics
replayed up to the moment into a schema dropped afterwards), today from the live read model,
both under the same access rules for the chosen role and person, within the auditor's own
municipality. Each read is in the processing log as the `as-of` command logs it
(operations/as_of_log.py), with the signed-in auditor or privacy officer as actor; a question
refused for who asks (not signed in, another role) is logged too, as `geweigerd`.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

from collections.abc import AsyncIterator, Callable
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.responses import HTMLResponse, Response

from services.timeline.operations.as_of import AsOfRefusedError, KnownThen, known_as_of
from services.timeline.operations.as_of_log import log_as_of
from services.timeline.read_model.access import Viewer
from services.timeline.read_model.queries import (
    NotAssignedError,
    UnknownYouthError,
    find_youth,
    open_youth,
    sight_of,
    summary,
    timeline,
)
from services.timeline.settings import TimelineSettings
from services.timeline.web.audit.comparison import (
    MARK_LABELS,
    compare_summaries,
    compare_timelines,
    differences,
)
from services.timeline.web.audit.roles import AUDIT_ROLES
from services.timeline.web.audit.tijdreis_form import AMSTERDAM, ROLES, Question, read_question
from services.timeline.web.rendering import page
from services.timeline.web.session import require, signed_in
from shared.auth import AuthSettings, Principal
from shared.clock import clock_of
from shared.command_http import UNKNOWN_YOUTH
from shared.processing_log.entry import UNKNOWN

PATH = "/tijdreis"
REFUSED_THEN = (
    "Toen niet te zien: de jongere was op dat moment niet bekend, of deze rol en persoon mochten"
    " de tijdlijn toen niet openen."
)
REFUSED_NOW = "Vandaag niet te zien: deze rol en persoon mogen de tijdlijn nu niet openen."


def add_tijdreis_page(router: APIRouter, auth: AuthSettings, settings: TimelineSettings) -> None:
    """`GET /ui/tijdreis` on the web view's router, for auditors and privacy officers."""
    auditor = Annotated[Principal, Depends(require(auth, *AUDIT_ROLES))]

    refusals = _refusal_logger(auth)

    @router.get(
        PATH, response_class=HTMLResponse, dependencies=[Depends(refusals, scope="function")]
    )
    async def tijdreis(  # noqa: PLR0913 - FastAPI injects each parameter by name
        *,
        principal: auditor,
        request: Request,
        jongere: str | None = None,
        moment: str | None = None,
        rol: str | None = None,
        persoon: str | None = None,
    ) -> Response:
        """The form; with a question, then and today side by side, differences marked."""
        request.state.web_principal = principal
        now = clock_of(request).now()
        question = read_question(jongere, moment, rol, persoon, now=now)
        context: dict[str, object] = {
            "question": question, "roles": ROLES, "asked": False,
            "local_day": lambda moment: moment.astimezone(AMSTERDAM).date(),
        }  # fmt: skip
        if question.asked:
            context |= await _compare(request, principal, question, now)
        code = status.HTTP_422_UNPROCESSABLE_CONTENT if question.errors else status.HTTP_200_OK
        return page(request, "tijdreis.html", context, code)

    async def _compare(
        request: Request, principal: Principal, question: Question, now: datetime
    ) -> dict[str, object]:
        pool, schema = request.app.state.pool, settings.schema_name
        youth = await find_youth(pool, schema, question.youth_id)
        if youth is None or youth.gemeentecode != principal.gemeentecode:
            await _log(request, principal, question, found=False)
            raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_YOUTH)
        then = await _then(request, principal, question)
        viewer = Viewer(question.person or principal.actor, frozenset({question.role}),
                        principal.gemeentecode)  # fmt: skip
        today = None
        try:
            found = await open_youth(pool, schema, question.youth_id, viewer)
        except (UnknownYouthError, NotAssignedError):
            pass
        else:
            sight = await sight_of(pool, schema, found, viewer, moment=now,
                                   policy=settings.policy_for(viewer.gemeentecode))  # fmt: skip
            today = KnownThen(
                await timeline(pool, schema, sight), await summary(pool, schema, sight)
            )
        entries = compare_timelines(
            then.timeline if then else None, today.timeline if today else None
        )
        domains = compare_summaries(
            then.summary if then else None, today.summary if today else None
        )
        return {
            "asked": True, "then": then, "today": today, "entries": entries, "domains": domains,
            "changed": differences(entries) + differences(domains), "marks": MARK_LABELS,
            "refused_then": REFUSED_THEN if then is None else None,
            "refused_now": REFUSED_NOW if today is None else None,
        }  # fmt: skip

    async def _then(request: Request, principal: Principal, question: Question) -> KnownThen | None:
        """The as-of read, logged with the signed-in reader as actor; refused: None."""
        assert question.moment is not None  # noqa: S101 - `asked` holds a moment
        app, person = request.app, question.person or principal.actor
        then: KnownThen | None = None
        try:
            then = await known_as_of(
                app.state.pool, app.state.platform, app.state.projections["timeline"],
                settings.policy_for, instant=question.moment, youth_id=question.youth_id,
                roles=frozenset({question.role}), actor=person,
                gemeentecode=principal.gemeentecode,
            )  # fmt: skip
        except AsOfRefusedError:
            then = None
        await _log(request, principal, question, found=then is not None)
        return then

    async def _log(request: Request, principal: Principal, question: Question, *,
                   found: bool) -> None:  # fmt: skip
        assert question.moment is not None  # noqa: S101 - `asked` holds a moment
        await log_as_of(
            request.app.state.processing_log, by=principal.actor,
            role=principal.role, tenant=principal.gemeentecode, youth_id=question.youth_id,
            instant=question.moment, method="GET", result="gelukt" if found else "geweigerd",
            seen_as=f"als {question.person or principal.actor} ({question.role}) in de webweergave",
        )  # fmt: skip


def _refusal_logger(auth: AuthSettings) -> Callable[[Request], AsyncIterator[None]]:
    """The route's first dependency: it sees the role check's 401 or 403 and logs it."""

    async def log_refusal(request: Request) -> AsyncIterator[None]:
        try:
            yield
        except HTTPException as refusal:
            asked = request.query_params.get("jongere", "").strip()
            if refusal.status_code in {401, 403} and asked:
                caller = signed_in(auth, request)
                await log_as_of(
                    request.app.state.processing_log,
                    by=caller.actor if caller else UNKNOWN,
                    role=caller.role if caller else UNKNOWN,
                    tenant=caller.gemeentecode if caller else None, youth_id=asked[:200],
                    instant=clock_of(request).now(), method="GET", result="geweigerd",
                    seen_as="in de webweergave, geweigerd",
                )  # fmt: skip
            raise

    return log_refusal
