"""From a Kafka record to the event a projection applies: parse, check, upcast, tolerate.

- Not a CloudEvent, or not of the topic's domain: dead-lettered with the reason.
- A type or version that was never released (a newer producer, a stray test message):
  passed over, counted and logged; it is not this reader's to understand, and it must not
  stop the young people behind it.
- An older released version: upcast to the newest with the released upcasters, so every
  projection, policy, rebuild and as-of replay sees one version of each type.
- Fields the released schema does not have: left in place and ignored, counted and logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import ValidationError

from shared.envelope import CloudEvent, cloudevent_type
from shared.event_contracts.released import released_contracts
from shared.kafka import dead_letter_topic, domain_of_topic

if TYPE_CHECKING:
    from collections.abc import Sequence

    from aiokafka import ConsumerRecord

    from shared.event_contracts.released import Released

_PARKED = dead_letter_topic("")  # the suffix of every dead-letter topic


@dataclass(frozen=True, slots=True)
class Reading:
    """What a record turned out to be: an event to apply, or why not."""

    event: CloudEvent | None = None
    dead_letter: str = ""  # why the record goes to the dead-letter topic
    skipped: str = ""  # the CloudEvents type passed over: one this reader does not know
    unknown_fields: tuple[str, ...] = ()
    upcast_from: int = 0  # the version the event was published in, when it was upcast


def read_event(record: ConsumerRecord[bytes, bytes], released: Released | None = None) -> Reading:
    """Read one record as a CloudEvent of the topic's domain, at the newest released version."""
    if not record.value:
        return Reading(dead_letter="empty message")
    try:
        event = CloudEvent.model_validate_json(record.value)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'message'}: {e['msg']}"
            for e in error.errors()[:5]
        )
        return Reading(dead_letter=f"not a valid CloudEvent: {problems}")
    domain = domain_of_topic(record.topic)
    if not event.type.startswith(f"nl.regie.{domain}."):
        return Reading(
            dead_letter=f"event type {event.type} does not belong on topic {record.topic}"
        )
    if record.topic.endswith(_PARKED):
        event = with_dead_letter_headers(event, record.headers or ())
    return upcast_event(event, released or released_contracts())


def with_dead_letter_headers(event: CloudEvent, headers: Sequence[tuple[str, bytes]]) -> CloudEvent:
    """A parked event, with who parked it and why as extension attributes.

    The runner puts both in the record's headers (`dlq-consumer`, `dlq-reason`); a reader of
    the dead-letter topic (the timeline's signals) sees only the event, so they travel on it.
    """
    found = {name: value.decode(errors="replace") for name, value in headers}
    extra = {
        "dlqconsumer": found.get("dlq-consumer", ""),
        "dlqreason": found.get("dlq-reason", ""),
    }
    return event.model_copy(update=extra)


def upcast_event(event: CloudEvent, released: Released) -> Reading:
    """`event` at the newest released version of its type, or why it is passed over."""
    name, version = event.name_and_version
    if not released.knows(name, version):
        return Reading(skipped=event.type)
    upcast_from = 0
    if released.upcasters.needs_upcast(name, version):
        upcast_from = version
        version, data = released.upcasters.upcast(name, version, event.data)
        event = event.model_copy(update={"type": cloudevent_type(name, version), "data": data})
    unknown = released.unknown_fields(name, version, event.data)
    return Reading(event, unknown_fields=tuple(unknown), upcast_from=upcast_from)
