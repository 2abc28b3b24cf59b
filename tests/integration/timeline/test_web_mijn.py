"""Mijn regie, /mijn (issue 23): the young person's own pages over the real servers.

Intake and the timeline in-process; the timeline asks intake for the plan and the processing
log with the young person's own token, as it would over the network.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import httpx
import pytest

from services.timeline.web.audit.processing_sources import ProcessingLogs
from services.timeline.web.csrf import FIELD
from services.timeline.web.mijn.own_data import OwnData
from services.timeline.web.mijn.own_intake import OwnIntake
from services.timeline.web.plan_page import IntakePlans
from shared.auth import AuthSettings, mint_token
from shared.devstack.demo_contacts import DEMO_CONTACTS_JSON
from tests.integration.intake.test_plan_api import (
    DIRECTOR,
    TEXTS,
    TODAY,
    publish,
    youth_with_a_plan,
)
from tests.integration.timeline.test_web_plan import web  # noqa: F401 - the fixture
from tests.integration.timeline.web_session import csrf_of
from tests.support.apps import bearer, token
from tests.support.waiting import eventually

PAGES = (
    "/mijn/plan",
    "/mijn/verwerkingen",
    "/mijn/toestemming",
    "/mijn/verzoeken",
    "/mijn/mijn-mening",
)


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
    timeline_app.state.own_data = OwnData({"intake": "http://intake"}, client)


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


# -- Mijn mensen, Wat komt eraan, Mijn tijdlijn (items 2-4) ----------------------------------

OVERVIEW_PAGES = ("/mijn/mensen", "/mijn/wat-komt", "/mijn/tijdlijn")
SOON = (date.today() + timedelta(days=3)).isoformat()
COACH = "coach-pseudoniem-7"


@pytest.fixture
def contacts(monkeypatch):
    """The municipality's contacts, set before `web` builds the timeline's settings."""
    monkeypatch.setenv("TIMELINE_CONTACTS", DEMO_CONTACTS_JSON)


async def with_debts_and_coaching(endpoints, topic_prefix, youth: str) -> None:
    """A debt trajectory and a klantmanager, as those domains' relays publish them."""
    help_requested = {"trajectory_id": str(uuid.uuid4()), "requested_on": TODAY,
                      "crisis": False, "first_conversation_due": SOON}  # fmt: skip
    coach = {"coach_id": COACH, "kind": "klantmanager", "from_on": TODAY}
    await publish(topic_prefix, endpoints, youth,
                  ("nl.regie.debts.debt-help-requested", help_requested),
                  ("nl.regie.coaching.coach-assigned", coach))  # fmt: skip


async def own_reads(timeline, youth: str, activity: str) -> list[tuple[str, str, str]]:
    answer = await timeline.get("/processing-log", params={"youth_id": youth},
                                headers=bearer("auditor"))  # fmt: skip
    assert answer.status_code == 200, answer.text
    return [(e["actor_role"], e["grondslag"], e["result"]) for e in answer.json()
            if e["activity"] == activity]  # fmt: skip


async def test_my_people_are_my_regisseur_and_open_domains_workers_with_contacts(
    contacts,
    web,  # noqa: F811
    endpoints,
    topic_prefix,
):
    """Roles with the municipality's contacts, never a pseudonym; both services log avg_15."""
    intake, timeline, apps = web
    answering(apps)
    youth = await youth_with_a_plan(intake, exchange=[])
    await with_debts_and_coaching(endpoints, topic_prefix, youth)
    await signed_in_as(timeline, youth)

    page = await eventually(lambda: timeline.get("/mijn/mensen"),
                            lambda p: "Je klantmanager" in p.text)  # fmt: skip

    assert page.status_code == 200, page.text
    titles = re.findall(r'<h2 id="mens-\d+">([^<]+)</h2>', page.text)
    # Intake knows coaching is open, not by whom: both roles the municipality set show.
    assert titles == ["Je jongerenregisseur", "Je schuldhulpverlener", "Je coach",
                      "Je klantmanager"]  # fmt: skip
    assert "Jongerenteam Den Haag" in page.text
    assert 'href="tel:0703532000"' in page.text
    assert 'href="mailto:werkplein@denhaag.example"' in page.text
    assert page.text.count(f'Werkt met je sinds <time datetime="{TODAY}">') == 3
    assert DIRECTOR not in page.text
    assert COACH not in page.text
    assert 'aria-current="page">Mijn mensen' in page.text
    reads = [(e["actor_role"], e["grondslag"], e["result"]) for e in await log_of(intake, youth)
             if e["activity"] == "intake.betrokkenen"]  # fmt: skip
    assert set(reads) == {("jongere", "avg_15", "gelukt")}
    assert set(await own_reads(timeline, youth, "timeline.mijn_mensen")) == {
        ("jongere", "avg_15", "gelukt")
    }
    mine = {"Authorization": f"Bearer {young_token(youth)}"}
    other = await youth_with_a_plan(intake, exchange=[])
    assert (await intake.get(f"/youths/{other}/betrokkenen", headers=mine)).status_code == 404


async def test_what_is_coming_and_my_timeline_in_my_words_and_erased_shows_erased(
    web,  # noqa: F811
    endpoints,
    topic_prefix,
):
    """Soonest first, goals in my words, no codes; the timeline newest first; then erased."""
    intake, timeline, apps = web
    answering(apps)
    youth = await youth_with_a_plan(intake, exchange=[])
    await with_debts_and_coaching(endpoints, topic_prefix, youth)
    await signed_in_as(timeline, youth)

    coming = await eventually(lambda: timeline.get("/mijn/wat-komt"),
                              lambda p: "Je eerste gesprek over je schulden" in p.text)  # fmt: skip
    assert coming.status_code == 200, coming.text
    things = re.findall(r'<h2 id="komt-\d+">([^<]+)</h2>', coming.text)
    assert things[0] == "Je eerste gesprek over je schulden"
    assert things[1] == "Je plan samen bespreken"
    assert f"Je doel: {TEXTS['g-werk']}" in things
    assert f"Je doel: {TEXTS['g-geld']}" not in things  # reached at the review
    days = re.findall(r'<time datetime="([^"]+)"', coming.text)
    assert days == sorted(days)
    assert all(code not in coming.text for code in ("termijn_", "eerste_gesprek", "urgen"))

    page = await eventually(lambda: timeline.get("/mijn/tijdlijn"),
                            lambda p: "Geld en schulden" in p.text)  # fmt: skip
    assert page.status_code == 200, page.text
    assert "Jongerenregisseur toegewezen" in page.text
    assert "Toekomstplan vastgesteld: 4 doelen" in page.text
    assert '<a href="/mijn/verzoeken/gegevens">Al mijn gegevens</a>' in page.text  # everything
    # The plan's line opens its sealed goals in my own words (intake opens them for me alone).
    plan_line = page.text.split("Toekomstplan vastgesteld: 4 doelen", 1)[1].split("</li>", 1)[0]
    assert "<summary>Details</summary>" in plan_line
    assert TEXTS["g-werk"] in plan_line
    assert "enc:v1:" not in page.text
    assert "konden we nu niet ophalen" not in page.text
    assert DIRECTOR not in page.text
    assert COACH not in page.text
    days = re.findall(r'<time datetime="([^"]+)"', page.text)
    assert days == sorted(days, reverse=True)
    for activity in ("timeline.mijn_tijdlijn", "timeline.mijn_wat_komt"):
        # Before the timeline learnt of me a read is the 404 page, logged as refused.
        reads = set(await own_reads(timeline, youth, activity))
        assert ("jongere", "avg_15", "gelukt") in reads
        assert {(role, basis) for role, basis, _ in reads} == {("jongere", "avg_15")}

    erased = await intake.post(f"/youths/{youth}/erasure", json={"reason": "verzoek_art17"},
                               headers=bearer("privacy_officer"))  # fmt: skip
    assert erased.status_code == 200, erased.text
    after = await eventually(lambda: timeline.get("/mijn/tijdlijn"),
                             lambda p: "Deze gegevens zijn gewist." in p.text)  # fmt: skip
    assert "Persoonsgegevens vernietigd" in after.text
    assert "Toekomstplan vastgesteld" not in after.text
    assert TEXTS["g-werk"] not in after.text  # erased lines show no details
    # The deadlines close as each domain's reaction to the erasure arrives, apart from it.
    await eventually(lambda: timeline.get("/mijn/wat-komt"),
                     lambda p: "Er staat nu niets voor je klaar" in p.text)  # fmt: skip


async def test_the_overview_pages_refuse_professionals_and_ignore_another_youth(web):  # noqa: F811
    """A professional: the 403 page; signed out: the form; one not there: 404; another: mine."""
    intake, timeline, apps = web
    answering(apps)
    for path in OVERVIEW_PAGES:
        page = await timeline.get(path)
        assert (page.status_code, page.headers["location"]) == (303, "/mijn/inloggen")
    for role in ("regisseur", "auditor", "schuldhulpverlener"):
        timeline.cookies.set("regie_mijn", token(role, sub=DIRECTOR), path="/mijn")
        for path in OVERVIEW_PAGES:
            page = await timeline.get(path)
            assert page.status_code == 403, (role, path, page.text)
            assert "alleen voor jongeren" in page.text
    timeline.cookies.clear()
    await signed_in_as(timeline, str(uuid.uuid4()))  # a youth id that is not there
    for path in OVERVIEW_PAGES:
        page = await timeline.get(path)
        assert (page.status_code, "Niet gevonden" in page.text) == (404, True), path
    youth = await youth_with_a_plan(intake, exchange=[])
    other = await youth_with_a_plan(intake, exchange=["werk"])
    await signed_in_as(timeline, youth)
    await eventually(lambda: timeline.get("/mijn/tijdlijn"),
                     lambda p: "Toekomstplan vastgesteld" in p.text)  # fmt: skip
    for path in OVERVIEW_PAGES:
        page = await timeline.get(path, params={"jongere": other, "youth_id": other})
        assert page.status_code == 200, page.text
        assert other not in page.text
    bad = await timeline.get("/mijn/tijdlijn", params={"eerder": "niet-een-cursor"})
    assert bad.status_code == 422
    assert "eerder" in bad.text


# -- Mijn verzoeken (item 7: correction and erasure) ------------------------------------------


def asking_intake(apps) -> None:
    """Let the timeline's /mijn pages give intake the young person's own commands."""
    intake_app, timeline_app = apps
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=intake_app), timeout=5)
    timeline_app.state.own_intake = OwnIntake("http://intake", client)


async def test_my_request_goes_to_intake_in_my_name_and_onto_the_privacy_officer_s_worklist(
    web,  # noqa: F811
):
    """Sent once however often posted, shown with its deadline; a signal for the officer only."""
    intake, timeline, apps = web
    answering(apps)
    asking_intake(apps)
    youth = await youth_with_a_plan(intake, exchange=[])
    other = await youth_with_a_plan(intake, exchange=[])
    await signed_in_as(timeline, youth)
    empty = await timeline.get("/mijn/verzoeken")
    assert empty.status_code == 200, empty.text
    assert "Je hebt nog niets gevraagd." in empty.text
    form = {FIELD: csrf_of(empty.text), "soort": "correctie", "sleutel": "k-1",
            "tekst": "Mijn adres klopt niet.", "youth_id": other}  # fmt: skip

    sent = [await timeline.post("/mijn/verzoeken", data=form) for _ in range(2)]
    bare = await timeline.post("/mijn/verzoeken", data=form | {"tekst": " ", "sleutel": "k-2"})
    odd = await timeline.post("/mijn/verzoeken", data=form | {"soort": "inzage", "sleutel": "k-3"})

    assert [(s.status_code, s.headers["location"]) for s in sent] == [
        (303, "/mijn/verzoeken?verstuurd=1")
    ] * 2
    assert (bare.status_code, odd.status_code) == (422, 422)
    assert "veld: tekst" in bare.text
    assert "veld: soort" in odd.text
    page = await timeline.get("/mijn/verzoeken", params={"verstuurd": 1})
    assert "Je verzoek is verstuurd." in page.text
    assert page.text.count("Iets in je gegevens verbeteren</h3>") == 1
    assert "Mijn adres klopt niet." in page.text
    assert "We zijn ermee bezig." in page.text
    officer = bearer("privacy_officer", sub="privacy-1")
    mine = (await intake.get(f"/youths/{youth}/subject-requests", headers=officer)).json()
    assert [i["kind"] for i in mine["items"]] == ["correctie"]
    theirs = await intake.get(f"/youths/{other}/subject-requests", headers=officer)
    assert theirs.json()["items"] == []
    log = await log_of(intake, youth)
    assert ("jongere", "aanmaken", "gelukt") in {
        (e["actor_role"], e["action"], e["result"]) for e in log
        if e["activity"] == "intake.verzoeken"
    }  # fmt: skip

    worklist = await eventually(
        lambda: timeline.get("/signals", params={"youth": youth}, headers=officer),
        lambda a: any(s["kind"] == "verzoek_betrokkene" for s in a.json()["items"]),
    )
    [signal] = [s for s in worklist.json()["items"] if s["kind"] == "verzoek_betrokkene"]
    assert signal["explanation"].startswith("De jongere vraagt om correctie van gegevens")
    assert signal["due_on"] == mine["items"][0]["due_on"]
    regisseur = await timeline.get("/signals", params={"youth": youth},
                                   headers=bearer("regisseur", sub=DIRECTOR))  # fmt: skip
    assert all(not s["kind"].startswith("verzoek") for s in regisseur.json()["items"])


async def test_my_say_is_recorded_by_intake_and_counts_in_the_protected_report(web):  # noqa: F811
    """Mijn mening over the real servers: the form, intake's event, the report's figure.

    A bad field is a 422 page naming it and records nothing; a rating reaches the timeline's
    report: exact for the auditor, "<5" for the regisseur.
    """
    intake, timeline, apps = web
    intake_app, timeline_app = apps
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=intake_app), timeout=5)
    timeline_app.state.own_intake = OwnIntake("http://intake", client)
    youth = await youth_with_a_plan(intake, exchange=[])
    await signed_in_as(timeline, youth)
    form = await timeline.get("/mijn/mijn-mening")
    assert form.status_code == 200, form.text
    sent = {FIELD: csrf_of(form.text), "sleutel": "een-keer"}

    bad = await timeline.post("/mijn/mijn-mening", data={**sent, "over": "contact", "cijfer": "7"})
    said = {**sent, "over": "programma", "programma": "jpf", "cijfer": "4",
            "woorden": "Fijn dat ik mocht meepraten."}  # fmt: skip
    given = await timeline.post("/mijn/mijn-mening", data=said)
    again = await timeline.post("/mijn/mijn-mening", data=said)  # a double click records once

    assert bad.status_code == 422
    assert "Kies een cijfer van 1 tot en met 5." in bad.text
    assert (given.status_code, given.headers["location"]) == (303, "/mijn/mijn-mening?bedankt=1")
    assert again.status_code == 303
    log = await log_of(intake, youth)
    assert [(e["actor_role"], e["result"]) for e in log if e["activity"] == "intake.mening"] == [
        ("jongere", "gelukt"), ("jongere", "gelukt"),
    ]  # fmt: skip
    month = TODAY[:7]
    query = {"from": month, "until": month}

    def rated(answer) -> list[dict]:
        return [t for t in answer.json()["satisfaction"] if t["programma"] == "jpf"]

    exact = await eventually(
        lambda: timeline.get("/reports", params=query, headers=bearer("auditor")),
        lambda r: rated(r) != [],
    )
    assert rated(exact) == [{"about": "programma", "programma": "jpf", "given": 1,
                             "ratings": {"1": 0, "2": 0, "3": 0, "4": 1, "5": 0}}]  # fmt: skip
    protected = await timeline.get("/reports", params=query, headers=bearer("regisseur"))
    assert [(t["given"], t["ratings"]["4"]) for t in rated(protected)] == [("<5", "<5")]
