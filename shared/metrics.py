"""Prometheus metrics every service exposes at `/metrics`: one registry per process.

The hooks are plain calls at the few places that know the numbers (store append, relay,
projection runner, dead-letter path, webhook worker, timer worker, HTTP middleware), so an
operator sees the same names on every service and the Grafana dashboard in deploy/ reads them.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest

if TYPE_CHECKING:
    from collections.abc import Mapping

APPENDED = Counter(
    "regie_events_appended", "Events appended to a service's event store.", ["schema"]
)
RELAY_PUBLISHED = Counter("regie_relay_published", "Events the relay put on Kafka.", ["topic"])
RELAY_LAG_EVENTS = Gauge(
    "regie_relay_lag_events", "Committed events not yet on Kafka (sampled).", ["topic"]
)
RELAY_LAG_SECONDS = Gauge(
    "regie_relay_lag_seconds", "Age of the oldest committed event not yet on Kafka.", ["topic"]
)
CONSUMER_LAG = Gauge(
    "regie_consumer_lag_records",
    "Records on the consumer's partitions past what it has handled.",
    ["consumer"],
)
APPLIED = Counter("regie_projection_applied", "Events a projection applied.", ["consumer"])
DUPLICATES = Counter(
    "regie_projection_duplicates", "Redelivered events the inbox turned away.", ["consumer"]
)
APPLY_SECONDS = Histogram(
    "regie_projection_apply_seconds",
    "One batch applied in one transaction.",
    ["consumer"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
DEAD_LETTERS = Counter(
    "regie_dead_letters", "Messages parked on a dead-letter topic.", ["consumer", "topic"]
)
SKIPPED = Counter(
    "regie_events_skipped",
    "Events a consumer passed over: a type (or version) it does not know.",
    ["consumer", "type"],
)
UNKNOWN_FIELDS = Counter(
    "regie_events_unknown_fields",
    "Fields in an event's data that its released schema does not have (ignored).",
    ["consumer", "type"],
)
UPCAST = Counter(
    "regie_events_upcast",
    "Events read in an older schema version and upcast to the newest.",
    ["reader", "type"],
)
WEBHOOK_DELIVERIES = Counter(
    "regie_webhook_deliveries",
    "Webhook attempts by outcome: delivered, failed (retried later), dead (attempts used up).",
    ["outcome"],
)
WEBHOOK_SECONDS = Histogram(
    "regie_webhook_delivery_seconds",
    "One webhook POST, from sending to the receiver's answer (or giving up).",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
WEBHOOK_PRUNED = Counter(
    "regie_webhook_deliveries_pruned",
    "Delivered webhook deliveries deleted once older than the bridge's retention.",
)
TIMERS = Counter(
    "regie_timers",
    "Timer firings by outcome: fired, nothing (the awaited fact came first), failed (retried"
    " after the lease), dead (attempts used up: never fires again unless scheduled anew).",
    ["schema", "outcome"],
)
CHAIN_VERIFICATIONS = Counter(
    "regie_chain_verifications",
    "Scheduled incremental verifications of the hash chains, by outcome: passed or failed.",
    ["schema", "outcome"],
)
CHAIN_PROBLEMS = Counter(
    "regie_chain_verification_problems",
    "Altered, removed, inserted or reordered events or log entries a scheduled pass found.",
    ["schema"],
)
HTTP_SECONDS = Histogram(
    "regie_http_request_duration_seconds",
    "HTTP requests by route template (never the raw path: ids would explode the series).",
    ["method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)


def consumer_lag(consumer: str, lag_by_partition: Mapping[object, int]) -> None:
    """Set the lag: per partition, the high-water mark less the next offset to handle."""
    CONSUMER_LAG.labels(consumer).set(sum(max(0, lag) for lag in lag_by_partition.values()))


def relay_lag(topic: str, waiting: int, oldest_epoch_s: float | None) -> None:
    """Set what the relay has not published yet, in events and in seconds."""
    RELAY_LAG_EVENTS.labels(topic).set(waiting)
    age = 0.0 if oldest_epoch_s is None else max(0.0, time.time() - oldest_epoch_s)
    RELAY_LAG_SECONDS.labels(topic).set(age)


def exposition() -> tuple[bytes, str]:
    """The text format and its content type, for the `/metrics` route."""
    return generate_latest(), CONTENT_TYPE_LATEST
