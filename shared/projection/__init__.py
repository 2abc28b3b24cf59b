"""Projections fed from Kafka with exactly-once effect and a dead-letter topic."""

from shared.projection.reading import Reading, read_event, upcast_event
from shared.projection.runner import Projection, ProjectionRunner, RunnerStats, inbox_migration

__all__ = [
    "Projection",
    "ProjectionRunner",
    "Reading",
    "RunnerStats",
    "inbox_migration",
    "read_event",
    "upcast_event",
]
