"""Event stores: PostgreSQL for real, in-memory for unit tests; one contract for both."""

from shared.eventstore.memory import InMemoryEventStore
from shared.eventstore.metadata_codec import decode_metadata, encode_metadata
from shared.eventstore.postgres import Alongside, PostgresEventStore, Write, event_store_migration
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
    "Alongside",
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
    "Write",
    "decode_metadata",
    "encode_metadata",
    "event_store_migration",
]
