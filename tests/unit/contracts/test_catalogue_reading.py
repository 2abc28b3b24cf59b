"""How a service reads its own stored events: upcast old versions, tolerate newer writers."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest

from services.intake.domain.events import CATALOGUE, ConsentWithdrawn, ProgrammeEnrolled
from shared.events import UnknownEventTypeError
from shared.eventstore import Checkpoint, Metadata, RecordedEvent

YOUTH = uuid.uuid4()


def stored(type_name: str, version: int, data: dict[str, object]) -> RecordedEvent:
    return RecordedEvent(
        event_id=uuid.uuid4(), event_type=type_name, schema_version=version,
        subject=str(YOUTH), data=json.dumps({"youth_id": str(YOUTH), **data}),
        metadata=Metadata(tenant="0518", actor="a", actor_role="intake", correlation_id="c"),
        stream_id=f"youth-{YOUTH}", stream_version=1, checkpoint=Checkpoint(1, 1),
        recorded_at=datetime(2026, 1, 5, tzinfo=UTC),
    )  # fmt: skip


def test_an_old_version_is_read_as_the_newest_through_its_upcaster() -> None:
    v1 = stored("nl.regie.intake.consent-withdrawn", 1, {
        "purpose": "tijdlijn_delen", "withdrawn_on": "2026-01-05",
    })  # fmt: skip
    event = CATALOGUE.decode(v1)
    assert isinstance(event, ConsentWithdrawn)
    assert len(event.leefgebieden) == 12


def test_a_field_from_a_newer_writer_is_left_out_rather_than_failing_the_load() -> None:
    """Rolling upgrade: the new code added an optional field; the old code still loads."""
    newer = stored("nl.regie.intake.programme-enrolled", 1, {
        "programma": "jpf", "start_on": "2026-01-05", "cohort": "2026-voorjaar",
    })  # fmt: skip
    event = CATALOGUE.decode(newer)
    assert isinstance(event, ProgrammeEnrolled)
    assert event.programma == "jpf"


def test_a_version_newer_than_the_code_or_an_unknown_type_is_refused() -> None:
    with pytest.raises(UnknownEventTypeError, match="consent-withdrawn v3"):
        CATALOGUE.decode(stored("nl.regie.intake.consent-withdrawn", 3, {}))
    with pytest.raises(UnknownEventTypeError, match="something-else v1"):
        CATALOGUE.decode(stored("nl.regie.intake.something-else", 1, {}))
