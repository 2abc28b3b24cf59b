"""One timeline from five topics: order by occurrence, access by role, assignment and consent."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from services.timeline.bootstrap import create_app
from services.timeline.settings import TimelineSettings
from tests.support.apps import bearer, platform_settings, serve, token
from tests.support.cloudevents import Publisher
from tests.support.waiting import eventually

TODAY = date.today()
DIRECTOR = "regisseur-12"


def day(ago: int) -> str:
    return (TODAY - timedelta(days=ago)).isoformat()


def as_(*roles: str, sub: str = "medewerker-1", gemeente: str = "0518") -> dict[str, str]:
    return {"Authorization": f"Bearer {token(*roles, sub=sub, gemeente=gemeente)}"}


AUDITOR = as_("auditor")
MY_DIRECTOR = as_("regisseur", sub=DIRECTOR)


@pytest.fixture
async def timeline(endpoints, topic_prefix):
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    app = create_app(
        settings,
        TimelineSettings(schema_name=f"{topic_prefix}_timeline", consumer_group=topic_prefix),
    )
    async with serve(app) as client:
        await eventually(lambda: client.get("/ready"), lambda r: r.status_code == 200)
        yield client


@pytest.fixture
def publisher(endpoints, topic_prefix):
    return Publisher(endpoints.kafka_bootstrap, topic_prefix)


async def entries_of(client, youth, headers, count, **params):
    response = await eventually(
        lambda: client.get(f"/youths/{youth}/timeline", headers=headers, params=params),
        lambda r: r.status_code == 200 and len(r.json()["entries"]) == count,
    )
    return response.json()["entries"]


def months_ago(months: int) -> date:
    """The same day `months` calendar months back (the 28th at most)."""
    total = TODAY.year * 12 + TODAY.month - 1 - months
    return date(total // 12, total % 12 + 1, min(TODAY.day, 28))


async def test_five_domains_published_out_of_order_make_one_ordered_timeline(timeline, publisher):
    """Latest-published, earliest-occurred lands first; a redelivered event shows once."""
    youth = str(uuid.uuid4())
    p = publisher
    on_bijstand = months_ago(32)
    income = p.event(
        "nl.regie.income.benefit-granted",
        youth,
        {"benefit_id": str(uuid.uuid4()), "norm": "kostendeler", "cost_sharers": 1,
         "monthly_amount": "enc:v1:k:x", "granted_on": on_bijstand.isoformat(),
         "from_on": on_bijstand.isoformat()},
        leefgebied="financien",
    )  # fmt: skip
    coaching = p.event(
        "nl.regie.coaching.coaching-phase-started",
        youth,
        {"phase": "scout", "started_on": day(20)},
        programma="rodeloper",
    )
    housing = p.event(
        "nl.regie.housing.shelter-admitted",
        youth,
        {"stay_id": str(uuid.uuid4()), "shelter_type": "jongerenopvang", "admitted_on": day(12)},
        leefgebied="wonen",
    )
    debts = p.event(
        "nl.regie.debts.debt-help-requested",
        youth,
        {"requested_on": day(30), "crisis": False},
        leefgebied="financien",
    )
    registered = p.event(
        "nl.regie.intake.youth-registered",
        youth,
        {"programma": "rodeloper", "age_band": "18-22", "registered_on": day(40)},
        programma="rodeloper",
    )
    same_day = p.event(
        "nl.regie.intake.programme-enrolled",
        youth,
        {"programma": "rodeloper", "start_on": day(20)},
        programma="rodeloper",
    )
    # Slower domains last; the debts event delivered twice, as after a relay restart.
    await p.publish(coaching, housing, same_day, debts, registered, debts, income)

    entries = await entries_of(timeline, youth, AUDITOR, 6)
    assert [e["event_type"].split(".")[2] for e in entries] == [
        "income", "intake", "debts", "coaching", "intake", "housing",
    ]  # fmt: skip
    assert [e["occurred_at"][:10] for e in entries] == [
        on_bijstand.isoformat(), day(40), day(30), day(20), day(20), day(12),
    ]  # fmt: skip
    assert entries[0]["headline"] == "Bijstand toegekend (kostendelersnorm, 1 kostendeler)"
    assert entries[3]["headline"] == "Fase scout gestart"
    assert entries[3]["phase"] == "scout"
    # Ties (same day) keep recorded order: the coaching event was recorded first.
    assert entries[3]["recorded_at"] <= entries[4]["recorded_at"]
    again = await entries_of(timeline, youth, AUDITOR, 6)
    assert again == entries  # stable across reads

    summary = (await timeline.get(f"/youths/{youth}/summary", headers=AUDITOR)).json()
    by_domain = {d["domain"]: d["label"] for d in summary["domains"]}
    assert by_domain["housing"] == "In de opvang, 12 dagen"
    assert by_domain["coaching"] == "Fase scout"
    assert by_domain["debts"] == "Schuldhulp aangevraagd, 30 dagen"
    month = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
             "september", "oktober", "november", "december")[on_bijstand.month - 1]  # fmt: skip
    since = f"Bijstand sinds {month} {on_bijstand.year}, 2 jaar en 8 maanden"
    assert by_domain["income"] == since
    assert (summary["programma"], summary["age_band"]) == ("rodeloper", "18-22")


async def test_access_follows_assignment_domain_consent_and_its_withdrawal(
    timeline, publisher, pool, topic_prefix
):
    """Only the assigned director; debts sees debts; consent opens a domain until withdrawn."""
    youth, other = str(uuid.uuid4()), str(uuid.uuid4())
    p = publisher
    await p.publish(
        p.event("nl.regie.intake.youth-registered", youth,
                {"programma": "jpf", "age_band": "18-22", "registered_on": day(50)}),
        p.event("nl.regie.intake.director-assigned", youth,
                {"director_id": DIRECTOR, "from_on": day(49)}),
        p.event("nl.regie.debts.debt-help-requested", youth,
                {"requested_on": day(40), "crisis": True}, leefgebied="financien"),
        p.event("nl.regie.housing.homelessness-registered", youth,
                {"situation": "dakloos_straat", "since": day(35), "registered_on": day(35)},
                leefgebied="wonen"),
        p.event("nl.regie.coaching.care-referred", youth,
                {"care_kind": "enc:v1:k:sealed", "referred_on": day(20)},
                vertrouwelijkheid="confidentieel"),
        p.event("nl.regie.intake.youth-registered", other,
                {"programma": "dtj", "age_band": "18-22", "registered_on": day(10)}),
    )  # fmt: skip
    await entries_of(timeline, youth, AUDITOR, 5)

    mine = await entries_of(timeline, youth, MY_DIRECTOR, 5)
    shown = {e["headline"] for e in mine if not e["redacted"]}
    assert shown == {"Ingeschreven voor Jongeren Perspectief Fonds (leeftijd 18-22)",
                     "Jongerenregisseur toegewezen"}  # fmt: skip
    redacted = [e for e in mine if e["redacted"]]
    assert [e["domain"] for e in redacted] == ["debts", "housing", "coaching"]
    assert all(e["headline"] == "afgeschermd" and e["event_type"] is None for e in redacted)

    someone_else = await timeline.get(
        f"/youths/{youth}/timeline", headers=as_("regisseur", sub="regisseur-99")
    )
    debts_worker = await entries_of(timeline, youth, as_("schuldhulpverlener"), 1)
    elsewhere = await timeline.get(
        f"/youths/{youth}/timeline", headers=as_("auditor", gemeente="0363")
    )
    assert someone_else.status_code == 403
    assert debts_worker[0]["headline"] == "Schuldhulp aangevraagd (crisis)"
    assert elsewhere.status_code == 404  # as for a young person not there

    consent = p.event("nl.regie.intake.consent-given", youth,
                      {"purpose": "tijdlijn_delen", "leefgebieden": ["financien"],
                       "given_on": day(0)})  # fmt: skip
    await p.publish(consent)
    opened = await eventually(
        lambda: timeline.get(f"/youths/{youth}/timeline", headers=MY_DIRECTOR),
        lambda r: r.status_code == 200 and r.json()["redacted"] == 2,
    )
    assert {e["domain"] for e in opened.json()["entries"] if e["redacted"]} == {
        "housing", "coaching",  # financien only; the care referral is never covered
    }  # fmt: skip
    badges = (await timeline.get("/directors/me/youths", headers=MY_DIRECTOR)).json()
    assert [b["badges"] for b in badges] == [
        {"intake": "ingeschreven", "debts": "aangevraagd", "housing": "afgeschermd"}
    ]
    log = (await timeline.get("/processing-log", headers=bearer("auditor"))).json()
    assert [e["result"] for e in log if e["activity"] == "timeline.mijn_jongeren"] == ["gelukt"]

    await p.publish(
        p.event(
            "nl.regie.intake.consent-withdrawn",
            youth,
            {"purpose": "tijdlijn_delen", "withdrawn_on": day(0)},
        )
    )
    closed = await eventually(
        lambda: timeline.get(f"/youths/{youth}/timeline", headers=MY_DIRECTOR),
        lambda r: r.status_code == 200 and r.json()["redacted"] == 3,
    )
    assert closed.json()["hidden"] == 0

    schema = f"{topic_prefix}_timeline"
    count = (
        f"SELECT result, count(*) FROM {schema}.processing_log WHERE youth_id = $1"
        " AND activity = 'timeline.inzien' GROUP BY result"
    )
    before = dict(await pool.fetch(count, youth))
    await timeline.get(f"/youths/{youth}/timeline", headers=MY_DIRECTOR)
    await timeline.get(f"/youths/{youth}/timeline", headers=as_("regisseur", sub="regisseur-99"))
    after = dict(await pool.fetch(count, youth))
    # One entry per read: the director's read succeeded, the other was refused.
    assert after["gelukt"] - before["gelukt"] == 1
    assert after["geweigerd"] - before.get("geweigerd", 0) == 1


async def test_filters_by_domain_and_period_and_refuses_unknown_domains(timeline, publisher):
    """The viewer narrows the timeline; a domain that does not exist is a 422, not empty."""
    youth = str(uuid.uuid4())
    p = publisher
    await p.publish(
        p.event("nl.regie.intake.youth-registered", youth,
                {"programma": "dtj", "age_band": "18-22", "registered_on": day(60)}),
        p.event("nl.regie.housing.homelessness-registered", youth,
                {"situation": "nachtopvang", "since": day(30), "registered_on": day(30)}),
        p.event("nl.regie.housing.housed", youth,
                {"form": "kamer", "tenure": "hospita", "from_on": day(5)}),
    )  # fmt: skip
    await entries_of(timeline, youth, AUDITOR, 3)
    housing = await entries_of(timeline, youth, AUDITOR, 2, domain="housing")
    recent = await entries_of(timeline, youth, AUDITOR, 1, domain=["housing", "intake"],
                              **{"from": day(10), "until": day(0)})  # fmt: skip
    bad = await timeline.get(
        f"/youths/{youth}/timeline", headers=AUDITOR, params={"domain": "ruimtevaart"}
    )
    assert [e["headline"] for e in housing] == ["Dakloos geregistreerd (nachtopvang)",
                                                "Gehuisvest: kamer"]  # fmt: skip
    assert recent[0]["headline"] == "Gehuisvest: kamer"
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["query", "domain"]
