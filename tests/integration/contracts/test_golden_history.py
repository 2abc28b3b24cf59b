"""Golden history: events stored by an earlier release, replayed through every read path.

`tests/golden/history.jsonl` holds `consent-withdrawn` v1 (the whole consent, before v2 named
the life domains), `breakthrough-resolved` v1 (its maatwerk free text in clear, before v2
sealed it) and `customisation-applied` v1 (its deviation free text in clear, likewise). Whichever
way it is read, it must mean today what it meant then: the consent is gone for every life
domain, and the Doorbraak is settled; their clear texts are passed on by no reader. A second
young person's history holds the versions issue 19 retired because they carried
special-category codes in clear (a referral by the police about `justitie`, a plan goal
and an overdue goal in `justitie`, ZRM scores, coaching's goal, scan and relapse of v1): they
read as the newest versions, their codes where those versions keep them, and no reader puts a
special code in a timeline headline.

- aggregate load: intake, appended the history, folds it and decides on it over HTTP, and
  shows the old plan's goals per life domain; coaching shows its old goal in intake's domain;
- relay: intake's relay publishes it as `consent-withdrawn.v2`, every life domain named, and
  as `breakthrough-resolved.v2` and `customisation-applied.v2` without their clear texts;
  issue 19's v1s go out as their newest versions (coaching's relay too);
- projection apply: a timeline fed the history as the old relay published it (v1 on Kafka)
  closes the debts entry to the director once the consent is withdrawn, and counts the
  Doorbraak as settled under its obstructing rule;
- as-of: the replay at an instant before the withdrawal shows the entry again;
- rebuild: a rebuild from those topics equals the live timeline.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

import jsonschema
import pytest

from services.coaching.bootstrap import create_app as create_coaching
from services.coaching.settings import CoachingSettings
from services.intake.bootstrap import create_app as create_intake
from services.intake.domain.vocabulary import Leefgebied
from services.intake.settings import IntakeSettings
from services.timeline.operations.as_of import timeline_as_of
from shared.envelope import CloudEvent, encode, source_of
from shared.event_contracts.released import released_contracts
from shared.event_contracts.snapshots import load_all
from shared.eventstore import Checkpoint, Metadata, NewEvent, RecordedEvent
from shared.kafka import events_topic
from tests.integration.timeline.conftest import cli
from tests.support.apps import bearer, platform_settings, serve
from tests.support.kafka import read_records
from tests.support.waiting import eventually

if TYPE_CHECKING:
    from collections.abc import Callable

HISTORY = Path(__file__).resolve().parents[2] / "golden" / "history.jsonl"
CONTRACTS = Path(__file__).resolve().parents[3] / "contracts"
WITHDRAWN = "nl.regie.intake.consent-withdrawn"
RESOLVED = "nl.regie.intake.breakthrough-resolved"
CUSTOMISED = "nl.regie.intake.customisation-applied"
# v1s whose free text a v2 sealed: the relay publishes them as v2 without it.
CLEAR_TEXT_RETIRED = {RESOLVED: "maatwerk", CUSTOMISED: "deviation"}
EVERY_LIFE_DOMAIN = list(get_args(Leefgebied))
INTAKE = "nl.regie.intake."
COACHING = "nl.regie.coaching."
# Issue 19, item 5: each v1 whose special-category codes a newer version seals or leaves out,
# with the version and the data the relay publishes for it.
RETIRED_IN_19: dict[str, tuple[int, Callable[[dict[str, Any]], dict[str, Any]]]] = {
    f"{INTAKE}youth-referred": (3, lambda d: {**d, "referrer_type": "overig", "referrer": None}),
    f"{INTAKE}self-reliance-assessed": (2, dict),
    f"{INTAKE}future-plan-agreed": (2, lambda d: {**d, "goal_leefgebieden": None}),
    f"{INTAKE}goal-overdue": (2, lambda d: {k: v for k, v in d.items() if k != "leefgebied"}),
    f"{COACHING}goal-set": (3, lambda d: {**d, "leefgebied": "sociaal_netwerk"}),
    f"{COACHING}talent-scan-completed": (2, lambda d: {**d, "obstacles": {
        "sociaal_netwerk": "negatief_netwerk", "verslaving": "verslaving"}}),
    f"{COACHING}relapse-signalled": (2, dict),
}  # fmt: skip
# Sealed where they stood after issue 19 (the police named in clear): a v1 relays as the v2,
# its data as stored.
SEALED_LATER: dict[str, tuple[int, Callable[[dict[str, Any]], dict[str, Any]]]] = {
    f"{INTAKE}breakthrough-requested": (2, dict),
}
SPECIAL = ("justitie", "verslaving", "gezondheid", "politie")


def history() -> list[dict[str, Any]]:
    return [json.loads(line) for line in HISTORY.read_text().splitlines()]


YOUTH = history()[0]["subject"]
YOUTH_19 = next(line["subject"] for line in history() if line["event_type"] in RETIRED_IN_19)


def metadata(line: dict[str, Any]) -> Metadata:
    meta = line["metadata"]
    return Metadata(
        tenant=meta["tenant"], actor=meta["actor"], actor_role=meta["actor_role"],
        correlation_id=meta["correlation_id"], causation_id=meta["causation_id"],
        extensions=meta["extensions"],
    )  # fmt: skip


def as_published_then(line: dict[str, Any], position: int) -> bytes:
    """The CloudEvent the earlier release's relay put on Kafka for this stored event."""
    domain = line["event_type"].split(".")[2]
    recorded = RecordedEvent(
        event_id=uuid.UUID(line["event_id"]), event_type=line["event_type"],
        schema_version=line["schema_version"], subject=line["subject"],
        data=json.dumps(line["data"]), metadata=metadata(line), stream_id=line["stream_id"],
        stream_version=line["stream_version"], checkpoint=Checkpoint(1, position),
        recorded_at=datetime.fromisoformat(line["recorded_at"]),
    )  # fmt: skip
    return encode(recorded, source_of("00000099999999999999", domain))


def test_every_line_is_valid_against_the_released_snapshot_of_its_version():
    """The file really is old data: each line fits its version's schema, not necessarily today's."""
    snapshots = {(c.type_name, c.version): c.schema for c in load_all(CONTRACTS)}
    lines = history()
    for line in lines:
        schema = snapshots[(line["event_type"], line["schema_version"])]
        jsonschema.validate(line["data"], schema)
    withdrawals = [line for line in lines if line["event_type"] == WITHDRAWN]
    assert {line["schema_version"] for line in withdrawals} == {1}
    with pytest.raises(jsonschema.ValidationError, match="'leefgebieden' is a required property"):
        jsonschema.validate(withdrawals[0]["data"], snapshots[(WITHDRAWN, 2)])
    for event_type in CLEAR_TEXT_RETIRED:
        (clear,) = [line for line in lines if line["event_type"] == event_type]
        assert clear["schema_version"] == 1
        with pytest.raises(jsonschema.ValidationError, match="does not match '\\^enc:v1:'"):
            jsonschema.validate(clear["data"], snapshots[(event_type, 2)])
    retired = {line["event_type"]: line["schema_version"] for line in lines
               if line["event_type"] in RETIRED_IN_19}  # fmt: skip
    assert retired == dict.fromkeys(RETIRED_IN_19, 1)
    assert all(released_contracts().upcasters.needs_upcast(t, 1) for t in RETIRED_IN_19)


async def test_aggregate_load_and_relay_read_version_1_as_version_2(endpoints, topic_prefix):
    platform = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    app = create_intake(platform, IntakeSettings(
        schema_name=f"{topic_prefix}_intake", summaries_group=f"{topic_prefix}-intake",
    ))  # fmt: skip
    intake_lines = [line for line in history() if line["event_type"].startswith("nl.regie.intake.")]
    async with serve(app) as intake:
        await eventually(lambda: intake.get("/ready"), lambda r: r.status_code == 200)
        for line in intake_lines:
            await app.state.store.append(line["stream_id"], [NewEvent(
                event_id=uuid.UUID(line["event_id"]), event_type=line["event_type"],
                schema_version=line["schema_version"], subject=line["subject"],
                data=json.dumps(line["data"]), metadata=metadata(line),
            )], line["stream_version"] - 1)  # fmt: skip

        # Aggregate load: both consents read as withdrawn as a whole.
        shown = await intake.get(f"/youths/{YOUTH}", headers=bearer("intake"))
        assert shown.status_code == 200, shown.text
        assert shown.json()["consents"] == {}
        refused = await intake.post(
            f"/youths/{YOUTH}/consent-withdrawals",
            json={"purpose": "tijdlijn_delen", "withdrawn_on": "2026-11-20"},
            headers=bearer("intake"),
        )
        assert refused.status_code == 422, refused.text
        assert refused.json()["detail"][0]["loc"] == ["body", "purpose"]
        # And the code's own version goes on from there: give, then withdraw part of it.
        given = await intake.post(f"/youths/{YOUTH}/consents", headers=bearer("intake"), json={
            "purpose": "tijdlijn_delen", "leefgebieden": ["wonen", "werk"],
            "given_on": "2026-11-20",
        })  # fmt: skip
        assert given.status_code == 201, given.text
        partly = await intake.post(f"/youths/{YOUTH}/consent-withdrawals", headers=bearer("intake"),
                                   json={"purpose": "tijdlijn_delen", "leefgebieden": ["werk"],
                                         "withdrawn_on": "2026-11-21"})  # fmt: skip
        assert partly.status_code == 201, partly.text
        after = await intake.get(f"/youths/{YOUTH}", headers=bearer("intake"))
        assert after.json()["consents"] == {"tijdlijn_delen": ["wonen"]}
        # The v1 resolution folds as settled: settling it again is refused.
        (resolution,) = [line for line in intake_lines if line["event_type"] == RESOLVED]
        again = await intake.post(
            f"/youths/{YOUTH}/breakthrough-resolutions", headers=bearer("regisseur"),
            json={"breakthrough_id": resolution["data"]["breakthrough_id"],
                  "outcome": "niet_opgelost", "resolved_on": "2026-11-21"},
        )  # fmt: skip
        assert again.status_code == 409, again.text
        # The v1 plan's goals still read per life domain (each named its own, in clear).
        plan = await intake.get(f"/youths/{YOUTH_19}/plan", headers=bearer("auditor"))
        assert plan.status_code == 200, plan.text
        assert [(d["leefgebied"], [g["goal_id"] for g in d["goals"]])
                for d in plan.json()["leefgebieden"]] == [
            ("justitie", ["doel-1"]), ("werk", ["doel-2"]),
        ]  # fmt: skip

        # Relay: the stored v1 goes out as v2; nothing else about it changes.
        records = await read_records(
            endpoints.kafka_bootstrap, events_topic("intake", topic_prefix),
            at_least=len(intake_lines) + 2,
        )  # fmt: skip
    published = [CloudEvent.model_validate_json(r.value) for r in records]
    by_id = {str(e.id): e for e in published}
    for line in intake_lines:
        event = by_id[line["event_id"]]
        if line["event_type"] == WITHDRAWN:
            assert event.type == f"{WITHDRAWN}.v2"
            assert event.data == {**line["data"], "leefgebieden": EVERY_LIFE_DOMAIN}
        elif line["event_type"] in CLEAR_TEXT_RETIRED:  # the clear free text stays behind
            text = CLEAR_TEXT_RETIRED[line["event_type"]]
            assert event.type == f"{line['event_type']}.v2"
            assert event.data == {k: v for k, v in line["data"].items() if k != text}
        elif line["event_type"] in RETIRED_IN_19 or line["event_type"] in SEALED_LATER:
            assert_relayed_as_newest(line, event)
        else:
            assert event.type == line["event_type"]
            assert event.data == line["data"]
    # Order holds per young person (one partition each), not across the topic's partitions.
    theirs = [e for e in published if str(e.subject) == str(YOUTH)]
    assert [e.type for e in theirs][-2:] == ["nl.regie.intake.consent-given", f"{WITHDRAWN}.v2"]
    assert theirs[-1].data["leefgebieden"] == ["werk"]


def assert_relayed_as_newest(line: dict[str, Any], event: CloudEvent) -> None:
    """One of the retired v1s, published by today's relay as its newest version."""
    version, relayed = {**RETIRED_IN_19, **SEALED_LATER}[line["event_type"]]
    assert event.type == f"{line['event_type']}.v{version}"
    assert event.data == relayed(line["data"])


async def test_coaching_loads_and_relays_its_version_1_goal_scan_and_relapse(
    endpoints, topic_prefix
):
    platform = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    p = topic_prefix
    app = create_coaching(platform, CoachingSettings(
        schema_name=f"{p}_coaching", states_group=f"{p}-coaching",
        policies_group=f"{p}-coaching-policies", registrations_group=f"{p}-coaching-registrations",
    ))  # fmt: skip
    lines = [line for line in history() if line["event_type"].startswith(COACHING)]
    async with serve(app) as coaching:
        await eventually(lambda: coaching.get("/ready"), lambda r: r.status_code == 200)
        for line in lines:
            await app.state.store.append(line["stream_id"], [NewEvent(
                event_id=uuid.UUID(line["event_id"]), event_type=line["event_type"],
                schema_version=line["schema_version"], subject=line["subject"],
                data=json.dumps(line["data"]), metadata=metadata(line),
            )], line["stream_version"] - 1)  # fmt: skip

        # Aggregate load: the goal in intake's life domain, the relapse counted.
        shown = await coaching.get(f"/youths/{YOUTH_19}/coaching", headers=bearer("coach"))
        assert shown.status_code == 200, shown.text
        assert [(g["goal_id"], g["leefgebied"]) for g in shown.json()["goals"]] == [
            ("doel-c1", "sociaal_netwerk")
        ]
        assert shown.json()["relapses"] == 1
        audited = await coaching.get(f"/youths/{YOUTH_19}/coaching", headers=bearer("auditor"))
        assert [g["leefgebied"] for g in audited.json()["goals"]] == ["sociaal_netwerk"]

        records = await read_records(
            endpoints.kafka_bootstrap, events_topic("coaching", topic_prefix), at_least=len(lines)
        )
    by_id = {str(e.id): e for e in (CloudEvent.model_validate_json(r.value) for r in records)}
    for line in lines:
        assert_relayed_as_newest(line, by_id[line["event_id"]])


async def test_consumers_rebuild_and_as_of_read_version_1_from_kafka(
    live, platform_for, endpoints, topic_prefix
):
    for position, line in enumerate(history(), start=1):
        await live.publish(as_published_then(line, position))
    await live.caught_up()

    auditor = await live.client.get(f"/youths/{YOUTH}/timeline", headers=bearer("auditor"))
    director = await live.client.get(f"/youths/{YOUTH}/timeline", headers=bearer("regisseur"))
    assert auditor.status_code == director.status_code == 200
    debts = [e for e in director.json()["entries"] if e["domain"] == "debts"]
    assert [e["redacted"] for e in debts] == [True]  # the v1 withdrawal covered financien
    assert [e["redacted"] for e in auditor.json()["entries"] if e["domain"] == "debts"] == [False]
    consents = await live.pool.fetch(
        f"SELECT purpose, leefgebieden, withdrawn_at FROM {live.schema}.consents"
        " WHERE youth_id = $1 ORDER BY given_at", YOUTH,
    )  # fmt: skip
    assert [(r["purpose"], r["withdrawn_at"] is not None) for r in consents] == [
        ("tijdlijn_delen", True), ("gegevens_uitwisselen", True),
    ]  # withdrawn whole: no remainder rows  # fmt: skip
    (resolution,) = [line for line in history() if line["event_type"] == RESOLVED]
    doorbraken = await live.pool.fetch(
        f"SELECT obstruction, outcome, resolved_on FROM {live.schema}.report_breakthroughs"
        " WHERE youth_id = $1", YOUTH,
    )  # fmt: skip
    assert [tuple(r) for r in doorbraken] == [
        ("kostendelersnorm", "opgelost_maatwerk", date(2026, 4, 20))
    ]
    assert resolution["data"]["maatwerk"] not in auditor.text + director.text
    (customised,) = [line for line in history() if line["event_type"] == CUSTOMISED]
    assert customised["data"]["deviation"] not in auditor.text + director.text
    # Issue 19's v1s: on the line, and no headline passes on a special code they held in clear.
    retired = await live.client.get(f"/youths/{YOUTH_19}/timeline", headers=bearer("auditor"))
    assert retired.status_code == 200, retired.text
    headlines = [e["headline"] for e in retired.json()["entries"]]
    assert {
        "Aangemeld door een andere partner",
        "Toekomstplan vastgesteld: 2 doelen",
        "Doel over tijd (uiterlijk 1 mei)",
        "Talentenscan afgerond",
    } <= set(headlines)
    assert not [h for h in headlines if any(code in h.lower() for code in SPECIAL)]

    # As-of, before the withdrawal of 1 March: the director saw the debts entry.
    before = await timeline_as_of(
        live.pool, platform_for, live.spec, live.settings.policy_for,
        instant=datetime(2026, 2, 1, tzinfo=UTC), youth_id=YOUTH,
        roles=frozenset({"regisseur"}), actor="medewerker-1",
    )  # fmt: skip
    assert [e.redacted for e in before.entries if e.domain == "debts"] == [False]
    now = await timeline_as_of(
        live.pool, platform_for, live.spec, live.settings.policy_for,
        instant=datetime.now(UTC), youth_id=YOUTH,
        roles=frozenset({"regisseur"}), actor="medewerker-1",
    )  # fmt: skip
    assert now.model_dump(mode="json") == director.json()

    # Rebuild from the same topics: equal to live, so it swaps (exit 0).
    code, out, err = await cli(endpoints, topic_prefix, live, "rebuild", "timeline", "--json")
    assert code == 0, (out, err)
    assert released_contracts().upcasters.needs_upcast(WITHDRAWN, 1)
