"""The CloudEvents envelope: what integrators receive must parse, and keep our payload intact."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from shared.envelope import CloudEvent, cloudevent_type, encode, split_cloudevent_type
from shared.eventstore import Checkpoint, Metadata, RecordedEvent

SOURCE = "urn:nld:oin:00000099999999999999:systeem:regie-intake"


def recorded(**overrides) -> RecordedEvent:
    values = {
        "event_id": uuid.uuid4(),
        "event_type": "nl.regie.intake.youth-registered",
        "schema_version": 1,
        "subject": str(uuid.uuid4()),
        "data": '{"programma": "jpf", "nested": {"a": [1, 2]}}',
        "metadata": Metadata(
            tenant="0518",
            actor="medewerker-7",
            actor_role="intake",
            correlation_id="corr-1",
            causation_id="cause-1",
            extensions={"programma": "jpf"},
        ),
        "stream_id": "youth-1",
        "stream_version": 3,
        "checkpoint": Checkpoint(752, 12),
        "recorded_at": datetime(2026, 11, 22, 10, 0, tzinfo=UTC),
    }
    return RecordedEvent(**(values | overrides))


def test_encoded_event_is_a_valid_cloudevent_with_our_extensions():
    """Every attribute an integrator relies on is present, and the payload is spliced in as-is."""
    event = recorded()
    parsed = CloudEvent.model_validate_json(encode(event, SOURCE))
    assert parsed.id == event.event_id
    assert parsed.type == "nl.regie.intake.youth-registered"
    assert parsed.subject == event.subject
    assert parsed.sequence == "00000000000000000752-00000000000000000012"
    assert (parsed.streamversion, parsed.gemeentecode, parsed.programma) == (3, "0518", "jpf")
    assert (parsed.actor, parsed.correlationid, parsed.causationid) == (
        "medewerker-7",
        "corr-1",
        "cause-1",
    )
    assert parsed.data == {"programma": "jpf", "nested": {"a": [1, 2]}}
    assert json.loads(encode(event, SOURCE))["time"] == "2026-11-22T10:00:00Z"


def test_sequence_strings_sort_in_log_order():
    """A consumer that sorts by `sequence` as text gets the relay's order."""
    positions = [Checkpoint(9, 100), Checkpoint(10, 2), Checkpoint(10, 30), Checkpoint(1000, 1)]
    sequences = [p.as_sequence() for p in positions]
    assert sorted(sequences) == sequences
    assert [Checkpoint.from_sequence(s) for s in sequences] == positions


def test_breaking_versions_carry_a_suffix_and_round_trip():
    """Version 1 has no suffix; version N > 1 ends in .vN."""
    assert cloudevent_type("nl.regie.debts.debt-recorded", 1) == "nl.regie.debts.debt-recorded"
    assert cloudevent_type("nl.regie.debts.debt-recorded", 2) == "nl.regie.debts.debt-recorded.v2"
    assert split_cloudevent_type("nl.regie.debts.debt-recorded.v2") == (
        "nl.regie.debts.debt-recorded",
        2,
    )
    with pytest.raises(ValueError, match="not a regie event type"):
        split_cloudevent_type("com.example.thing")


@pytest.mark.parametrize(
    ("field", "value"),
    [("specversion", "0.3"), ("gemeentecode", "518"), ("type", "Intake.Registered")],
)
def test_envelopes_breaking_the_profile_are_rejected(field, value):
    """A consumer refuses what does not follow the profile, instead of guessing."""
    document = json.loads(encode(recorded(), SOURCE))
    document[field] = value
    with pytest.raises(ValidationError):
        CloudEvent.model_validate(document)
