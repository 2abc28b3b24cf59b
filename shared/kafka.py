"""Kafka wiring: topics and tuned clients.

The hot paths (relay, projection runner) use aiokafka directly with batches: per-message
FastStream handlers are ~27x slower here (ARCHITECTURE.md section 7). FastStream stays at the
edge, for the generated AsyncAPI (shared/event_contracts/asyncapi.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import structlog
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.helpers import create_ssl_context

if TYPE_CHECKING:
    from shared.settings import PlatformSettings

log = structlog.get_logger("kafka")

_TOPIC_EXISTS = 36


class TopicError(RuntimeError):
    """A topic could not be created, or exists with another shape."""


def events_topic(service: str, prefix: str = "") -> str:
    """The topic a service publishes its events to: `[<prefix>.]<service>.events`."""
    return f"{prefix}.{service}.events" if prefix else f"{service}.events"


def domain_of_topic(topic: str) -> str:
    """The service (domain) whose events a topic carries."""
    return topic.removesuffix(".dlq").removesuffix(".events").rsplit(".", 1)[-1]


def dead_letter_topic(topic: str) -> str:
    """Where messages from `topic` that cannot be processed go, with the reason in headers."""
    return f"{topic}.dlq"


def is_dead_letter_topic(topic: str) -> bool:
    """Whether `topic` is where another topic's unprocessable messages go."""
    return topic.endswith(".dlq")


def connection_options(settings: PlatformSettings) -> dict[str, Any]:
    """Where the brokers are and how to authenticate: the same for every client of a process."""
    options: dict[str, Any] = {
        "bootstrap_servers": settings.kafka_bootstrap_servers,
        "security_protocol": settings.kafka_security_protocol,
    }
    if settings.kafka_security_protocol in ("SSL", "SASL_SSL"):
        options["ssl_context"] = create_ssl_context(cafile=settings.kafka_ca_file or None)
    if settings.kafka_security_protocol.startswith("SASL"):
        options["sasl_mechanism"] = settings.kafka_sasl_mechanism
        options["sasl_plain_username"] = settings.kafka_username
        options["sasl_plain_password"] = settings.kafka_password.get_secret_value()
    return options


async def ensure_topics(settings: PlatformSettings, topics: list[str]) -> None:
    """Create missing topics with the configured partition count.

    Topics are created explicitly because the embedded broker creates unknown ones on first
    produce with its own defaults, which would hide a misspelt name.
    """
    if not settings.kafka_create_topics:
        return
    admin = AIOKafkaAdminClient(**connection_options(settings))
    await admin.start()
    try:
        response = await admin.create_topics(
            [
                NewTopic(t, settings.kafka_partitions, settings.kafka_replication_factor)
                for t in topics
            ]
        )
        for topic, code, message in response.topic_errors:
            if code not in (0, _TOPIC_EXISTS):
                raise TopicError(f"cannot create topic {topic}: {message} (code {code})")
    finally:
        await admin.close()


def make_producer(settings: PlatformSettings, linger_ms: int | None = None) -> AIOKafkaProducer:
    """A producer that waits for all in-sync replicas and batches for a few milliseconds.

    Not idempotent: the embedded broker refuses idempotent producers, and duplicates are
    removed by the consumers' inbox anyway (exactly-once effect, at-least-once delivery).
    """
    return AIOKafkaProducer(
        **connection_options(settings),
        acks="all",
        linger_ms=settings.kafka_linger_ms if linger_ms is None else linger_ms,
        max_batch_size=64 * 1024,
        enable_idempotence=False,
    )


def make_consumer(
    settings: PlatformSettings, group_id: str, topics: list[str], max_records: int
) -> AIOKafkaConsumer:
    """A consumer in `group_id` that commits only what it has applied."""
    consumer = AIOKafkaConsumer(
        **connection_options(settings),
        group_id=group_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        fetch_max_wait_ms=settings.kafka_fetch_max_wait_ms,
        session_timeout_ms=settings.kafka_session_timeout_ms,
        heartbeat_interval_ms=max(100, settings.kafka_session_timeout_ms // 3),
        max_poll_records=max_records,
    )
    consumer.subscribe(topics)
    return consumer
