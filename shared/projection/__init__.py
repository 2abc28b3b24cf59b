"""Projections fed from Kafka with exactly-once effect and a dead-letter topic."""

from shared.projection.runner import (
    Projection,
    ProjectionRunner,
    RunnerStats,
    inbox_migration,
    read_event,
)

__all__ = ["Projection", "ProjectionRunner", "RunnerStats", "inbox_migration", "read_event"]
