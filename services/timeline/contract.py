"""What the timeline promises on Kafka: it publishes nothing and reads every domain's topic.

Its AsyncAPI document names each topic it reads, the consumer groups that read it and the
types it shows; the schemas of those types are in each producer's own document.
"""

from __future__ import annotations

from typing import Any

from services.timeline.read_model.catalogue import HEADLINES, domain_of, domains
from services.timeline.settings import TimelineSettings
from shared.event_contracts.asyncapi import Subscription, asyncapi_document
from shared.kafka import events_topic

SERVICE = "timeline"
_GROUP = TimelineSettings.model_fields["consumer_group"].default


def subscriptions() -> list[Subscription]:
    """One per domain topic: the timeline, the reports and the signals read it, each in a group.

    (The signals' failed reactions are read from each topic's `.dlq` in `<group>-dead-letters`.)
    """
    return [
        Subscription(domain, (_GROUP, f"{_GROUP}-reports", f"{_GROUP}-signals"), _purpose(domain))
        for domain in domains()
    ]


def _purpose(domain: str) -> str:
    shown = ", ".join(f"`{name}`" for name in sorted(HEADLINES) if domain_of(name) == domain)
    return (
        f"The consolidated timeline, the life-domain summary, the reports and the signals read"
        f" every event"
        f" on {events_topic(domain)}; the timeline shows {shown}. Other types are skipped, so"
        f" a new type never stops it. The schemas are in {domain}'s own AsyncAPI document."
    )


def asyncapi(version: str) -> dict[str, Any]:
    """The timeline's AsyncAPI document: subscriptions only."""
    return asyncapi_document(SERVICE, version, subscriptions=subscriptions())
