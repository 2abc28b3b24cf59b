"""The Signalen page and Mijn jongeren, signed in through the login form as a browser does.

Intake runs in-process and answers names over its API; the domains' signals are events the
test publishes on their topics.
"""

from __future__ import annotations

import contextlib
import re
import uuid
from datetime import date, timedelta

import httpx
import pytest
from aiokafka import AIOKafkaProducer

from services.intake.bootstrap import create_app as create_intake
from services.intake.settings import IntakeSettings
from services.timeline.bootstrap import create_app as create_timeline
from services.timeline.settings import TimelineSettings
from services.timeline.web.csrf import FIELD
from services.timeline.web.names import IntakeNames
from shared.clock import FixedClock
from tests.integration.timeline.signal_events import event, topic_and_bytes
from tests.integration.timeline.web_session import csrf_of, log_in
from tests.support.apps import bearer, platform_settings, serve, token
from tests.support.waiting import eventually

INTAKE_URL = "http://intake.test"
DIRECTOR = "regisseur-signalen"
TODAY = date.today()


@pytest.fixture
async def apps(endpoints, topic_prefix):
    """Intake and the timeline in-process; the timeline asks intake for names over ASGI."""
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    intake = create_intake(
        settings,
        IntakeSettings(schema_name=f"{topic_prefix}_intake", summaries_group=f"{topic_prefix}-i"),
    )
    timeline = create_timeline(
        settings,
        TimelineSettings(
            schema_name=f"{topic_prefix}_timeline",
            consumer_group=topic_prefix,
            intake_url=INTAKE_URL,
        ),
    )
    timeline.state.clock = FixedClock(TODAY)
    producer = AIOKafkaProducer(bootstrap_servers=endpoints.kafka_bootstrap, linger_ms=0)
    async with contextlib.AsyncExitStack() as stack:
        await producer.start()
        stack.push_async_callback(producer.stop)
        intake_client = await stack.enter_async_context(serve(intake))
        timeline_client = await stack.enter_async_context(serve(timeline))
        to_intake = await stack.enter_async_context(
            httpx.AsyncClient(transport=httpx.ASGITransport(app=intake))
        )
        timeline.state.intake_names = IntakeNames(INTAKE_URL, to_intake)

        async def publish(*events):
            for cloud in events:
                topic, key, value = topic_and_bytes(cloud, topic_prefix)
                await producer.send_and_wait(topic, value, key)

        timeline_client.publish = publish
        yield intake_client, timeline_client


async def register(intake, name: str, born: date) -> str:
    """A young person registered at intake and assigned to DIRECTOR."""
    response = await intake.post(
        "/youths",
        json={
            "gemeentecode": "0518",
            "programma": "dtj",
            "full_name": name,
            "date_of_birth": born.isoformat(),
        },
        headers=bearer("intake"),
    )
    assert response.status_code == 201, response.text
    youth = response.json()["youth_id"]
    assigned = await intake.post(
        f"/youths/{youth}/director",
        headers=bearer("intake"),
        json={"director_id": DIRECTOR, "from_on": "2024-12-20"},
    )
    assert assigned.status_code in {200, 201}, assigned.text
    return youth


def missed(youth: str):
    return event(
        "nl.regie.debts.first-conversation-deadline-missed",
        youth,
        {
            "trajectory_id": str(uuid.uuid4()),
            "first_conversation_due": (TODAY - timedelta(days=1)).isoformat(),
        },
        role="systeem",
    )


def duplicate_found(youth: str):
    """A possible duplicate: binnenkort (urgency 2), for the director and intake."""
    return event(
        "nl.regie.intake.possible-duplicate-found",
        youth,
        {"other_youth_id": str(uuid.uuid4()), "matched_on": "naam"},
        role="systeem",
    )


@pytest.fixture
async def signed_in(apps):
    """Three young people of DIRECTOR: Anna with two signals, Bram with one, Cas with none."""
    intake, timeline = apps
    anna = await register(intake, "Anna Jansen", date(2004, 1, 2))
    bram = await register(intake, "Bram de Boer", date(2005, 3, 4))
    cas = await register(intake, "Cas Visser", date(2006, 5, 6))
    await timeline.publish(duplicate_found(bram), missed(anna), duplicate_found(anna))
    answer = await log_in(timeline, token("regisseur", sub=DIRECTOR))
    assert answer.status_code == 303, answer.text
    await eventually(
        lambda: timeline.get("/ui/signalen"),
        lambda r: r.status_code == 200 and r.text.count('class="kaart signaal"') == 3,
    )
    await eventually(
        lambda: timeline.get("/ui/jongeren"),
        lambda r: r.status_code == 200 and all(y in r.text for y in (anna, bram, cas)),
    )
    return timeline, {"anna": anna, "bram": bram, "cas": cas}


def cards(html: str) -> list[tuple[str, str, str]]:
    """(signal id, urgency, kind) of each card, in the page's order."""
    return re.findall(r'data-signaal="([^"]+)" data-urgentie="(\d)" data-soort="([a-z_]+)"', html)


async def test_the_page_lists_signals_most_urgent_first_with_names_and_links(signed_in):
    """Te laat before binnenkort; the Dutch explanation, the name and the link to the youth."""
    timeline, youths = signed_in
    page = await timeline.get("/ui/signalen")
    assert [u for _, u, _ in cards(page.text)] == ["1", "2", "2"]
    # No consent covers financien: the regisseur reads that a debts deadline passed, not which.
    assert "Een termijn bij schulden is verstreken" in page.text
    assert "Anna Jansen" in page.text
    assert f'href="/ui/jongeren/{youths["anna"]}"' in page.text
    assert 'aria-current="page">Signalen</a>' in page.text


async def test_acknowledging_through_the_form(signed_in):
    """With a note: acknowledged, still listed, note shown; without: 422 on the page."""
    timeline, _ = signed_in
    page = await timeline.get("/ui/signalen")
    first, _, _ = cards(page.text)[0]
    empty = await timeline.post(
        f"/ui/signalen/{first}/erkennen", data={"notitie": "  ", FIELD: csrf_of(page.text)}
    )
    assert empty.status_code == 422
    assert "Schrijf erbij wat u eraan doet." in empty.text
    done = await timeline.post(
        f"/ui/signalen/{first}/erkennen", data={"notitie": "Gebeld.", FIELD: csrf_of(page.text)}
    )
    assert done.status_code == 303
    after = await timeline.get(done.headers["location"])
    assert "Het signaal is erkend." in after.text
    assert "Erkend door regisseur-signalen: Gebeld." in after.text
    assert first in [s for s, _, _ in cards(after.text)]


async def test_the_forms_need_the_pages_token_and_a_visible_signal(signed_in):
    """No CSRF token: 403; a signal that is not theirs (or not there): 404."""
    timeline, _ = signed_in
    page = await timeline.get("/ui/signalen")
    first, _, _ = cards(page.text)[0]
    forged = await timeline.post(f"/ui/signalen/{first}/erkennen", data={"notitie": "x"})
    assert forged.status_code == 403
    unknown = await timeline.post(
        f"/ui/signalen/{uuid.uuid4()}/erkennen", data={"notitie": "x", FIELD: csrf_of(page.text)}
    )
    assert unknown.status_code == 404
    other = await log_in(timeline, token("regisseur", sub="regisseur-ander"))
    assert other.status_code == 303
    theirs = await timeline.get("/ui/signalen")
    assert cards(theirs.text) == []
    refused = await timeline.post(
        f"/ui/signalen/{first}/uitstellen",
        data={"tot": (TODAY + timedelta(days=2)).isoformat(), FIELD: csrf_of(theirs.text)},
    )
    assert refused.status_code == 404


async def test_snoozing_hides_the_signal_until_its_day(signed_in):
    """Snoozed for two days: gone from the list; a day too far: 422."""
    timeline, _ = signed_in
    page = await timeline.get("/ui/signalen")
    first, _, _ = cards(page.text)[0]
    far = await timeline.post(
        f"/ui/signalen/{first}/uitstellen",
        data={"tot": (TODAY + timedelta(days=31)).isoformat(), FIELD: csrf_of(page.text)},
    )
    assert far.status_code == 422
    assert "hoogstens 30 dagen" in far.text
    done = await timeline.post(
        f"/ui/signalen/{first}/uitstellen",
        data={"tot": (TODAY + timedelta(days=2)).isoformat(), FIELD: csrf_of(page.text)},
    )
    assert done.status_code == 303
    after = await timeline.get("/ui/signalen")
    assert first not in [s for s, _, _ in cards(after.text)]
    every = await timeline.get("/ui/signalen", params={"toon": "alle"})
    assert first in [s for s, _, _ in cards(every.text)]


def rows(html: str) -> list[tuple[str, str]]:
    """(youth id, open signals) of each row of Mijn jongeren, in order."""
    return re.findall(
        r'href="/ui/jongeren/([0-9a-f-]{36})" class="jongere">.*?'
        r'data-signalen="(\d+)"',
        html,
        re.DOTALL,
    )


async def test_my_young_people_searches_by_name_and_sorts_by_signals(signed_in):
    """The open signals counted; a search finds by name; ids only when asked for."""
    timeline, y = signed_in
    page = await timeline.get("/ui/jongeren", params={"sorteer": "signalen"})
    assert rows(page.text) == [(y["anna"], "2"), (y["bram"], "1"), (y["cas"], "0")]
    assert 'class="jongere__id"' not in page.text
    found = await timeline.get("/ui/jongeren", params={"zoek": "bRAm"})
    assert rows(found.text) == [(y["bram"], "1")]
    assert "Anna Jansen" not in found.text
    none = await timeline.get("/ui/jongeren", params={"zoek": "Zoë"})
    assert rows(none.text) == []
    assert "Geen jongere gevonden" in none.text
    with_ids = await timeline.get("/ui/jongeren", params={"ids": "1", "sorteer": "naam"})
    assert [r for r, _ in rows(with_ids.text)] == [y["anna"], y["bram"], y["cas"]]
    assert f'<span class="jongere__id">{y["cas"]}</span>' in with_ids.text
