"""The inbox's pure decision: which events of a batch to apply, given each stream's mark."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from shared.envelope import CloudEvent
from shared.projection.inbox import MAX_GAP, behind, decide, highest, stream_of

INTAKE = "urn:nld:oin:00000099999999999999:systeem:regie-intake"
DEBTS = "urn:nld:oin:00000099999999999999:systeem:regie-debts"
NONE: frozenset[uuid.UUID] = frozenset()


def event(stream: str, version: int, source: str = INTAKE) -> CloudEvent:
    """An event at `version` of `stream`, with an id of its own."""
    return CloudEvent(
        specversion="1.0", id=uuid.uuid4(), source=source, type="nl.regie.intake.youth-registered",
        subject=stream.split("-", 1)[1], time=datetime.now(UTC),
        datacontenttype="application/json", sequence=f"{1:020d}-{version:020d}",
        streamid=stream, streamversion=version, gemeentecode="0518", actor="a",
        actorrole="intake", correlationid="c", data={},
    )  # fmt: skip


def versions(events: list[CloudEvent]) -> list[tuple[str, int]]:
    """(stream, version) of each event, in order."""
    return [(e.streamid, e.streamversion) for e in events]


def test_a_new_stream_applies_every_event_in_order():
    """No mark yet: versions 1, 2, 3 are all new."""
    batch = [event("youth-a", v) for v in (1, 2, 3)]
    assert versions(decide(batch, {}, NONE).fresh) == [
        ("youth-a", 1),
        ("youth-a", 2),
        ("youth-a", 3),
    ]


def test_a_redelivered_batch_applies_nothing():
    """After a crash before the offset commit, the same events at or below the mark: none."""
    batch = [event("youth-a", v) for v in (1, 2, 3)]
    marks = highest(batch)
    assert decide(batch, marks, NONE).fresh == []


def test_a_republish_from_the_start_applies_only_what_is_beyond_the_mark():
    """The relay sends versions 1..5 again; the mark is 3: only 4 and 5 apply."""
    batch = [event("youth-a", v) for v in range(1, 6)]
    assert versions(decide(batch, {stream_of(batch[0]): 3}, NONE).fresh) == [
        ("youth-a", 4), ("youth-a", 5),
    ]  # fmt: skip


def test_an_event_twice_in_one_batch_applies_once():
    """A republished copy in the same batch as the first: the running mark turns it away."""
    first = event("youth-a", 1)
    again = first.model_copy()
    decision = decide([first, again, event("youth-a", 2)], {}, NONE)
    assert versions(decision.fresh) == [("youth-a", 1), ("youth-a", 2)]


def test_a_jump_is_applied_and_notes_the_versions_it_passed_over():
    """Mark 2, version 5 arrives: applied, as the event-id inbox did; 3 and 4 noted as gaps."""
    five = event("youth-a", 5)
    decision = decide([five], {stream_of(five): 2}, NONE)
    assert (versions(decision.fresh), decision.gaps) == ([("youth-a", 5)], 1)
    assert decision.passed_over == [(INTAKE, "youth-a", 3), (INTAKE, "youth-a", 4)]


def test_a_lower_version_after_a_higher_one_in_the_same_batch_is_applied_once():
    """6 before 5 (a relay batch that failed while the next one got through), then 5 again."""
    four, six, five = event("youth-a", 4), event("youth-a", 6), event("youth-a", 5)
    decision = decide([four, six, five, five.model_copy()], {stream_of(four): 3}, NONE)
    assert versions(decision.fresh) == [("youth-a", 4), ("youth-a", 6), ("youth-a", 5)]
    assert decision.passed_over == []  # filled in the batch: nothing left to note


def test_a_noted_gap_arriving_later_is_applied_and_a_version_not_noted_is_a_duplicate():
    """Mark 6 with 5 noted: 5 applies (once), 4 is a redelivery."""
    five, four = event("youth-a", 5), event("youth-a", 4)
    marks = {stream_of(five): 6}
    assert behind([five, four], marks) == [(INTAKE, "youth-a", 5), (INTAKE, "youth-a", 4)]
    decision = decide([five, four, five.model_copy()], marks, NONE, frozenset(
        {(INTAKE, "youth-a", 5)}
    ))  # fmt: skip
    assert versions(decision.fresh) == [("youth-a", 5)]


def test_a_stream_first_seen_above_version_1_notes_what_is_below_up_to_the_limit():
    """First seen at 3 (its first batch lost): 1 and 2 noted; a jump of MAX_GAP + 1: none."""
    three = event("youth-a", 3)
    far = event("youth-b", MAX_GAP + 3)
    decision = decide([three, far], {stream_of(far): 1}, NONE)
    assert versions(decision.fresh) == [("youth-a", 3), ("youth-b", MAX_GAP + 3)]
    assert decision.passed_over == [(INTAKE, "youth-a", 1), (INTAKE, "youth-a", 2)]
    assert decision.gaps == 2


def test_streams_are_told_apart_by_source_and_stream():
    """The same stream id from another service, and another person's stream: marks of their own."""
    a, b, other = event("youth-a", 2), event("youth-b", 1), event("youth-a", 1, DEBTS)
    decision = decide([a, b, other], {stream_of(a): 1}, NONE)
    assert versions(decision.fresh) == [("youth-a", 2), ("youth-b", 1), ("youth-a", 1)]


def test_an_event_the_old_id_table_names_is_not_applied_but_raises_the_mark():
    """Applied before the marks existed: skipped; a later copy of an earlier version too."""
    one, two, three = (event("youth-a", v) for v in (1, 2, 3))
    decision = decide([two, one, three], {}, frozenset({two.id}))
    assert versions(decision.fresh) == [("youth-a", 3)]


def test_the_marks_after_a_batch_are_the_highest_version_per_stream():
    """What the inbox stores: one number per stream, however many events."""
    batch = [event("youth-a", v) for v in (1, 2, 3)] + [event("youth-b", 7)]
    assert highest(batch) == {(INTAKE, "youth-a"): 3, (INTAKE, "youth-b"): 7}
