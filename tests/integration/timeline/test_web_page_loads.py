"""What one page load costs: the viewer and the consents once, a page's names in one request.

The timeline's pool is wrapped to count statements, the token check to count verifications,
and intake is reached over an httpx client that counts the requests it sends.
"""

from __future__ import annotations

import contextlib
from datetime import date
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from services.intake.bootstrap import create_app as create_intake
from services.intake.domain.ages import age_on
from services.intake.settings import IntakeSettings
from services.timeline.bootstrap import create_app as create_timeline
from services.timeline.settings import TimelineSettings
from services.timeline.web import session
from services.timeline.web.names import IntakeNames
from tests.integration.timeline.story import (
    DIRECTOR,
    NAME,
    publish_domains,
    register_assigned,
)
from tests.integration.timeline.web_session import log_in
from tests.support.apps import bearer, platform_settings, serve, token
from tests.support.waiting import eventually

INTAKE_URL = "http://intake.test"


class CountingPool:
    """The app's pool, noting each statement the routes send through it."""

    def __init__(self, pool: object) -> None:
        """Wrap `pool`."""
        self._pool = pool
        self.statements: list[str] = []

    def __getattr__(self, name: str) -> object:
        """The pool's attribute; its query methods counted."""
        attribute = getattr(self._pool, name)
        if name not in {"fetch", "fetchrow", "fetchval", "execute"}:
            return attribute

        async def counted(sql: str, *args: object, **kwargs: object) -> object:
            self.statements.append(sql)
            return await attribute(sql, *args, **kwargs)

        return counted

    def reading(self, table: str) -> list[str]:
        """The statements that name `table`."""
        return [s for s in self.statements if f".{table} " in f"{s} " or f".{table}\n" in s]


@pytest.fixture
async def apps(endpoints, topic_prefix):
    """Intake and the timeline in-process; the timeline reaches intake over a counted client."""
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    intake = create_intake(
        settings,
        IntakeSettings(schema_name=f"{topic_prefix}_intake", summaries_group=f"{topic_prefix}-i"),
    )
    timeline = create_timeline(
        settings,
        TimelineSettings(
            schema_name=f"{topic_prefix}_timeline", consumer_group=topic_prefix,
            intake_url=INTAKE_URL,
        ),
    )  # fmt: skip
    sent: list[httpx.Request] = []

    async def note(request: httpx.Request) -> None:
        sent.append(request)

    async with contextlib.AsyncExitStack() as stack:
        intake_client = await stack.enter_async_context(serve(intake))
        timeline_client = await stack.enter_async_context(serve(timeline))
        to_intake = await stack.enter_async_context(
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=intake), event_hooks={"request": [note]}
            )
        )
        timeline.state.intake_names = IntakeNames(INTAKE_URL, to_intake)
        yield intake_client, timeline_client, timeline, sent


async def signed_in_as_director(client) -> None:
    response = await log_in(client, token("regisseur", sub=DIRECTOR))
    assert response.status_code == 303, response.text


async def test_one_young_persons_page_reads_viewer_and_consents_once(
    apps, endpoints, topic_prefix, monkeypatch
):
    """Summary and timeline share one Sight: one consents read, one token check, one name."""
    intake, timeline, app, sent = apps
    youth_id = await register_assigned(intake)
    await eventually(lambda: timeline.get("/ready"), lambda r: r.status_code == 200)
    await publish_domains(endpoints.kafka_bootstrap, topic_prefix, youth_id)
    await signed_in_as_director(timeline)
    await eventually(
        lambda: timeline.get(f"/ui/jongeren/{youth_id}"),
        lambda r: r.status_code == 200 and r.text.count('class="gebeurtenis ') == 7,
    )
    pool = CountingPool(app.state.pool)
    monkeypatch.setattr(app.state, "pool", pool)
    verified: list[str] = []
    decode = session.decode_token

    def counted_decode(settings, text):
        verified.append(text)
        return decode(settings, text)

    monkeypatch.setattr(session, "decode_token", counted_decode)
    sent.clear()

    page = await timeline.get(f"/ui/jongeren/{youth_id}")

    assert page.status_code == 200, page.text
    assert NAME in page.text
    age = age_on(date(2005, 6, 1), date.today())  # from intake, with the name: one request
    assert f"<dt>Leeftijd</dt><dd>{age} jaar (" in page.text
    assert "afgeschermd" in page.text.lower()  # consent covers wonen only: debts redacted
    assert len(pool.reading("consents")) == 1, pool.statements
    assert len(pool.reading("youths")) == 1, pool.statements
    assert len(pool.statements) == 4, pool.statements  # youth, consents, summary, timeline
    assert len(verified) == 1  # role check and processing log share one verified caller
    assert [r.url.path for r in sent] == ["/youths/names"]


async def test_my_young_people_gets_every_name_in_one_request_to_intake(apps):
    """Three young people on the list: one request to intake naming all three."""
    intake, timeline, _, sent = apps
    youth_ids = [await register_assigned(intake, consent=False) for _ in range(3)]
    await signed_in_as_director(timeline)
    await eventually(
        lambda: timeline.get("/ui/jongeren"),
        lambda r: r.status_code == 200 and all(y in r.text for y in youth_ids),
    )
    sent.clear()

    page = await timeline.get("/ui/jongeren")

    assert page.status_code == 200, page.text
    assert page.text.count(NAME) >= len(youth_ids)
    [request] = sent
    assert request.url.path == "/youths/names"
    assert sorted(parse_qs(urlsplit(str(request.url)).query)["ids"]) == sorted(youth_ids)
    # With the reader's own token (the session cookie), so intake applies its own rules.
    assert request.headers["Authorization"] == f"Bearer {timeline.cookies['regie_sessie']}"
    logged = await intake.get(
        "/processing-log", params={"youth_id": youth_ids[0]}, headers=bearer("auditor")
    )
    assert "intake.namen" in {e["activity"] for e in logged.json()}
