"""A rebuild of the signals equals the live model, and the workers' acknowledgements stay."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from services.timeline.registry import dead_letter_signals_spec, signals_spec
from shared.clock import FixedClock
from shared.kafka import dead_letter_topic
from shared.projection.verify import columns, fingerprint
from tests.integration.timeline.conftest import cli
from tests.integration.timeline.signal_events import event, topic_and_bytes
from tests.support.apps import bearer
from tests.support.waiting import eventually

DAY = date(2031, 3, 3)
AUDITOR = bearer("auditor")
EVERY = {"per_page": 100, "state": ["open", "erkend", "gesluimerd", "opgelost"]}


async def signal_tables(live) -> dict[str, object]:
    """Each signal table's row count and content hash."""
    tables = signals_spec(live.settings).tables + dead_letter_signals_spec(live.settings).tables
    async with live.pool.acquire() as conn:
        return {
            t: await fingerprint(
                conn, live.schema, t, await columns(conn, live.schema, t, frozenset())
            )
            for t in tables
        }


async def story(live, youth: str, *, resolved: bool = False) -> None:
    """Deadlines missed, met and coming up; an eviction; debt help; a Doorbraak; a review due.

    The Doorbraak is asked and, when `resolved`, settled; a reaction of debts' policy to this
    young person's eviction threat is dead-lettered.
    """
    trajectory, breakthrough = str(uuid.uuid4()), str(uuid.uuid4())
    events = [
        event("nl.regie.debts.debt-help-requested", youth, {"trajectory_id": trajectory,
              "first_conversation_due": (DAY + timedelta(days=4)).isoformat()}, on=DAY),
        event("nl.regie.housing.homelessness-registered", youth,
              {"first_week_due": (DAY + timedelta(days=2)).isoformat(),
               "plan_due": (DAY + timedelta(days=60)).isoformat()}, on=DAY),
        event("nl.regie.housing.eviction-threatened", youth, {"eviction_id": "e-1"}, on=DAY),
        event("nl.regie.debts.first-conversation-deadline-missed", youth,
              {"trajectory_id": trajectory, "first_conversation_due": DAY.isoformat()},
              on=DAY, role="systeem"),
        event("nl.regie.intake.possible-duplicate-found", youth,
              {"other_youth_id": str(uuid.uuid4()), "matched_on": "naam"}, on=DAY),
        event("nl.regie.housing.shelter-admitted", youth, {}, on=DAY),
        event("nl.regie.intake.breakthrough-requested", youth,
              {"breakthrough_id": breakthrough, "obstruction": "kostendelersnorm",
               "organisation": "gemeente", "requested_on": DAY.isoformat()}, on=DAY),
        *([event("nl.regie.intake.breakthrough-resolved", youth,
                 {"breakthrough_id": breakthrough, "outcome": "niet_opgelost",
                  "resolved_on": DAY.isoformat()}, on=DAY)] if resolved else []),
        event("nl.regie.intake.plan-review-due", youth,
              {"plan_id": "plan-1", "due_on": (DAY - timedelta(days=1)).isoformat()},
              on=DAY, role="systeem"),
    ]  # fmt: skip
    for cloud in events:
        await live.publish(cloud.model_dump_json().encode())
    parked = event("nl.regie.housing.eviction-threatened", youth, {"eviction_id": "e-2"}, on=DAY)
    topic, key, value = topic_and_bytes(parked, live.prefix)
    await live.producer.send_and_wait(dead_letter_topic(topic), value, key, headers=[
        ("dlq-reason", b"apply failed: boom"), ("dlq-consumer", b"x-debts-policies"),
    ])  # fmt: skip


async def quiet(live, youth: str) -> None:
    """Enrolled two months ago, and no person recorded anything since: no contact."""
    enrolled = event("nl.regie.intake.programme-enrolled", youth, {"programma": "jpf"},
                     on=DAY - timedelta(days=60), role="intake")  # fmt: skip
    verified = event("nl.regie.debts.chains-verified", str(uuid.uuid4()),
                     {"service": "debts", "events_checked": 3, "log_entries_checked": 2},
                     on=DAY, role="systeem")  # fmt: skip
    for cloud in (enrolled, verified):
        await live.publish(cloud.model_dump_json().encode())


async def test_a_rebuild_equals_live_and_keeps_acknowledgements(live, endpoints, topic_prefix):
    """`rebuild signals` and `rebuild signal-dead-letters` verify equal and swap.

    Every signal table holds rows and is compared; the acknowledged signal is still so.
    """
    live.app.state.clock = FixedClock(DAY)
    youths = [str(uuid.uuid4()) for _ in range(3)]
    for number, youth in enumerate(youths):
        await story(live, youth, resolved=number == 0)
    silent = str(uuid.uuid4())
    await quiet(live, silent)
    # Per young person: missed, eviction (resolved), duplicate, Doorbraak, review, dead letter.
    listed = await eventually(
        lambda: live.client.get("/signals", headers=AUDITOR, params=EVERY),
        lambda r: r.status_code == 200 and r.json()["total"] == 3 * 6 + 1,
    )
    kinds = {(s["kind"], s["domain"], s["state"]) for s in listed.json()["items"]}
    assert {("doorbraak_open", "intake", "open"), ("doorbraak_open", "intake", "opgelost"),
            ("termijn_verstreken", "intake", "open"), ("reactie_mislukt", "debts", "open"),
            ("geen_contact", "intake", "open")} <= kinds  # fmt: skip
    assert [s["kind"] for s in listed.json()["items"] if s["youth_id"] == silent] == [
        "geen_contact"
    ]
    first = listed.json()["items"][0]
    done = await live.client.post(f"/signals/{first['signal_id']}/acknowledge", headers=AUDITOR,
                                  json={"note": "Opgepakt."})  # fmt: skip
    assert done.status_code == 200, done.text
    before = await signal_tables(live)
    assert all(f.rows for f in before.values()), before  # every table holds rows
    shown = (await live.client.get("/signals", headers=AUDITOR, params=EVERY)).json()

    for projection in ("signals", "signal-dead-letters"):
        code, out, err = await cli(endpoints, topic_prefix, live, "rebuild", projection, "--json")
        assert code == 0, out + err
        assert '"swapped": true' in out

    assert await signal_tables(live) == before
    after = (await live.client.get("/signals", headers=AUDITOR, params=EVERY)).json()
    assert after == shown
    assert (
        next(s for s in after["items"] if s["signal_id"] == first["signal_id"])["state"] == "erkend"
    )
