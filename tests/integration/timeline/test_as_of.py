"""As-of: the timeline as it was known at an instant equals what the live API showed then."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime

import pytest

from services.timeline.operations.as_of import AsOfRefusedError, report_as_of, timeline_as_of
from services.timeline.registry import reports_spec, timeline_spec
from tests.integration.timeline.conftest import cli, cloud_event, debt_help, registered
from tests.support.apps import bearer
from tests.support.inbox import applied_count
from tests.support.waiting import eventually

DIRECTOR = "medewerker-1"  # the subject of `bearer`'s tokens


def story(youth_id: str):
    """Registered, a director, debts, consent to share finances, housing, consent withdrawn.

    Each event is made (and so recorded) only when it is due, after the previous snapshot.
    """
    intake = "nl.regie.intake."
    yield registered(youth_id)
    yield cloud_event(
        youth_id,
        f"{intake}director-assigned",
        {"director_id": DIRECTOR, "from_on": "2026-01-06"},
        version=2,
    )
    yield debt_help(youth_id)
    yield cloud_event(
        youth_id,
        f"{intake}consent-given",
        {"purpose": "tijdlijn_delen", "leefgebieden": ["financien"]},
        version=3,
    )
    yield cloud_event(
        youth_id,
        "nl.regie.housing.homelessness-registered",
        {"registered_on": "2026-02-10", "situation": "dakloos"},
    )
    yield cloud_event(youth_id, f"{intake}consent-withdrawn", {"purpose": "tijdlijn_delen"},
                      version=4)  # fmt: skip


async def snapshot(live, youth_id: str) -> tuple[datetime, dict[str, dict | int]]:
    """What the live API shows the auditor and the director, and the instant it was taken."""
    shown = {}
    for role in ("auditor", "regisseur"):
        response = await live.client.get(f"/youths/{youth_id}/timeline", headers=bearer(role))
        shown[role] = response.json() if response.status_code == 200 else response.status_code
    return datetime.now(UTC), shown


async def as_of(live, platform, youth_id, instant, role):
    found = await timeline_as_of(
        live.pool, platform, live.spec, live.settings.policy_for, instant=instant,
        youth_id=youth_id, roles=frozenset({role}), actor=DIRECTOR,
    )  # fmt: skip
    return found.model_dump(mode="json")


async def test_as_of_each_instant_equals_the_live_snapshot_taken_then(
    live, platform_for, endpoints, topic_prefix
):
    """Auditor and director, at six instants: the replay shows what live showed, no more."""
    youth_id, other = str(uuid.uuid4()), str(uuid.uuid4())
    snapshots = []
    for version, message in enumerate(story(youth_id), 1):
        await live.publish(message)
        # Someone else's events never show; their stream numbered as a store numbers it.
        await live.publish(debt_help(other, version=version))
        await live.caught_up()
        snapshots.append(await snapshot(live, youth_id))
    before = await live.fingerprints()

    for instant, shown in snapshots:
        assert await as_of(live, platform_for, youth_id, instant, "auditor") == shown["auditor"]
        if shown["regisseur"] == 403:
            with pytest.raises(AsOfRefusedError, match="may not open this timeline"):
                await as_of(live, platform_for, youth_id, instant, "regisseur")
        else:
            replayed = await as_of(live, platform_for, youth_id, instant, "regisseur")
            assert replayed == shown["regisseur"]

    # The snapshots tell a story, so the comparison above had something to compare.
    director_views = [s["regisseur"] for _, s in snapshots]
    assert director_views[0] == 403
    assert [v["redacted"] for v in director_views[1:]] == [0, 1, 0, 1, 2]
    assert len(snapshots[-1][1]["auditor"]["entries"]) == 4
    assert await live.fingerprints() == before
    assert await live.leftover_schemas() == []

    instant, shown = snapshots[3]
    code, out, err = await cli(
        endpoints, topic_prefix, live, "as-of", instant.isoformat(), "--youth", youth_id,
        "--role", "regisseur", "--actor", DIRECTOR, "--json",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out) == shown["regisseur"]


async def test_as_of_before_the_young_person_was_known_is_refused(live, platform_for):
    """An instant before the first event: nothing to show, said so, and nothing left behind."""
    youth_id = str(uuid.uuid4())
    instant = datetime.now(UTC)
    await live.publish(registered(youth_id))
    await live.caught_up()

    with pytest.raises(AsOfRefusedError, match="was not known at"):
        await as_of(live, platform_for, youth_id, instant, "auditor")
    assert await live.leftover_schemas() == []


async def test_a_report_as_of_each_instant_equals_the_live_report_then(
    live, platform_for, endpoints, topic_prefix
):
    """A fact first counted as 'onbekend' moves to its programme once the registration lands."""
    youth_id = str(uuid.uuid4())
    months = {"from": "2026-01", "until": "2026-03"}
    reports_group = live.settings.reports_consumer_group
    snapshots = []
    # Each event made (and so recorded) only when it is due, after the previous snapshot.
    for make in (debt_help, registered, lambda _: debt_help(str(uuid.uuid4()))):
        await live.publish(make(youth_id))
        await live.caught_up()
        await eventually(
            lambda: applied_count(live.pool, live.schema, reports_group),
            lambda n: n == len(live.published),
        )
        shown = await live.client.get("/reports", params=months, headers=bearer("auditor"))
        snapshots.append((datetime.now(UTC), shown.json()))

    specs = [timeline_spec(live.settings), reports_spec(live.settings)]
    for instant, shown in snapshots:
        replayed = await report_as_of(
            live.pool, platform_for, specs, instant=instant, gemeentecode="0518",
            start=date(2026, 1, 1), end=date(2026, 3, 31),
        )  # fmt: skip
        assert replayed.model_dump(mode="json") == shown
    first, second = (s["rows"] for _, s in snapshots[:2])
    assert {r["programma"] for r in first} == {"onbekend"}
    assert "dtj" in {r["programma"] for r in second}
    assert await live.leftover_schemas() == []

    instant, shown = snapshots[-1]
    code, out, err = await cli(
        endpoints, topic_prefix, live, "as-of", instant.isoformat(),
        "--report", "2026-01", "2026-03", "--gemeente", "0518", "--json",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out) == shown
    code, _, err = await cli(
        endpoints, topic_prefix, live, "as-of", instant.isoformat(), "--report", "2026-03",
        "2026-01", "--gemeente", "0518",
    )  # fmt: skip
    assert code == 1
    assert err.strip().endswith("the report's UNTIL month lies before its FROM month")


async def test_an_as_of_read_is_in_the_processing_log_with_the_auditor_as_actor(
    live, endpoints, topic_prefix
):
    """Replaying what someone saw is itself a read: logged with who ran it, refusals too."""
    youth_id = str(uuid.uuid4())
    await live.publish(registered(youth_id))
    await live.caught_up()
    before_known = "2000-01-01T00:00:00+00:00"

    async def entries():
        rows = await live.pool.fetch(
            f"SELECT actor, actor_role, tenant, action, activity, result, method, path"
            f" FROM {live.schema}.processing_log WHERE youth_id = $1 ORDER BY seq",
            youth_id,
        )
        return [dict(row) for row in rows]

    assert await entries() == []
    code, _, err = await cli(
        endpoints, topic_prefix, live, "as-of", datetime.now(UTC).isoformat(), "--youth",
        youth_id, "--role", "regisseur", "--actor", DIRECTOR, "--by", "auditor-7",
    )  # fmt: skip
    refused, _, _ = await cli(
        endpoints, topic_prefix, live, "as-of", before_known, "--youth", youth_id, "--by",
        "auditor-7",
    )  # fmt: skip
    assert code == 1, err  # the director was not assigned: refused, and logged as such
    assert refused == 1
    logged = await entries()
    assert [(e["actor"], e["actor_role"], e["tenant"]) for e in logged] == [
        ("auditor-7", "auditor", "0518"),
        ("auditor-7", "auditor", "0518"),
    ]
    assert {(e["action"], e["activity"], e["method"]) for e in logged} == {
        ("lezen", "timeline.tijdreis", "CLI")
    }
    assert [e["result"] for e in logged] == ["geweigerd", "geweigerd"]
    assert f"als {DIRECTOR} (regisseur)" in logged[0]["path"]

    code, _, err = await cli(
        endpoints, topic_prefix, live, "as-of", datetime.now(UTC).isoformat(), "--youth",
        youth_id, "--by", "auditor-7",
    )  # fmt: skip
    assert code == 0, err
    assert (await entries())[-1]["result"] == "gelukt"
