"""Event stores: PostgreSQL for real, in-memory for unit tests; one contract for both."""

from shared.eventstore.memory import InMemoryEventStore
from shared.eventstore.metadata_codec import decode_metadata, encode_metadata
from shared.eventstore.postgres import PostgresEventStore, event_store_migration
from shared.eventstore.protocol import EventStore
from shared.eventstore.records import (
    START,
    AppendResult,
    Checkpoint,
    ConcurrencyError,
    EventIdTakenError,
    EventStoreError,
    Metadata,
    NewEvent,
    RecordedEvent,
)

__all__ = [
    "START",
    "AppendResult",
    "Checkpoint",
    "ConcurrencyError",
    "EventIdTakenError",
    "EventStore",
    "EventStoreError",
    "InMemoryEventStore",
    "Metadata",
    "NewEvent",
    "PostgresEventStore",
    "RecordedEvent",
    "decode_metadata",
    "encode_metadata",
    "event_store_migration",
]
