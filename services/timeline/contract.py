"""What the timeline promises on Kafka: its municipalities' protected figures; it reads the rest.

Its AsyncAPI document names each topic it reads, the consumer groups that read it and the
types it shows (the schemas of those types are in each producer's own document), and the one
thing it publishes: each municipality's protected figures per month, on a topic of the
municipality's own, for comparison across municipalities.
"""

from __future__ import annotations

from typing import Any

from services.timeline.comparison.event import CATALOGUE as FIGURES
from services.timeline.read_model.catalogue import HEADLINES, domain_of, domains
from services.timeline.settings import TimelineSettings
from shared.event_contracts.asyncapi import Subscription, asyncapi_document
from shared.kafka import events_topic

SERVICE = "timeline"
_GROUP = TimelineSettings.model_fields["consumer_group"].default
FIGURES_TOPIC = "gm<gemeentecode>.figures.events"
FIGURES_PUBLISHED = (
    "Each municipality's protected figures per month (`gm0518.figures.events` for 0518, under"
    " the platform's topic prefix), as CloudEvents 1.0 JSON documents; key: the month"
    " (`JJJJ-MM`), the latest revision of a month replacing the earlier ones. No young person"
    " and no exact count from 1 to the threshold: small counts read `<N`, complementary ones"
    " `x`. Read by the comparison of every deployment whose TIMELINE_PROGRAMMES names the"
    f" municipality, in consumer group `{_GROUP}-comparison`; anything not so protected goes"
    " to the topic's `.dlq` with the reason."
)


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
    """The timeline's AsyncAPI document: the figures it publishes and the topics it reads."""
    return asyncapi_document(
        SERVICE, version, subscriptions=subscriptions(), catalogue=FIGURES,
        topic=FIGURES_TOPIC, description=FIGURES_PUBLISHED,
    )  # fmt: skip
