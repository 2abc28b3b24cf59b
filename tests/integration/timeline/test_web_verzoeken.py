"""The Verzoeken page, /ui/verzoeken: the privacy officer answers a young person's request.

Intake and the timeline in-process (test_web_plan.py's `web`); the page asks intake with the
officer's own token, as it would over the network.
"""

from __future__ import annotations

import httpx
import pytest

from services.timeline.web.audit.vernietigingslijst_page import IntakeDestruction
from tests.integration.intake.test_plan_api import youth_with_a_plan
from tests.integration.timeline.test_web_mijn import young_token
from tests.integration.timeline.test_web_plan import web  # noqa: F401 - the fixture
from tests.integration.timeline.web_session import csrf_of, log_in
from tests.support.apps import bearer, token
from tests.support.waiting import eventually

OFFICER = "privacy-1"
WORDS = "Mijn adres klopt niet: ik woon sinds maart bij mijn zus."


def asking_intake(apps) -> None:
    """Let the page reach the in-process intake with the officer's token."""
    intake_app, timeline_app = apps
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=intake_app), timeout=5)
    timeline_app.state.intake_destruction = IntakeDestruction("http://intake", client)


async def a_request(intake) -> tuple[str, str]:
    """A young person with a plan asks, with their own token, for a correction."""
    youth = await youth_with_a_plan(intake, exchange=[])
    made = await intake.post(
        f"/youths/{youth}/subject-requests", json={"kind": "correctie", "text": WORDS},
        headers={"Authorization": f"Bearer {young_token(youth)}"},
    )  # fmt: skip
    assert made.status_code == 201, made.text
    return youth, made.json()["request_id"]


async def requests_of(intake, youth: str) -> list[dict]:
    answer = await intake.get(f"/youths/{youth}/subject-requests",
                              headers=bearer("privacy_officer"))  # fmt: skip
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


async def test_the_privacy_officer_answers_a_request_once_and_every_call_is_logged(web):  # noqa: F811
    """The request with its deadline; a bad outcome is a 422 naming the field; then answered.

    The answer is intake's `subject-request-handled` (state afgehandeld, the note opened); a
    second answer is intake's 409, shown on the page; intake logs the reads and the answer
    with the officer as actor.
    """
    intake, timeline, apps = web
    asking_intake(apps)
    youth, request_id = await a_request(intake)
    assert (await log_in(timeline, token("privacy_officer", sub=OFFICER))).status_code == 303

    shown = await timeline.get("/ui/verzoeken", params={"jongere": youth})
    assert shown.status_code == 200, shown.text
    assert WORDS in shown.text
    assert "Correctie van gegevens" in shown.text
    [due] = [r["due_on"] for r in await requests_of(intake, youth)]
    assert f"beantwoorden uiterlijk {due}" in shown.text
    assert 'aria-current="page">Verzoeken' in shown.text
    action = f"/ui/verzoeken/{youth}/{request_id}/antwoord"
    form = {"csrf": csrf_of(shown.text), "toelichting": "Je adres is aangepast."}

    bad = await timeline.post(action, data={**form, "uitkomst": "misschien"})
    assert bad.status_code == 422
    assert "veld: uitkomst" in bad.text
    assert "Choose an outcome" in bad.text
    assert [r["state"] for r in await requests_of(intake, youth)] == ["open"]

    sent = await timeline.post(action, data={**form, "uitkomst": "toegewezen"})
    assert (sent.status_code, sent.headers["location"]) == (
        303, f"/ui/verzoeken?jongere={youth}&beantwoord=1")  # fmt: skip
    [answered] = await requests_of(intake, youth)
    assert (answered["state"], answered["outcome"], answered["note"]) == (
        "afgehandeld", "toegewezen", "Je adres is aangepast.")  # fmt: skip
    after = await timeline.get(sent.headers["location"])
    assert "Uw antwoord is verstuurd." in after.text
    assert 'data-uitkomst="toegewezen"' in after.text
    assert "Antwoord versturen" not in after.text
    again = await timeline.post(action, data={**form, "uitkomst": "afgewezen"})
    assert again.status_code == 409, again.text
    assert "data-melding" in again.text

    log = await intake.get("/processing-log", params={"youth_id": youth},
                           headers=bearer("auditor"))  # fmt: skip
    calls = {
        (e["actor"], e["action"], e["result"])
        for e in log.json()
        if e["activity"] == "intake.verzoeken" and e["actor_role"] == "privacy_officer"
    }
    assert {(OFFICER, "lezen", "gelukt"), (OFFICER, "wijzigen", "gelukt")} <= calls


@pytest.mark.parametrize("role", ["regisseur", "auditor", "archivaris", "intake"])
async def test_no_other_role_may_read_or_answer_a_request(web, role):  # noqa: F811
    """Another role: the 403 page on the list and on the answer; intake records nothing."""
    intake, timeline, apps = web
    asking_intake(apps)
    youth, request_id = await a_request(intake)
    assert (await log_in(timeline, token(role, sub="medewerker-9"))).status_code == 303
    page = await timeline.get("/ui/jongeren", follow_redirects=True)

    listed = await timeline.get("/ui/verzoeken", params={"jongere": youth})
    answered = await timeline.post(
        f"/ui/verzoeken/{youth}/{request_id}/antwoord",
        data={"csrf": csrf_of(page.text), "uitkomst": "afgewezen"},
    )

    assert (listed.status_code, answered.status_code) == (403, 403)
    assert "Geen toegang" in listed.text
    assert WORDS not in listed.text
    assert 'href="/ui/verzoeken"' not in page.text  # not in their menu
    assert [r["state"] for r in await requests_of(intake, youth)] == ["open"]


async def test_a_bad_id_is_a_422_naming_it_and_signed_out_is_the_sign_in_form(web):  # noqa: F811
    """A youth id that is no UUID: 422 naming `jongere`; without a session: the login form."""
    _intake, timeline, apps = web
    asking_intake(apps)
    signed_out = await timeline.get("/ui/verzoeken")
    assert signed_out.status_code == 303
    assert signed_out.headers["location"].startswith("/ui/inloggen")
    assert (await log_in(timeline, token("privacy_officer", sub=OFFICER))).status_code == 303
    bad = await timeline.get("/ui/verzoeken", params={"jongere": "niet-een-kenmerk"})
    assert bad.status_code == 422
    assert "Vul het kenmerk van de jongere in" in bad.text
    assert 'href="#jongere"' in bad.text  # the summary names and links the field
    assert "Enter the young person" in bad.text


async def test_the_worklist_signal_links_the_privacy_officer_to_the_request(web):  # noqa: F811
    """`verzoek_betrokkene` on Signalen carries the link to answer it, for the officer."""
    intake, timeline, apps = web
    asking_intake(apps)
    youth, _ = await a_request(intake)
    assert (await log_in(timeline, token("privacy_officer", sub=OFFICER))).status_code == 303
    link = f'href="/ui/verzoeken?jongere={youth}"'
    signals = await eventually(lambda: timeline.get("/ui/signalen", params={"jongere": youth}),
                               lambda page: link in page.text)  # fmt: skip
    assert "Verzoek beantwoorden" in signals.text
