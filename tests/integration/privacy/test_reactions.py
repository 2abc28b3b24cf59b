"""Policies 5 and 6 over the real servers: intake's erasure and consent reach every domain.

Intake and the timeline (the `platform` fixture) plus debts, housing and coaching in-process,
each with its own schema, consumer groups and the test's topic prefix.
"""

from __future__ import annotations

import contextlib
import json
import re
import uuid
from datetime import date, timedelta

import httpx
import pytest

from services.coaching.bootstrap import create_app as create_coaching
from services.coaching.settings import CoachingSettings
from services.debts.bootstrap import create_app as create_debts
from services.debts.handlers import execute as debts_execute
from services.debts.policies import POLICIES as DEBTS_POLICIES
from services.debts.settings import DebtsSettings
from services.housing.bootstrap import create_app as create_housing
from services.housing.settings import HousingSettings
from services.timeline.web.audit.vernietigingslijst_page import IntakeDestruction
from services.timeline.web.mijn.own_data import OwnData
from services.timeline.web.mijn.own_intake import OwnIntake
from shared.command_pipeline import Dependencies
from shared.envelope import CloudEvent
from shared.eventstore import PostgresEventStore
from shared.eventstore.verify import verify_events
from shared.kafka import dead_letter_topic
from shared.personal_data import ERASED
from shared.policy import Reactions
from tests.integration.timeline.test_web_mijn import log_in as mijn_log_in
from tests.integration.timeline.test_web_mijn import young_token
from tests.integration.timeline.web_session import csrf_of, log_in, post_form
from tests.support.apps import bearer, platform_settings, serve, token
from tests.support.cloudevents import Publisher, cloud_event
from tests.support.kafka import read_records
from tests.support.waiting import eventually

DAY = date.today().isoformat()
SERVICES = ("debts", "housing", "coaching")
CONFIRMED = "erasure-confirmed"


@pytest.fixture
async def domains(platform, endpoints, topic_prefix):
    """Intake, the timeline and the three domains with their policies running."""
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    p = topic_prefix
    apps = {
        "debts": create_debts(settings, DebtsSettings(
            schema_name=f"{p}_debts", trajectories_group=f"{p}-debts",
            policies_group=f"{p}-debts-policies")),
        "housing": create_housing(settings, HousingSettings(
            schema_name=f"{p}_housing", situations_group=f"{p}-housing",
            policies_group=f"{p}-housing-policies")),
        "coaching": create_coaching(settings, CoachingSettings(
            schema_name=f"{p}_coaching", states_group=f"{p}-coaching",
            policies_group=f"{p}-coaching-policies")),
    }  # fmt: skip
    intake, timeline, _ = platform
    async with contextlib.AsyncExitStack() as stack:
        clients = {n: await stack.enter_async_context(serve(a)) for n, a in apps.items()}
        yield {"intake": intake, "timeline": timeline, **clients}, apps


async def post(client, path, body, role):
    """A command that must succeed; retried while the domain has not yet learnt the registration.

    A domain knows a young person once its consumer read intake's event; on a starved machine
    that took 17 s once, past the service's own brief wait. Its 404 asks to try again.
    """
    answer = await eventually(
        lambda: client.post(path, json=body, headers=bearer(role)),
        lambda a: not (a.status_code == 404 and "nog niet" in a.text),
    )
    assert answer.status_code in {200, 201}, answer.text
    return answer.json()


async def register(intake, *, director: str | None = None) -> str:
    youth = await post(
        intake, "/youths",
        {"gemeentecode": "0518", "programma": "jpf", "full_name": "Noor Vertrouwelijk",
         "date_of_birth": "2003-02-01"},
        "intake",
    )  # fmt: skip
    youth_id = youth["youth_id"]
    if director:
        body = {"director_id": director, "from_on": DAY}
        await post(intake, f"/youths/{youth_id}/director", body, "intake")
    return youth_id


async def personal_data_everywhere(c, youth_id: str) -> None:
    """Sealed fields in each domain: a creditor and amount, an address, a goal text."""
    y = f"/youths/{youth_id}"
    await post(c["debts"], f"{y}/debt-help", {"requested_on": DAY}, "schuldhulpverlener")
    debt = {"debt_id": "d1", "creditor_type": "overig", "creditor_name": "Incasso Geheim BV",
            "amount": 1234, "recorded_on": DAY}  # fmt: skip
    await post(c["debts"], f"{y}/debts", debt, "schuldhulpverlener")
    homeless = {"situation": "thuisloos_bankslapen", "since": DAY, "registered_on": DAY}
    await post(c["housing"], f"{y}/homelessness", homeless, "woonconsulent")
    address = {"address": "Geheimstraat 1, Den Haag", "arranged_on": DAY}
    await post(c["housing"], f"{y}/postal-address", address, "woonconsulent")
    coach = {"coach_id": "coach-1", "kind": "klantmanager", "from_on": DAY}
    await post(c["coaching"], f"{y}/coaches", coach, "coach")
    goal = {"goal_id": "g1", "leefgebied": "werk", "text": "Een baan bij de bakker", "set_on": DAY}
    await post(c["coaching"], f"{y}/goals", goal, "coach")


async def my_timeline_opens_my_details(mijn, other: str) -> None:
    """Mijn tijdlijn opens its lines' sealed details, the registration's name among them.

    From the domains' answers, as the download: nobody else's, and no empty field.
    """
    line = await eventually(
        lambda: mijn.get("/mijn/tijdlijn"), lambda p: "Noor Vertrouwelijk" in p.text
    )
    registered = line.text.split("Ingeschreven voor", 1)[1].split("</li>", 1)[0]
    assert "<summary>Details</summary>" in registered
    assert "<dd>Noor Vertrouwelijk</dd>" in registered
    assert "<dd>—</dd>" not in line.text
    assert "Andere Schuldeiser" not in line.text
    assert other not in line.text


async def stream_of(pool, schema: str, stream: str):
    return await PostgresEventStore(pool, schema).load(stream)


async def confirmations(pool, prefix: str, service: str, youth_id: str):
    recorded = await stream_of(pool, f"{prefix}_{service}", f"{service}-{youth_id}")
    return [r for r in recorded if r.event_type.endswith(CONFIRMED)]


async def erasure_event_id(pool, prefix: str, youth_id: str) -> str:
    recorded = await stream_of(pool, f"{prefix}_intake", f"youth-{youth_id}")
    [erasure] = [r for r in recorded if r.event_type.endswith("personal-data-erased")]
    return str(erasure.event_id)


async def test_intake_erasure_is_confirmed_by_every_domain_and_shows_complete(
    domains, pool, topic_prefix
):
    """Each domain records one confirmation caused by the erasure, then its data reads erased."""
    c, _ = domains
    youth_id = await register(c["intake"])
    await personal_data_everywhere(c, youth_id)
    shown = (await c["debts"].get(f"/youths/{youth_id}/debts",
                                  headers=bearer("schuldhulpverlener"))).json()  # fmt: skip
    assert shown["debts"][0]["creditor_name"] == "Incasso Geheim BV"

    await post(c["intake"], f"/youths/{youth_id}/erasure", {"reason": "verzoek_art17"},
               "privacy_officer")  # fmt: skip
    erasure = await erasure_event_id(pool, topic_prefix, youth_id)

    for service in SERVICES:
        found = await eventually(
            lambda s=service: confirmations(pool, topic_prefix, s, youth_id), lambda f: len(f) == 1
        )
        assert found[0].metadata.causation_id == erasure
        assert found[0].metadata.actor == f"beleid.{service}.erasure"
    debts = await eventually(
        lambda: c["debts"].get(f"/youths/{youth_id}/debts", headers=bearer("schuldhulpverlener")),
        lambda r: r.json()["debts"][0]["creditor_name"] == ERASED,
    )
    assert debts.json()["debts"][0]["amount"] == ERASED
    housing = await c["housing"].get(f"/youths/{youth_id}/housing", headers=bearer("woonconsulent"))
    assert housing.json()["addresses"]["briefadres"] == ERASED
    coaching = await c["coaching"].get(f"/youths/{youth_id}/coaching", headers=bearer("coach"))
    assert [g["text"] for g in coaching.json()["goals"]] == [ERASED]

    refused = await c["housing"].post(
        f"/youths/{youth_id}/postal-address",
        json={"address": "Nieuwstraat 2", "arranged_on": DAY}, headers=bearer("woonconsulent"),
    )  # fmt: skip
    assert refused.status_code == 409, refused.text
    async with pool.acquire() as conn:
        for service in SERVICES:
            assert await verify_events(conn, f"{topic_prefix}_{service}") == []

    status = await eventually(
        lambda: c["timeline"].get(f"/youths/{youth_id}/erasure", headers=bearer("auditor")),
        lambda r: r.status_code == 200 and r.json()["complete"],
    )
    body = status.json()
    assert body["expected"] == ["coaching", "debts", "housing"]
    assert {x["domain"]: x["causation_id"] for x in body["confirmed"]} == dict.fromkeys(
        ["coaching", "debts", "housing"], erasure
    )
    entries = (await c["timeline"].get(f"/youths/{youth_id}/timeline",
                                       headers=bearer("auditor"))).json()["entries"]  # fmt: skip
    confirmed = [e for e in entries if e["headline"].startswith("Vernietiging bevestigd door")]
    assert sorted(e["headline"] for e in confirmed) == [
        "Vernietiging bevestigd door begeleiding",
        "Vernietiging bevestigd door schuldhulp",
        "Vernietiging bevestigd door wonen",
    ]
    assert {e["caused_by"] for e in confirmed} == {erasure}
    forbidden = await c["timeline"].get(f"/youths/{youth_id}/erasure", headers=bearer("intake"))
    assert forbidden.status_code == 403


@pytest.fixture
def one_year_in_0518(monkeypatch):
    """Intake keeps 0518's young people one year after care ends (set before it starts)."""
    monkeypatch.setenv("INTAKE_RETENTION_YEARS", '{"0518": 1}')


async def debts_trajectory(pool, prefix: str, youth_id: str):
    """Intake's read model of the young person's debts trajectory: open or not, since when."""
    return await pool.fetchrow(
        f"SELECT open, since FROM {prefix}_intake.youth_involvement"
        " WHERE youth_id = $1 AND domain = 'debts'",
        uuid.UUID(youth_id),
    )


async def left_two_years_ago(intake, youth_id: str) -> None:
    ago = date.today() - timedelta(days=3 * 365)
    y = f"/youths/{youth_id}"
    await post(
        intake, f"{y}/enrolments", {"programma": "jpf", "start_on": ago.isoformat()}, "intake"
    )
    left = {"programma": "jpf", "reason": "doel_bereikt", "destination": "werk",
            "exit_on": (ago + timedelta(days=365)).isoformat()}  # fmt: skip
    await post(intake, f"{y}/exits", left, "intake")


async def test_past_retention_is_destroyed_only_on_approval_and_never_with_a_trajectory_open(  # noqa: PLR0915 - one story, the done-when
    one_year_in_0518, domains, platform, pool, topic_prefix
):
    """The done-when of issue 20 item 3, over the real servers.

    Left two years ago with one year set: on the list. Another, with debt help still open, is
    never on it. Held back, the approval is refused and nothing is destroyed; released and
    approved on the web view's Vernietigingslijst, intake erases, every domain confirms, the
    chains verify, no plaintext is left and the declaration (json and csv) names who approved
    and which domains confirmed.
    """
    c, _ = domains
    archivist = bearer("archivaris", sub="archivaris-1")
    done, in_debts = await register(c["intake"]), await register(c["intake"])
    address = {"address": "Archiefstraat 1, Den Haag", "arranged_on": DAY}
    await post(c["housing"], f"/youths/{done}/postal-address", address, "woonconsulent")
    for youth in (in_debts, done):  # jpf's debt help (a policy) closes with the exit
        await left_two_years_ago(c["intake"], youth)
    closed = {  # the policy's debt help opened with jpf, closed on the exit
        youth: await eventually(
            lambda y=youth: debts_trajectory(pool, topic_prefix, y), lambda r: r and not r["open"]
        )
        for youth in (done, in_debts)
    }
    await post(c["debts"], f"/youths/{in_debts}/debt-help", {"requested_on": DAY},
               "schuldhulpverlener")  # fmt: skip
    await eventually(  # debt help again, after the exit: a trajectory open
        lambda: debts_trajectory(pool, topic_prefix, in_debts),
        lambda r: r["open"] and r["since"] == date.today(),
    )
    listed = await eventually(
        lambda: c["intake"].get("/destruction-list", headers=archivist),
        lambda r: [e["youth_id"] for e in r.json()["items"]] == [done],
    )
    [entry] = listed.json()["items"]
    assert (entry["retention_years"], entry["held_on"]) == (1, None)
    assert entry["care_ended_on"] == closed[done]["since"].isoformat()
    refused = await c["intake"].post(f"/youths/{in_debts}/destruction-approval", headers=archivist)
    assert refused.status_code == 409, refused.text

    hold = {"reason": "Bezwaar tegen de vernietiging loopt"}
    await post(c["intake"], f"/youths/{done}/destruction-hold", hold, "archivaris")
    await eventually(  # the list shows the hold (its read model)
        lambda: c["intake"].get("/destruction-list", headers=archivist),
        lambda r: [e["held_on"] for e in r.json()["items"]] == [date.today().isoformat()],
    )
    held = await c["intake"].post(f"/youths/{done}/destruction-approval", headers=archivist)
    assert held.status_code == 409, held.text
    assert "aangehouden" in held.text
    housing = await c["housing"].get(f"/youths/{done}/housing", headers=bearer("woonconsulent"))
    assert housing.json()["addresses"]["briefadres"] == address["address"]

    # The rest in the web view, as the archivist does it: the page asks intake with their token.
    _, web, timeline_app = platform
    timeline_app.state.intake_destruction = IntakeDestruction("http://intake", c["intake"])
    assert (await log_in(web, token("archivaris", sub="archivaris-1"))).status_code == 303
    shown = await web.get("/ui/vernietigingslijst")
    assert shown.status_code == 200, shown.text
    assert f'data-jongere="{done}" data-status="aangehouden"' in shown.text
    assert in_debts not in shown.text
    page = "/ui/vernietigingslijst"
    released = await post_form(web, f"{page}/{done}/vrijgeven", {}, page=page)
    assert released.status_code == 303, released.text
    approved = await post_form(web, f"{page}/{done}/goedkeuren", {}, page=page)
    assert approved.status_code == 303, approved.text
    recorded = await stream_of(pool, f"{topic_prefix}_intake", f"youth-{done}")
    kinds = [r.event_type.rsplit(".", 1)[-1] for r in recorded]
    assert kinds[-1] == "personal-data-erased"  # (a nazorg timer may append in between)
    assert kinds.count("destruction-approved") == 1
    erasure = await erasure_event_id(pool, topic_prefix, done)
    for service in SERVICES:
        found = await eventually(
            lambda s=service: confirmations(pool, topic_prefix, s, done), lambda f: len(f) == 1
        )
        assert found[0].metadata.causation_id == erasure
    housing = await eventually(
        lambda: c["housing"].get(f"/youths/{done}/housing", headers=bearer("woonconsulent")),
        lambda r: r.json()["addresses"]["briefadres"] == ERASED,
    )
    async with pool.acquire() as conn:
        for service in ("intake", *SERVICES):
            assert await verify_events(conn, f"{topic_prefix}_{service}") == []
    declared = await eventually(
        lambda: c["intake"].get("/destruction-declarations", headers=archivist),
        lambda r: r.json() and r.json()[0]["confirmed_by"] == ["coaching", "debts", "housing"],
    )
    [declaration] = declared.json()
    assert (declaration["youth_id"], declaration["approved_by"]) == (done, "archivaris-1")
    assert declaration["erased_on"] == date.today().isoformat()
    exported = await c["intake"].get("/destruction-declarations?format=csv", headers=archivist)
    assert exported.headers["content-type"].startswith("text/csv")
    assert f"{done}," in exported.text
    assert "coaching debts housing" in exported.text
    await eventually(  # destroyed: off the list
        lambda: c["intake"].get("/destruction-list", headers=archivist),
        lambda r: r.json()["items"] == [],
    )


async def test_a_young_person_a_domain_never_heard_of_is_confirmed_as_holding_nothing(
    domains, pool, topic_prefix
):
    """Confirmed anyway; and new personal data for them is refused from then on."""
    c, _ = domains
    youth_id = await register(c["intake"])
    await post(c["intake"], f"/youths/{youth_id}/erasure", {"reason": "verzoek_art17"},
               "privacy_officer")  # fmt: skip
    for service in SERVICES:
        await eventually(
            lambda s=service: confirmations(pool, topic_prefix, s, youth_id), lambda f: len(f) == 1
        )
    refused = await c["coaching"].post(
        f"/youths/{youth_id}/coaches", json={"coach_id": "c-9", "kind": "klantmanager",
                                             "from_on": DAY}, headers=bearer("coach"),
    )  # fmt: skip
    assert refused.status_code == 201  # no personal data in an assignment
    goal = {"goal_id": "g1", "leefgebied": "werk", "text": "Geheim doel", "set_on": DAY}
    refused = await c["coaching"].post(f"/youths/{youth_id}/goals", json=goal,
                                       headers=bearer("coach"))  # fmt: skip
    assert refused.status_code == 409, refused.text
    status = await eventually(
        lambda: c["timeline"].get(f"/youths/{youth_id}/erasure", headers=bearer("auditor")),
        lambda r: r.status_code == 200 and r.json()["complete"],
    )
    assert status.json()["missing"] == []


class CrashingSealer:
    """The app's sealer, except that destroying the key fails once: a crash in between."""

    def __init__(self, sealer) -> None:
        """Wrap the app's sealer."""
        self._sealer = sealer
        self.crashed = False

    def __getattr__(self, name):
        """Everything else as the app's sealer does it."""
        return getattr(self._sealer, name)

    async def erase(self, subject, reason, actor):
        """Fail the first time, as a crash would."""
        if not self.crashed:
            self.crashed = True
            raise ConnectionResetError("crash between recording and destroying")
        await self._sealer.erase(subject, reason, actor)


async def test_duplicates_and_a_crash_between_record_and_destroy_confirm_once(
    domains, pool, topic_prefix, endpoints
):
    """A redelivered trigger finishes the interrupted erasure and records nothing twice."""
    c, apps = domains
    youth_id = await register(c["intake"])
    await personal_data_everywhere(c, youth_id)
    state = apps["debts"].state
    trigger = cloud_event(
        "nl.regie.intake.personal-data-erased", youth_id,
        {"youth_id": youth_id, "reason": "verzoek_art17", "erased_on": DAY},
    )  # fmt: skip
    crashing = CrashingSealer(state.sealer)
    deps = Dependencies(state.store, crashing, state.clock)
    reactions = Reactions("test-crash", DEBTS_POLICIES, debts_execute, deps, service="debts")
    async with pool.acquire() as conn:
        with pytest.raises(ConnectionResetError):
            await reactions.apply(conn, [trigger])  # recorded, key still there
        assert len(await confirmations(pool, topic_prefix, "debts", youth_id)) == 1
        assert await state.keys.for_reading(youth_id) is not None
        await reactions.apply(conn, [trigger])  # the redelivery after the crash
        await reactions.apply(conn, [trigger])  # and a plain duplicate
    assert len(await confirmations(pool, topic_prefix, "debts", youth_id)) == 1
    assert await state.keys.is_erased(youth_id)
    assert await state.keys.for_reading(youth_id) is None

    # The same trigger twice on intake's topic: the running policies confirm once.
    publisher = Publisher(endpoints.kafka_bootstrap, topic_prefix)
    other = await register(c["intake"])
    message = publisher.event(
        "nl.regie.intake.personal-data-erased", other,
        {"reason": "verzoek_art17", "erased_on": DAY}, event_id=uuid.uuid4(),
    )  # fmt: skip
    await publisher.publish(message, message)
    found = await eventually(
        lambda: confirmations(pool, topic_prefix, "coaching", other), lambda f: len(f) == 1
    )
    assert len(found) == 1


async def test_withdrawn_consent_flags_new_events_and_the_timeline_keeps_them_redacted(
    domains, pool, topic_prefix, endpoints
):
    """Withdrawn: debts says `delen: nee`; consent given again resumes, old entries stay hidden."""
    c, _ = domains
    youth_id = await register(c["intake"], director="medewerker-1")
    y = f"/youths/{youth_id}"
    consent = {"purpose": "tijdlijn_delen", "leefgebieden": ["financien"], "given_on": DAY}
    await post(c["intake"], f"{y}/consents", consent, "intake")
    await post(c["intake"], f"{y}/consent-withdrawals",
               {"purpose": "tijdlijn_delen", "withdrawn_on": DAY}, "intake")  # fmt: skip
    debts_stream = f"debts-{youth_id}"
    stopped = await eventually(
        lambda: stream_of(pool, f"{topic_prefix}_debts", debts_stream), lambda s: len(s) == 1
    )
    assert stopped[0].event_type == "nl.regie.debts.timeline-sharing-stopped"
    await post(c["debts"], f"{y}/debt-help", {"requested_on": DAY}, "schuldhulpverlener")
    recorded = await stream_of(pool, f"{topic_prefix}_debts", debts_stream)
    assert recorded[-1].metadata.extensions["delen"] == "nee"
    records = await read_records(
        endpoints.kafka_bootstrap, f"{topic_prefix}.debts.events", at_least=2
    )
    published = [CloudEvent.model_validate_json(r.value) for r in records]
    help_requested = next(e for e in published if e.type.endswith("debt-help-requested"))
    assert help_requested.model_extra["delen"] == "nee"

    await post(c["intake"], f"{y}/consents", consent, "intake")  # given again
    await eventually(
        lambda: stream_of(pool, f"{topic_prefix}_debts", debts_stream), lambda s: len(s) == 3
    )
    await post(c["debts"], f"{y}/debts", {"debt_id": "d1", "creditor_type": "zorg",
               "creditor_name": "Zorgverzekeraar", "amount": 10, "recorded_on": DAY},
               "schuldhulpverlener")  # fmt: skip
    await post(c["debts"], f"{y}/inventory", {"total": 10, "completed_on": DAY},
               "schuldhulpverlener")  # fmt: skip
    latest = (await stream_of(pool, f"{topic_prefix}_debts", debts_stream))[-1]
    assert "delen" not in latest.metadata.extensions

    director = bearer("regisseur")
    seen = await eventually(
        lambda: c["timeline"].get(f"{y}/timeline", headers=director),
        lambda r: len([e for e in r.json()["entries"] if e["domain"] == "debts"]) == 2,
    )
    debt_entries = [e for e in seen.json()["entries"] if e["domain"] == "debts"]
    assert [(e["headline"], e["redacted"]) for e in debt_entries] == [
        ("afgeschermd", True),
        ("Schuldenoverzicht vastgesteld (1 schuldeiser)", False),
    ]
    audited = (await c["timeline"].get(f"{y}/timeline", headers=bearer("auditor"))).json()
    assert "Schuldhulp aangevraagd" in [e["headline"] for e in audited["entries"]]
    summary = (await c["timeline"].get(f"{y}/summary", headers=director)).json()
    assert [d["redacted"] for d in summary["domains"] if d["domain"] == "debts"] == [False]


async def test_a_young_person_withdraws_sharing_a_domain_and_the_regisseur_sees_it_change(
    domains, platform
):
    """Mijn toestemming: a withdrawal the young person confirms hides that domain's entries.

    Through the pages as the young person uses them (sign in, choose, read what changes,
    confirm), recorded by intake as `consent-withdrawn` with the young person as actor; the
    regisseur's timeline then shows debts' entries "afgeschermd" and housing's still open.
    """
    c, _ = domains
    _, mijn, timeline_app = platform
    timeline_app.state.own_intake = OwnIntake("http://service", c["intake"])
    youth_id = await register(c["intake"], director="medewerker-1")
    y = f"/youths/{youth_id}"
    consent = {"purpose": "tijdlijn_delen", "leefgebieden": ["financien", "wonen"],
               "given_on": DAY}  # fmt: skip
    await post(c["intake"], f"{y}/consents", consent, "intake")
    await post(c["debts"], f"{y}/debt-help", {"requested_on": DAY}, "schuldhulpverlener")
    homeless = {"situation": "thuisloos_bankslapen", "since": DAY, "registered_on": DAY}
    await post(c["housing"], f"{y}/homelessness", homeless, "woonconsulent")
    director = bearer("regisseur")

    def shown(answer) -> dict[str, set[bool]]:
        found: dict[str, set[bool]] = {}
        for entry in answer.json()["entries"]:
            found.setdefault(entry["domain"], set()).add(entry["redacted"])
        return found

    before = await eventually(
        lambda: c["timeline"].get(f"{y}/timeline", headers=director),
        lambda r: {"debts", "housing"} <= set(shown(r)),
    )
    assert (shown(before)["debts"], shown(before)["housing"]) == ({False}, {False})

    assert (await mijn_log_in(mijn, young_token(youth_id))).status_code == 303
    page = await mijn.get("/mijn/toestemming")
    assert page.status_code == 200, page.text
    assert 'id="tijdlijn_delen-financien" name="leefgebied" value="financien" checked' in page.text
    check = await mijn.post("/mijn/toestemming/controleren", data={
        "doel": "tijdlijn_delen", "leefgebied": ["wonen"], "csrf": csrf_of(page.text)})  # fmt: skip
    assert check.status_code == 200, check.text
    assert "ziet vanaf nu niet meer wat er gebeurt bij: Geld." in check.text
    intake_log = await c["intake"].get("/processing-log", params={"youth_id": youth_id},
                                       headers=bearer("auditor"))  # fmt: skip
    # Nothing is recorded before "ja": the young person has only read their consents so far.
    assert {e["action"] for e in intake_log.json() if e["activity"] == "intake.toestemming"
            and e["actor_role"] == "jongere"} == {"lezen"}  # fmt: skip
    confirm = await mijn.post("/mijn/toestemming/bevestigen", data={
        **dict(re.findall(r'name="(\w+)" value="([^"]*)"', check.text))})  # fmt: skip
    assert (confirm.status_code, confirm.headers["location"]) == (
        303, "/mijn/toestemming?opgeslagen=1")  # fmt: skip
    saved = await mijn.get(confirm.headers["location"])
    assert "Je keuze is opgeslagen." in saved.text
    assert 'value="financien" checked' not in saved.text
    assert 'id="tijdlijn_delen-wonen" name="leefgebied" value="wonen" checked' in saved.text

    after = await eventually(
        lambda: c["timeline"].get(f"{y}/timeline", headers=director),
        lambda r: shown(r).get("debts") == {True},
    )
    assert shown(after)["housing"] == {False}
    dossier = (await c["intake"].get(y, headers=bearer("intake"))).json()
    assert dossier["consents"] == {"tijdlijn_delen": ["wonen"]}


async def test_a_failing_reaction_is_dead_lettered_and_others_are_still_handled(
    domains, pool, topic_prefix, endpoints
):
    """Another municipality's trigger for debts' young person fails; the next is handled."""
    c, _ = domains
    known = await register(c["intake"])
    await post(c["debts"], f"/youths/{known}/debt-help", {"requested_on": DAY},
               "schuldhulpverlener")  # fmt: skip
    stranger = Publisher(endpoints.kafka_bootstrap, topic_prefix, tenant="0599")
    withdrawn = {"purpose": "tijdlijn_delen", "withdrawn_on": DAY}
    bad = stranger.event("nl.regie.intake.consent-withdrawn", known, withdrawn)
    other = str(uuid.uuid4())
    good = Publisher(endpoints.kafka_bootstrap, topic_prefix).event(
        "nl.regie.intake.consent-withdrawn", other, withdrawn
    )
    await stranger.publish(bad, good)
    await eventually(
        lambda: stream_of(pool, f"{topic_prefix}_housing", f"housing-{other}"),
        lambda s: len(s) == 1,
    )
    parked = await read_records(
        endpoints.kafka_bootstrap, dead_letter_topic(f"{topic_prefix}.intake.events"), at_least=1
    )
    # Only debts held the young person (in 0518): housing and coaching knew nobody by that id.
    reasons = [dict(r.headers)["dlq-reason"].decode() for r in parked]
    assert reasons == ["apply failed: NotPermittedError('other municipality')"]
    assert [json.loads(r.value)["id"] for r in parked] == [json.loads(bad[2])["id"]]
    assert len(await stream_of(pool, f"{topic_prefix}_debts", f"debts-{known}")) == 1
    assert len(await stream_of(pool, f"{topic_prefix}_debts", f"debts-{other}")) == 1


async def test_my_data_holds_every_domain_s_facts_about_me_opened_and_nobody_else_s(
    domains, platform
):
    """Mijn verzoeken' download: each domain's events of mine, sealed fields opened, then erased.

    The page and the JSON file gather every domain's `GET /youths/{id}/events` with the young
    person's own token; another young person's data is in neither, another youth id is the 404
    of one not there, a professional is refused (403), and each read is logged on art. 15/20.
    """
    c, _ = domains
    _, mijn, timeline_app = platform
    mounts = {f"http://{n}": c[n]._transport for n in ("intake", *SERVICES)}
    timeline_app.state.own_data = OwnData(
        {n: f"http://{n}" for n in ("intake", *SERVICES)},
        httpx.AsyncClient(mounts=mounts, timeout=5),
    )
    # The same name and birth date: intake notes on my registration that I may be `other`.
    other = await register(c["intake"])
    me = await register(c["intake"])
    await personal_data_everywhere(c, me)
    await post(
        c["debts"], f"/youths/{other}/debt-help", {"requested_on": DAY}, "schuldhulpverlener"
    )
    theirs = {"debt_id": "d9", "creditor_type": "overig", "creditor_name": "Andere Schuldeiser",
              "amount": 99, "recorded_on": DAY}  # fmt: skip
    await post(c["debts"], f"/youths/{other}/debts", theirs, "schuldhulpverlener")
    assert (await mijn_log_in(mijn, young_token(me))).status_code == 303

    page = await mijn.get("/mijn/verzoeken/gegevens")
    file = await mijn.get("/mijn/verzoeken/gegevens.json")

    assert page.status_code == 200, page.text
    for opened in ("Noor Vertrouwelijk", "Incasso Geheim BV", "Geheimstraat 1, Den Haag",
                   "Een baan bij de bakker"):  # fmt: skip
        assert opened in page.text, opened
    for part in ("Aanmelding en plan", "Geld en schulden", "Wonen", "Werk, school en dagbesteding"):
        assert f">{part}</h2>" in page.text
    assert "Niet alles kon worden opgehaald" not in page.text
    assert (file.status_code, file.headers["content-disposition"]) == (
        200, 'attachment; filename="mijn-gegevens.json"')  # fmt: skip
    document = file.json()
    assert set(document["diensten"]) == {"intake", *SERVICES}
    assert document["uitleg"].startswith("Dit zijn alle gegevens")
    [debt] = [e for e in document["diensten"]["debts"] if e["type"].endswith("debt-recorded")]
    assert (debt["data"]["creditor_name"], debt["data"]["amount"]) == ("Incasso Geheim BV", 1234)
    [duplicate] = [e for e in document["diensten"]["intake"]
                   if e["type"].endswith("possible-duplicate-found")]  # fmt: skip
    assert duplicate["withheld"] == ["other_youth_id"]
    assert other not in file.text + page.text
    assert "Andere Schuldeiser" not in file.text + page.text
    await my_timeline_opens_my_details(mijn, other)

    mine = {"Authorization": f"Bearer {young_token(me)}"}
    for service in ("intake", *SERVICES):
        another = await c[service].get(f"/youths/{other}/events", headers=mine)
        assert another.status_code == 404, (service, another.text)
        staff = await c[service].get(f"/youths/{me}/events", headers=bearer("auditor"))
        assert staff.status_code == 403, (service, staff.text)
    log = (await c["debts"].get("/processing-log", params={"youth_id": me},
                                headers=bearer("auditor"))).json()  # fmt: skip
    assert {(e["actor_role"], e["grondslag"], e["result"]) for e in log
            if e["activity"] == "eigen_gegevens.inzien"} == {
        ("jongere", "avg_15", "gelukt"), ("jongere", "avg_20", "gelukt"),
        ("auditor", "avg_15", "geweigerd")}  # fmt: skip
    own = (await c["timeline"].get("/processing-log", params={"youth_id": me},
                                   headers=bearer("auditor"))).json()  # fmt: skip
    assert {e["grondslag"] for e in own if e["activity"] == "timeline.mijn_gegevens"} == {
        "avg_15", "avg_20"}  # fmt: skip

    await post(c["intake"], f"/youths/{me}/erasure", {"reason": "verzoek_art17"},
               "privacy_officer")  # fmt: skip
    # A domain records its confirmation before it destroys its key: wait for both.
    erased = await eventually(
        lambda: mijn.get("/mijn/verzoeken/gegevens.json"),
        lambda r: (
            any(e["type"].endswith("erasure-confirmed") for e in r.json()["diensten"]["debts"])
            and all(
                e["data"].get("creditor_name") == ERASED
                for e in r.json()["diensten"]["debts"]
                if e["type"].endswith("debt-recorded")
            )
        ),
    )
    [debt] = [e for e in erased.json()["diensten"]["debts"] if e["type"].endswith("debt-recorded")]
    assert debt["data"]["creditor_name"] == ERASED
    assert {"creditor_name", "amount"} <= set(debt["erased"])
    after = await mijn.get("/mijn/verzoeken/gegevens")
    assert "Incasso Geheim BV" not in after.text
    assert "<em>Gewist</em>" in after.text
    assert any(
        e["type"].endswith("personal-data-erased") for e in erased.json()["diensten"]["intake"]
    )
