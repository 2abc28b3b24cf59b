"""Paging the timeline over the real servers: newest first, keyset cursors, rules on each page."""

from __future__ import annotations

import base64
import uuid
from datetime import date, timedelta

import pytest

from services.timeline.bootstrap import create_app
from services.timeline.settings import TimelineSettings
from tests.support.apps import platform_settings, serve, token
from tests.support.cloudevents import Publisher
from tests.support.waiting import eventually

TODAY = date.today()
AUDITOR = {"Authorization": f"Bearer {token('auditor', sub='auditor-1')}"}
DEBT_WORKER = {"Authorization": f"Bearer {token('schuldhulpverlener', sub='shv-1')}"}


def day(ago: int) -> str:
    return (TODAY - timedelta(days=ago)).isoformat()


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


def story(p: Publisher, youth: str, days: range) -> list[tuple[str, bytes, bytes]]:
    """Per day a debts and a housing entry (two on the same day: the tie-break must hold)."""
    messages = []
    for ago in days:
        messages.append(
            p.event("nl.regie.debts.debt-help-requested", youth, {"requested_on": day(ago)},
                    leefgebied="financien")
        )  # fmt: skip
        messages.append(
            p.event("nl.regie.housing.homelessness-registered", youth,
                    {"situation": "nachtopvang", "since": day(ago), "registered_on": day(ago)},
                    leefgebied="wonen")
        )  # fmt: skip
    return messages


async def whole(client, youth, headers, count):
    """The unpaged answer (every entry, oldest first), once `count` entries are projected."""
    response = await eventually(
        lambda: client.get(f"/youths/{youth}/timeline", headers=headers),
        lambda r: r.status_code == 200 and len(r.json()["entries"]) == count,
    )
    return response.json()["entries"]


async def pages(client, youth, headers, limit, between=None):
    """Every page from the first, following `next`; `between` runs after the first page."""
    url, found = f"/youths/{youth}/timeline?limit={limit}", []
    while url is not None:
        response = await client.get(url, headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert len(body["entries"]) <= limit
        found.append(body["entries"])
        url = body["next"]
        if between is not None and len(found) == 1:
            await between()
    return found


async def test_pages_run_newest_first_without_gaps_or_repeats_while_entries_arrive(
    timeline, publisher
):
    """Entries published mid-paging are newer than the cursor: no page skips or repeats."""
    youth, p = str(uuid.uuid4()), publisher
    await p.publish(*story(p, youth, range(30, 22, -1)))
    before = await whole(timeline, youth, AUDITOR, 16)

    async def arrive():
        await p.publish(*story(p, youth, range(2, 0, -1)))
        await whole(timeline, youth, AUDITOR, 20)

    seen = await pages(timeline, youth, AUDITOR, 5, between=arrive)
    ids = [e["event_id"] for page in seen for e in page]
    assert [e["event_id"] for e in reversed(before)] == ids
    assert [len(page) for page in seen] == [5, 5, 5, 1]
    again = await pages(timeline, youth, AUDITOR, 7)
    everything = await whole(timeline, youth, AUDITOR, 20)
    assert [e["event_id"] for e in reversed(everything)] == [
        e["event_id"] for page in again for e in page
    ]


async def test_a_domain_worker_sees_only_their_domain_on_every_page(timeline, publisher):
    """The debts worker's pages hold debts entries only, also past the first page."""
    youth, p = str(uuid.uuid4()), publisher
    await p.publish(
        p.event("nl.regie.intake.youth-registered", youth,
                {"programma": "dtj", "age_band": "18-22", "registered_on": day(60)}),
        *story(p, youth, range(40, 30, -1)),
    )  # fmt: skip
    everything = await whole(timeline, youth, AUDITOR, 21)
    seen = await pages(timeline, youth, DEBT_WORKER, 3)
    debts = [e["event_id"] for e in reversed(everything) if e["domain"] == "debts"]
    assert len(seen) > 2
    assert {"debts"} == {e["domain"] for page in seen for e in page}
    assert debts == [e["event_id"] for page in seen for e in page]


async def test_a_bad_cursor_or_limit_is_a_bilingual_422_naming_the_field(timeline, publisher):
    """Malformed input is refused with the field named in Dutch and English, never a 5xx."""
    youth, p = str(uuid.uuid4()), publisher
    await p.publish(*story(p, youth, range(5, 3, -1)))
    await whole(timeline, youth, AUDITOR, 4)
    url = f"/youths/{youth}/timeline"
    not_json = base64.urlsafe_b64encode(b"[1, 2]").decode()
    for before in ("niet-een-cursor", not_json, "%%%", "x" * 401):
        response = await timeline.get(url, params={"before": before}, headers=AUDITOR)
        assert response.status_code == 422, before
        (problem,) = response.json()["detail"]
        assert problem["loc"] == ["query", "before"]
        assert problem["msg"]
        assert problem["msg_en"]
    for limit in ("0", "201", "veel"):
        response = await timeline.get(url, params={"limit": limit}, headers=AUDITOR)
        assert response.status_code == 422, limit
        (problem,) = response.json()["detail"]
        assert problem["loc"] == ["query", "limit"]
        assert problem["msg"]
        assert problem["msg_en"]


async def test_every_page_read_is_in_the_processing_log(timeline, publisher, pool, topic_prefix):
    """Following `next` is a read per page: each one is an entry in the processing log."""
    youth, p = str(uuid.uuid4()), publisher
    await p.publish(*story(p, youth, range(10, 5, -1)))
    await whole(timeline, youth, AUDITOR, 10)
    count = (
        f"SELECT count(*) FROM {topic_prefix}_timeline.processing_log WHERE youth_id = $1"
        " AND activity = 'timeline.inzien' AND result = 'gelukt'"
    )
    before = await pool.fetchval(count, youth)
    seen = await pages(timeline, youth, AUDITOR, 4)
    assert len(seen) == 3
    assert before + 3 == await pool.fetchval(count, youth)


async def test_pages_keep_the_domain_and_period_filters(timeline, publisher):
    """A filtered read pages over the filtered entries only, newest first."""
    youth, p = str(uuid.uuid4()), publisher
    await p.publish(*story(p, youth, range(20, 10, -1)))
    await whole(timeline, youth, AUDITOR, 20)
    filters = {"domain": "housing", "from": day(18), "until": day(13)}
    response = await timeline.get(f"/youths/{youth}/timeline", headers=AUDITOR, params=filters)
    expected = [e["event_id"] for e in reversed(response.json()["entries"])]
    url, seen = f"/youths/{youth}/timeline", []
    params: dict[str, object] | None = {**filters, "limit": 2}
    while url is not None:
        body = (await timeline.get(url, headers=AUDITOR, params=params)).json()
        seen.extend(e["event_id"] for e in body["entries"])
        url, params = body["next"], None
    assert len(expected) == 6
    assert seen == expected
