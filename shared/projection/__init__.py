"""Projections fed from Kafka with exactly-once effect and a dead-letter topic.

Each read model is declared once (`ProjectionSpec`); from that the app runs it live and
`rebuild.py` rebuilds, verifies and swaps it, for every service alike.
"""

from shared.projection.inbox import Inbox, inbox_migrations
from shared.projection.reading import Reading, read_event, upcast_event
from shared.projection.runner import Projection, ProjectionRunner, RunnerStats
from shared.projection.spec import ProjectionSpec

__all__ = [
    "Inbox",
    "Projection",
    "ProjectionRunner",
    "ProjectionSpec",
    "Reading",
    "RunnerStats",
    "inbox_migrations",
    "read_event",
    "upcast_event",
]
