"""Metadata as stored in the `metadata` jsonb column."""

from __future__ import annotations

from typing import Any

from pydantic_core import from_json, to_json

from shared.eventstore.records import Metadata


def encode_metadata(metadata: Metadata, traceparent: str | None = None) -> str:
    """Serialise metadata for the `metadata` jsonb column (and the envelope).

    `traceparent` (or the metadata's own) is written only when there is one: an untraced
    event's metadata is exactly what it was before tracing existed.
    """
    body: dict[str, Any] = {
        "tenant": metadata.tenant,
        "actor": metadata.actor,
        "actor_role": metadata.actor_role,
        "correlation_id": metadata.correlation_id,
        "causation_id": metadata.causation_id,
        "extensions": metadata.extensions,
    }
    traceparent = metadata.traceparent or traceparent
    if traceparent:
        body["traceparent"] = traceparent
    return to_json(body).decode()


def decode_metadata(text: str) -> Metadata:
    """Inverse of `encode_metadata`."""
    raw = from_json(text)
    return Metadata(
        tenant=raw["tenant"],
        actor=raw["actor"],
        actor_role=raw["actor_role"],
        correlation_id=raw["correlation_id"],
        causation_id=raw.get("causation_id"),
        extensions=raw.get("extensions") or {},
        traceparent=raw.get("traceparent"),
    )
