"""What the bridge promises on Kafka: it publishes nothing and reads every domain's topic.

Its AsyncAPI document names each topic it reads and the consumer group; the schemas of the
events it forwards are in each producer's own document, and what a webhook receives is that
same CloudEvent (see the README's "Webhooks (notification bridge)").
"""

from __future__ import annotations

from typing import Any

from services.notifications.settings import NotificationsSettings
from shared.event_contracts.asyncapi import Subscription, asyncapi_document
from shared.kafka import events_topic

SERVICE = "notifications"


def subscriptions() -> list[Subscription]:
    """One per domain topic the bridge reads by default, in its default consumer group.

    Defaults, not this deployment's settings: the served document equals the committed one.
    """
    settings = NotificationsSettings.model_construct()
    return [
        Subscription(
            domain,
            (settings.consumer_group,),
            f"Every event on {events_topic(domain)} is matched against the webhook"
            " subscriptions (type prefix, gemeentecode) and queued for delivery, unchanged"
            " apart from upcasting to the newest version, as `application/cloudevents+json`."
            " Types the bridge does not know are passed over.",
        )
        for domain in settings.domains
    ]


def asyncapi(version: str) -> dict[str, Any]:
    """The bridge's AsyncAPI document: subscriptions only."""
    return asyncapi_document(SERVICE, version, subscriptions=subscriptions())
