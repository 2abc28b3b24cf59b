"""Take in the domains' events: one delivery per subscription an event matches.

Run by the shared ProjectionRunner, so the deliveries are inserted in the same transaction as
the inbox row: a redelivered Kafka message finds its id in the inbox and enqueues nothing
again (exactly once into the queue; the queue then delivers at least once).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.notifications.queue import Enqueued, enqueue
from services.notifications.subscriptions import all_filters

if TYPE_CHECKING:
    from collections.abc import Sequence

    from asyncpg.pool import PoolConnectionProxy

    from shared.envelope import CloudEvent


def body_of(event: CloudEvent) -> str:
    """The CloudEvent as JSON, as it was received: every attribute and extension it had.

    `exclude_unset` leaves out the optional attributes the producer did not send, instead of
    adding them as nulls: the receiver gets the document the domain published.
    """
    return event.model_dump_json(exclude_unset=True)


class DeliveryFanout:
    """A Projection (shared.projection) whose read model is the delivery queue."""

    def __init__(self, schema: str, name: str) -> None:
        """Enqueue into `schema`; `name` is the consumer group and the inbox key."""
        self._schema = schema
        self.name = name

    async def apply(self, conn: PoolConnectionProxy, events: Sequence[CloudEvent]) -> None:
        """Enqueue each event for every subscription whose filter it matches, in topic order."""
        filters = await all_filters(conn, self._schema)
        if not filters:
            return
        rows: list[Enqueued] = []
        for event in events:
            targets = [
                sid for sid, found in filters if found.matches(event.type, event.gemeentecode)
            ]
            if targets:
                body = body_of(event)
                rows.extend(Enqueued(t, event.id, event.type, event.subject, body) for t in targets)
        await enqueue(conn, self._schema, rows)
