"""Minimal events for tests of the store and the relay, where only order and count matter."""

from __future__ import annotations

import uuid

from shared.eventstore import Metadata, NewEvent

SOURCE = "urn:nld:oin:00000099999999999999:systeem:regie-test"


def event_for(subject: str) -> NewEvent:
    """A one-field event of a test type for `subject`, with a fresh id."""
    return NewEvent(
        event_id=uuid.uuid4(),
        event_type="nl.regie.test.thing-happened",
        schema_version=1,
        subject=subject,
        data='{"k": 1}',
        metadata=Metadata(tenant="0518", actor="w", actor_role="intake", correlation_id="c"),
    )
