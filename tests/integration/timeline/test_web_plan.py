"""The toekomstplan page of the web view: intake's answer with the reader's token, in Dutch."""

from __future__ import annotations

import contextlib
import re
import socket

import httpx
import pytest

from services.intake.bootstrap import create_app as create_intake
from services.intake.settings import IntakeSettings
from services.timeline.bootstrap import create_app as create_timeline
from services.timeline.settings import TimelineSettings
from services.timeline.web.plan_page import IntakePlans
from tests.integration.intake.test_plan_api import DIRECTOR, TEXTS, plan_reads, youth_with_a_plan
from tests.integration.timeline.web_session import log_in
from tests.support.apps import platform_settings, serve, token
from tests.support.waiting import eventually


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
async def web(endpoints, topic_prefix):
    """Intake and the timeline in-process; the timeline's configured intake never answers."""
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
            intake_url=f"http://127.0.0.1:{closed_port()}",
        ),
    )
    async with contextlib.AsyncExitStack() as stack:
        intake_client = await stack.enter_async_context(serve(intake))
        timeline_client = await stack.enter_async_context(serve(timeline))
        yield intake_client, timeline_client, (intake, timeline)


def answering(apps) -> None:
    """Let the timeline reach the in-process intake, as it would over the network."""
    intake_app, timeline_app = apps
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=intake_app), timeout=5)
    timeline_app.state.intake_plans = IntakePlans("http://intake", client)


async def sign_in(client, *roles, sub=DIRECTOR):
    response = await log_in(client, token(*roles, sub=sub))
    assert response.status_code == 303, response.text


async def test_the_plan_page_groups_goals_by_life_domain_in_dutch_with_closed_texts(web):
    """Headings per life domain, Dutch dates and statuses, reviews; unconsented texts closed."""
    intake, timeline, apps = web
    answering(apps)
    youth = await youth_with_a_plan(intake, exchange=["werk"])
    await sign_in(timeline, "regisseur")
    page = await timeline.get(f"/ui/jongeren/{youth}/plan")
    assert page.status_code == 200, page.text
    text = page.text
    sections = re.findall(r'data-leefgebied="([a-z_]+)"', text)
    assert sections == ["wonen", "financien", "werk", "psychische_gezondheid"]
    headings = re.findall(r'<h2 id="leefgebied-[a-z_]+">([^<]+)</h2>', text)
    assert headings == ["Wonen", "Financiën", "Werk", "Psychische gezondheid"]
    assert TEXTS["g-werk"] in text
    assert all(TEXTS[g] not in text for g in ("g-wonen", "g-geld", "g-zorg"))
    assert text.count("badge__slot") == 3  # three goals' texts afgeschermd
    assert '<time datetime="2027-09-01">1 september 2027</time>' in text
    assert ">Loopt</span>" in text
    assert ">Bereikt</span>" in text
    assert 'aria-current="page">Toekomstplan' in text
    assert f'href="/ui/jongeren/{youth}"' in text
    # The page's read is intake's, with the reader's own token: logged there under their name.
    [read] = await plan_reads(intake, youth)
    assert (read["actor"], read["actor_role"], read["result"], read["grondslag"]) == (
        DIRECTOR, "regisseur", "gelukt", "avg_6_1_a",
    )  # fmt: skip


async def test_when_intake_does_not_answer_the_page_says_so_in_dutch(web):
    """No 5xx: the page itself, with an alert saying intake does not answer."""
    intake, timeline, _ = web
    youth = await youth_with_a_plan(intake, exchange=["werk"])
    await sign_in(timeline, "regisseur")
    page = await timeline.get(f"/ui/jongeren/{youth}/plan")
    assert page.status_code == 200, page.text
    assert "intake antwoordt niet" in page.text
    assert 'role="alert"' in page.text
    assert TEXTS["g-werk"] not in page.text


async def test_a_reader_intake_refuses_gets_the_not_found_page(web):
    """A woonconsulent without an open trajectory: intake's 404 is the page's 404."""
    intake, timeline, apps = web
    answering(apps)
    youth = await youth_with_a_plan(intake, exchange=["werk", "wonen"])
    await sign_in(timeline, "woonconsulent", sub="woonconsulent-3")
    page = await timeline.get(f"/ui/jongeren/{youth}/plan")
    assert page.status_code == 404
    assert "Onbekende jongere" in page.text
    assert all(t not in page.text for t in TEXTS.values())
    [refused] = await plan_reads(intake, youth)
    assert (refused["actor"], refused["actor_role"], refused["result"]) == (
        "woonconsulent-3", "woonconsulent", "geweigerd",
    )  # fmt: skip


async def test_the_young_persons_timeline_page_links_to_the_plan(web):
    """From the timeline page, one link to the toekomstplan."""
    intake, timeline, _ = web
    youth = await youth_with_a_plan(intake, exchange=[])
    await sign_in(timeline, "regisseur")
    page = await eventually(
        lambda: timeline.get(f"/ui/jongeren/{youth}"), lambda r: r.status_code == 200
    )
    assert f'href="/ui/jongeren/{youth}/plan"' in page.text
    assert "Toekomstplan vastgesteld: 4 doelen" in await _entries(timeline, youth)


async def _entries(timeline, youth: str) -> str:
    page = await eventually(
        lambda: timeline.get(f"/ui/jongeren/{youth}"),
        lambda r: "Toekomstplan besproken" in r.text,
    )
    return page.text
