"""Mijn regie, /mijn (issue 23): the young person's own pages over the real servers.

Intake and the timeline in-process; the timeline asks intake for the plan and the processing
log with the young person's own token, as it would over the network.
"""

from __future__ import annotations

import re
import uuid

import httpx
import pytest

from services.timeline.web.audit.processing_sources import ProcessingLogs
from services.timeline.web.csrf import FIELD
from services.timeline.web.plan_page import IntakePlans
from shared.auth import AuthSettings, mint_token
from tests.integration.intake.test_plan_api import DIRECTOR, TEXTS, youth_with_a_plan
from tests.integration.timeline.test_web_plan import web  # noqa: F401 - the fixture
from tests.integration.timeline.web_session import csrf_of
from tests.support.apps import bearer, token

PAGES = ("/mijn/plan", "/mijn/verwerkingen", "/mijn/toestemming")


def young_token(youth: str, gemeente: str = "0518") -> str:
    return mint_token(AuthSettings(), subject=f"jongere-{youth[:8]}", roles=["jongere"],
                      gemeentecode=gemeente, youth_id=youth)  # fmt: skip


def answering(apps) -> None:
    """Let the timeline reach the in-process intake for plans and processing logs."""
    intake_app, timeline_app = apps
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=intake_app), timeout=5)
    timeline_app.state.intake_plans = IntakePlans("http://intake", client)
    own = ("timeline", timeline_app.state.processing_log)
    timeline_app.state.processing_logs = ProcessingLogs(own, {"intake": "http://intake"}, client)


async def log_in(client, token_text: str):
    form = await client.get("/mijn/inloggen", follow_redirects=True)
    return await client.post(
        "/mijn/inloggen", data={"token": token_text, FIELD: csrf_of(form.text)}
    )


async def signed_in_as(client, youth: str) -> None:
    answer = await log_in(client, young_token(youth))
    assert (answer.status_code, answer.headers.get("location")) == (303, "/mijn/plan")


async def log_of(intake, youth: str) -> list[dict]:
    answer = await intake.get("/processing-log", params={"youth_id": youth},
                              headers=bearer("auditor"))  # fmt: skip
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_my_plan_shows_my_goals_in_my_own_words_and_the_read_is_logged(web):  # noqa: F811
    """Every goal with its text (health too), helper, date and status in plain Dutch."""
    intake, timeline, apps = web
    answering(apps)
    youth = await youth_with_a_plan(intake, exchange=[])
    await signed_in_as(timeline, youth)

    page = await timeline.get("/mijn/plan")

    assert page.status_code == 200, page.text
    assert all(text in page.text for text in TEXTS.values())
    assert "woonconsulent-3" in page.text
    assert '<time datetime="2027-09-01">1 september 2027</time>' in page.text
    assert ">Bezig<" in page.text
    assert ">Gelukt<" in page.text
    assert re.search(r'<main id="inhoud"', page.text)
    assert "<h1>Mijn plan</h1>" in page.text
    assert 'name="viewport"' in page.text
    assert 'lang="nl"' in page.text
    reads = [
        e
        for e in await log_of(intake, youth)
        if (e["activity"], e["action"]) == ("intake.toekomstplan", "lezen")
    ]
    assert [(e["actor_role"], e["grondslag"], e["result"]) for e in reads] == [
        ("jongere", "avg_15", "gelukt")
    ]


async def test_who_looked_at_my_data_lists_every_service_newest_first_in_plain_words(web):  # noqa: F811
    """The regisseur shows as a role, never a pseudonym; my own reads as 'Jij'; logged."""
    intake, timeline, apps = web
    answering(apps)
    youth = await youth_with_a_plan(intake, exchange=[])
    await signed_in_as(timeline, youth)
    await timeline.get("/mijn/plan")

    page = await timeline.get("/mijn/verwerkingen")

    assert page.status_code == 200, page.text
    assert DIRECTOR not in page.text
    assert "Je jongerenregisseur" in page.text
    assert "Aanmelding en plan" in page.text
    assert "Je hebt het recht je eigen gegevens te zien." in page.text
    whens = re.findall(r'<time datetime="([^"]+)"', page.text)
    assert whens == sorted(whens, reverse=True)
    assert len(whens) >= 5
    assert page.text.index("Jij</span> bekeek") < page.text.index("Je jongerenregisseur")
    entries = await log_of(intake, youth)
    assert {(e["actor_role"], e["grondslag"]) for e in entries
            if e["activity"] == "verwerkingslog.inzien"} == {("jongere", "avg_15")}  # fmt: skip
    own = await timeline.get("/processing-log", params={"youth_id": youth},
                             headers=bearer("auditor"))  # fmt: skip
    [read] = [e for e in own.json() if e["activity"] == "timeline.mijn_verwerkingen"]
    assert (read["actor_role"], read["grondslag"], read["result"]) == (
        "jongere",
        "avg_15",
        "gelukt",
    )


async def test_another_youth_id_is_not_there_on_every_route(web):  # noqa: F811
    """No page takes a youth id; each answers the 404 of one not there when it is not theirs.

    A token naming someone not there gets the 404 page, the services behind the pages answer
    another youth id with the same 404, and an id in the address changes nothing.
    """
    intake, timeline, apps = web
    answering(apps)
    youth = await youth_with_a_plan(intake, exchange=[])
    other = await youth_with_a_plan(intake, exchange=["werk"])
    await signed_in_as(timeline, str(uuid.uuid4()))  # a youth id that is not there

    plan = await timeline.get("/mijn/plan")
    assert plan.status_code == 404
    assert "Niet gevonden" in plan.text
    assert all(text not in plan.text for text in TEXTS.values())
    mine = {"Authorization": f"Bearer {young_token(youth)}"}
    for service in (intake, timeline):
        log = await service.get("/processing-log", params={"youth_id": other}, headers=mine)
        assert log.status_code == 404, log.text
        assert log.json()["detail"] == {"nl": "Onbekende jongere", "en": "Unknown young person"}
    assert (await intake.get(f"/youths/{other}/plan", headers=mine)).status_code == 404
    await signed_in_as(timeline, youth)
    for path in PAGES:  # a youth id in the address changes nothing: still only my own
        page = await timeline.get(path, params={"jongere": other, "youth_id": other})
        assert page.status_code == 200, page.text
        assert other not in page.text


@pytest.mark.parametrize("role", ["regisseur", "auditor", "privacy_officer"])
async def test_a_professional_gets_no_mijn_page(web, role):  # noqa: F811
    """Signing in with a professional's token is refused; their /ui cookie opens nothing."""
    _intake, timeline, apps = web
    answering(apps)
    refused = await log_in(timeline, token(role, sub=DIRECTOR))
    assert refused.status_code == 403
    assert "alleen voor jongeren" in refused.text
    assert "regie_mijn" not in refused.headers.get("set-cookie", "")
    timeline.cookies.set("regie_mijn", token(role, sub=DIRECTOR), path="/mijn")
    for path in PAGES:
        page = await timeline.get(path)
        assert page.status_code == 403, page.text
        assert "alleen voor jongeren" in page.text


async def test_signed_out_the_pages_send_to_the_sign_in_form(web):  # noqa: F811
    """No cookie: to /mijn/inloggen, never a page or a 5xx."""
    _intake, timeline, _apps = web
    for path in PAGES:
        page = await timeline.get(path)
        assert (page.status_code, page.headers["location"]) == (303, "/mijn/inloggen")


async def test_a_consent_choice_not_on_the_page_is_a_422_naming_the_field(web):  # noqa: F811
    """A purpose or life domain the form does not offer: refused before intake is asked."""
    intake, timeline, apps = web
    answering(apps)
    youth = await youth_with_a_plan(intake, exchange=[])
    await signed_in_as(timeline, youth)
    form = await timeline.get("/mijn/plan")
    sent = {FIELD: csrf_of(form.text)}

    check, confirm = "/mijn/toestemming/controleren", "/mijn/toestemming/bevestigen"
    purpose = await timeline.post(check, data={**sent, "doel": "alles", "leefgebied": "wonen"})
    domain = await timeline.post(confirm, data={**sent, "doel": "tijdlijn_delen", "geven": "maan"})

    assert (purpose.status_code, domain.status_code) == (422, 422)
    assert "veld: doel" in purpose.text
    assert "veld: geven" in domain.text
    dossier = await intake.get(f"/youths/{youth}", headers=bearer("intake"))
    assert dossier.json()["consents"] == {}
