"""The reports' milestones: a batch's rows go in as one statement, the same rows as before."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.timeline.reports.milestones import Milestones
from tests.support.cloudevents import cloud_event

YOUTH = "0f8fad5b-d9cb-469f-a165-70867728950e"


class Recording:
    """A connection that keeps each statement and its arguments."""

    def __init__(self) -> None:
        """No statement yet."""
        self.calls: list[tuple[str, tuple[Any, ...]]] = []

    async def execute(self, sql: str, *args: Any) -> str:
        """Keep it; write nothing."""
        self.calls.append((sql, args))
        return "INSERT 0 0"


async def test_a_batch_of_milestones_is_one_statement_with_every_row():
    """A start, a first conversation, a drop-out and an event that reaches none: one insert."""
    events = [
        cloud_event(
            "nl.regie.intake.programme-enrolled",
            YOUTH,
            {"programma": "jpf", "start_on": "2026-01-05"},
        ),
        cloud_event("nl.regie.debts.first-conversation-held", YOUTH, {"held_on": "2026-01-12"}),
        cloud_event("nl.regie.intake.consent-given", YOUTH, {"purpose": "tijdlijn_delen"}),
        cloud_event(
            "nl.regie.intake.programme-exited",
            YOUTH,
            {"programma": "jpf", "reason": "zelf_gestopt", "exit_on": "2026-03-01"},
        ),
    ]
    conn = Recording()
    await Milestones("s").apply(conn, events)  # type: ignore[arg-type]
    assert len(conn.calls) == 1
    _, columns = conn.calls[0]
    rows = list(zip(*columns, strict=True))
    assert [(r[1], r[4], r[5]) for r in rows] == [
        ("start", "jpf", date(2026, 1, 5)),
        ("eerste_gesprek", None, date(2026, 1, 12)),
        ("uitval", "jpf", date(2026, 3, 1)),
    ]
    assert {r[2] for r in rows} == {YOUTH}


async def test_a_batch_that_reaches_no_milestone_sends_nothing():
    conn = Recording()
    event = cloud_event("nl.regie.intake.consent-given", YOUTH, {"purpose": "tijdlijn_delen"})
    await Milestones("s").apply(conn, [event])  # type: ignore[arg-type]
    assert conn.calls == []
