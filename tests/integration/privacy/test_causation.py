"""'Because of' links on the timeline: API and web view, without revealing a redacted trigger."""

from __future__ import annotations

import contextlib
import socket
import uuid

import pytest

from services.intake.bootstrap import create_app as create_intake
from services.intake.settings import IntakeSettings
from services.timeline.bootstrap import create_app as create_timeline
from services.timeline.settings import TimelineSettings
from tests.integration.timeline.story import DIRECTOR, register_assigned
from tests.integration.timeline.web_session import log_in
from tests.support.apps import bearer, platform_settings, serve, token
from tests.support.cloudevents import Publisher
from tests.support.waiting import eventually


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
async def apps(endpoints, topic_prefix):
    """Intake and the timeline in-process; names come from an intake nobody answers on."""
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    intake = create_intake(
        settings,
        IntakeSettings(schema_name=f"{topic_prefix}_intake", summaries_group=f"{topic_prefix}-i"),
    )
    timeline = create_timeline(
        settings,
        TimelineSettings(
            schema_name=f"{topic_prefix}_timeline", consumer_group=topic_prefix,
            intake_url=f"http://127.0.0.1:{closed_port()}",
        ),
    )  # fmt: skip
    async with contextlib.AsyncExitStack() as stack:
        yield (
            await stack.enter_async_context(serve(intake)),
            await stack.enter_async_context(serve(timeline)),
        )


async def test_caused_by_links_to_a_visible_trigger_and_never_names_a_redacted_one(
    apps, endpoints, topic_prefix
):
    """Consent covers wonen only: a housing entry caused by debts links to a redacted line."""
    intake, timeline = apps
    youth = await register_assigned(intake)  # director DIRECTOR, consent for wonen
    publisher = Publisher(endpoints.kafka_bootstrap, topic_prefix)
    debt_help, threat, prevented = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await publisher.publish(
        publisher.event("nl.regie.debts.debt-help-requested", youth,
                        {"requested_on": "2025-03-01", "crisis": True}, event_id=debt_help),
        publisher.event("nl.regie.housing.eviction-threatened", youth,
                        {"signalled_on": "2025-03-02"}, event_id=threat,
                        causationid=str(debt_help)),
        publisher.event("nl.regie.housing.eviction-prevented", youth,
                        {"prevented_on": "2025-03-09"}, event_id=prevented,
                        causationid=str(threat)),
        publisher.event("nl.regie.housing.housed", youth, {"from_on": "2025-03-10",
                        "form": "kamer"}, causationid="not-an-event-id"),
    )  # fmt: skip
    url = f"/youths/{youth}/timeline"
    seen = await eventually(
        lambda: timeline.get(
            url, headers={"Authorization": f"Bearer {token('regisseur', sub=DIRECTOR)}"}
        ),
        lambda r: (
            r.status_code == 200
            and len([e for e in r.json()["entries"] if e["domain"] != "intake"]) == 4
        ),
    )
    links = {e["event_id"]: e["caused_by"] for e in seen.json()["entries"]}
    assert links[str(threat)] == str(debt_help)  # the trigger shows, redacted
    assert links[str(prevented)] == str(threat)
    assert links[str(debt_help)] is None
    assert [e["caused_by"] for e in seen.json()["entries"][-1:]] == [None]  # not an event id
    redacted = next(e for e in seen.json()["entries"] if e["event_id"] == str(debt_help))
    assert redacted["headline"] == "afgeschermd"

    consultant = (await timeline.get(url, headers=bearer("woonconsulent"))).json()["entries"]
    # Debts is hidden from a housing consultant: no link to what they cannot know exists.
    assert {e["event_id"]: e["caused_by"] for e in consultant}[str(threat)] is None
    assert {e["event_id"]: e["caused_by"] for e in consultant}[str(prevented)] == str(threat)

    signed_in = await log_in(timeline, token("regisseur", sub=DIRECTOR), volgende="/ui")
    assert signed_in.status_code == 303, signed_in.text
    page = (await timeline.get(f"/ui/jongeren/{youth}")).text
    assert f'id="gebeurtenis-{threat}"' in page
    assert (
        f'naar aanleiding van <a href="#gebeurtenis-{debt_help}">een afgeschermde gebeurtenis</a>'
        in page
    )
    assert f'<a href="#gebeurtenis-{threat}">Dreigende huisuitzetting</a>' in page
    assert "Schuldhulp aangevraagd" not in page
    filtered = (await timeline.get(f"/ui/jongeren/{youth}?van=2025-03-05")).text
    assert f'#gebeurtenis-{threat}">een gebeurtenis buiten dit filter</a>' in filtered
