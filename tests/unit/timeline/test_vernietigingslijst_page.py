"""The Vernietigingslijst page's conversation with intake: the token passed, refusals in Dutch.

Intake decides and logs; the page only passes on. An intake that does not answer, or answers
something else than JSON, is a sentence on the page, never a 5xx.
"""

from __future__ import annotations

import httpx

from services.timeline.web.audit.roles import AUDIT_ROLES
from services.timeline.web.audit.vernietigingslijst_page import (
    DESTRUCTION_ROLES,
    UNREACHABLE,
    IntakeDestruction,
)


def intake(handler) -> IntakeDestruction:
    return IntakeDestruction(
        "http://intake", httpx.AsyncClient(transport=httpx.MockTransport(handler))
    )


async def test_the_employee_s_own_token_goes_to_intake():
    """Intake sees who asks, so it decides and logs; the list comes back as intake sent it."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"items": []})

    answer = await intake(handler).ask("tok-123", "GET", "/destruction-list")
    assert (answer.ok, answer.body) == (True, {"items": []})
    assert seen[0].headers["authorization"] == "Bearer tok-123"
    assert str(seen[0].url) == "http://intake/destruction-list"


async def test_a_refusal_is_shown_in_intake_s_dutch():
    """A 409 with intake's bilingual detail: its Dutch sentence; a 422 list: its first."""

    def conflict(_request: httpx.Request) -> httpx.Response:
        detail = {"nl": "De vernietiging is aangehouden", "en": "held back"}
        return httpx.Response(409, json={"detail": detail})

    answer = await intake(conflict).ask("t", "POST", "/youths/x/destruction-approval")
    assert (answer.ok, answer.message) == (False, "De vernietiging is aangehouden")

    def invalid(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(422, json={"detail": [{"nl": "Reden ontbreekt", "en": "missing"}]})

    answer = await intake(invalid).ask("t", "POST", "/youths/x/destruction-hold", {"reason": ""})
    assert answer.message == "Reden ontbreekt"


async def test_an_intake_that_does_not_answer_is_named_not_a_5xx():
    """A refused connection or a body that is no JSON: the page's sentence."""

    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    assert (await intake(down).ask("t", "GET", "/destruction-list")).message == UNREACHABLE

    def garbage(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(502, text="<html>bad gateway</html>")

    assert (await intake(garbage).ask("t", "GET", "/destruction-list")).message == UNREACHABLE
    assert (await IntakeDestruction(None).ask("t", "GET", "/destruction-list")).ok is False


def test_the_archivaris_opens_this_page_and_not_the_audit_pages():
    """The list is the archivist's and the privacy officer's; the audit pages are not theirs."""
    assert set(DESTRUCTION_ROLES) == {"archivaris", "privacy_officer"}
    assert "archivaris" not in AUDIT_ROLES
