"""One read model, declared once: the live runner, the rebuild and the as-of replay all read it.

A projection owns some tables in the live schema and is fed from some domain topics under a
consumer name (its consumer group and inbox key). The engines create those tables elsewhere
with the projection's own migrations and apply the same events with the same code; the app
builds its live runner from the same declaration, so the two can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from shared.kafka import dead_letter_topic, events_topic
from shared.projection.runner import ProjectionRunner

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from asyncpg.pool import Pool

    from shared.envelope import CloudEvent
    from shared.migrations import Migration
    from shared.projection.runner import Projection
    from shared.settings import PlatformSettings

    # (topic, event) -> why the live runner refuses it (dead-letters it), or None: it is read.
    Admits = Callable[[str, CloudEvent], str | None]


@dataclass(frozen=True)
class ProjectionSpec:
    """One projection: where it lives, what it owns, and how to build it for another schema."""

    name: str  # what an operator calls it: `python -m services.<service> rebuild <name>`
    schema: str  # the live schema
    consumer: str  # the live consumer group and inbox key
    domains: tuple[str, ...]
    migrations: tuple[Migration, ...]  # create `tables` (and perhaps more) in any schema
    tables: tuple[str, ...]
    build: Callable[[str], Projection]  # schema -> the projection writing there as `consumer`
    # Columns that may differ between a live and a rebuilt table without the content differing
    # (e.g. a `now()` default), left out of the comparison.
    volatile: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # The column every table keeps an event's subject in, when an event changes only its own
    # subject's rows (the topics are keyed and ordered per subject, so a rebuild can only
    # reproduce such a projection anyway). It lets the rebuild verify without the live inbox
    # lock and re-check under it just the subjects of the events that arrived meanwhile;
    # without it, the whole tables are compared again under the lock.
    subject_column: str | None = None
    # Tables of `tables` that sum over subjects (a report's pre-aggregated cells): an event
    # changes rows there that hold no subject, so they have no subject column and the re-check
    # compares them whole.
    aggregates: frozenset[str] = frozenset()
    # Records per batch, for the live runner and the rebuild command alike.
    batch_size: int = 2000
    # Read the domains' dead-letter topics instead of their event topics (what failed, e.g.
    # the timeline's signals of failed reactions); each event carries who parked it and why.
    dead_letters: bool = False
    # Where the topic an event came on decides whether it counts (the timeline's comparison:
    # a municipality's figures only from its own topic), the live runner's check: a rebuild
    # leaves out what it refuses, as the live runner dead-lettered it.
    admits: Admits | None = None

    def topics(self, prefix: str) -> list[str]:
        """The topics the projection consumes."""
        topics = [events_topic(domain, prefix) for domain in self.domains]
        return [dead_letter_topic(t) for t in topics] if self.dead_letters else topics

    def runner(self, pool: Pool, platform: PlatformSettings) -> ProjectionRunner:
        """The live runner: this projection in the live schema, in its consumer group."""
        projection = self.build(self.schema)
        if projection.name != self.consumer:
            # The rebuild reads this group's offsets and inbox rows: they must be the runner's.
            raise ValueError(
                f"{self.name}: builds a projection named {projection.name!r},"
                f" declared as consumer {self.consumer!r}"
            )
        return ProjectionRunner(
            pool,
            platform,
            projection,
            schema=self.schema,
            topics=self.topics(platform.kafka_topic_prefix),
            max_records=self.batch_size,
        )
