"""A rebuild of the signals equals the live model, and the workers' acknowledgements stay."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from services.timeline.registry import dead_letter_signals_spec, signals_spec
from shared.clock import FixedClock
from shared.projection.verify import columns, fingerprint
from tests.integration.timeline.conftest import cli
from tests.integration.timeline.signal_events import event
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


async def story(live, youth: str) -> None:
    """Deadlines missed, met and coming up; an eviction; debt help; a Doorbraak asked."""
    trajectory = str(uuid.uuid4())
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
    ]  # fmt: skip
    for cloud in events:
        await live.publish(cloud.model_dump_json().encode())


async def test_a_rebuild_equals_live_and_keeps_acknowledgements(live, endpoints, topic_prefix):
    """`rebuild signals` verifies equal and swaps; the acknowledged signal is still so."""
    live.app.state.clock = FixedClock(DAY)
    youths = [str(uuid.uuid4()) for _ in range(3)]
    for youth in youths:
        await story(live, youth)
    listed = await eventually(
        lambda: live.client.get("/signals", headers=AUDITOR, params=EVERY),
        lambda r: (
            r.status_code == 200 and r.json()["total"] == 3 * 3
        ),  # missed, eviction (resolved), duplicate,
    )
    first = listed.json()["items"][0]
    done = await live.client.post(f"/signals/{first['signal_id']}/acknowledge", headers=AUDITOR,
                                  json={"note": "Opgepakt."})  # fmt: skip
    assert done.status_code == 200, done.text
    before = await signal_tables(live)
    shown = (await live.client.get("/signals", headers=AUDITOR, params=EVERY)).json()

    code, out, err = await cli(endpoints, topic_prefix, live, "rebuild", "signals", "--json")

    assert code == 0, out + err
    assert '"swapped": true' in out
    assert await signal_tables(live) == before
    after = (await live.client.get("/signals", headers=AUDITOR, params=EVERY)).json()
    assert after == shown
    assert (
        next(s for s in after["items"] if s["signal_id"] == first["signal_id"])["state"] == "erkend"
    )
