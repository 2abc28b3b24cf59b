"""The relay's place in the log, kept in Postgres beside the events it relays."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from shared.eventstore.notify import channel_of
from shared.eventstore.records import START, Checkpoint
from shared.migrations import checked_schema

if TYPE_CHECKING:
    from asyncpg.pool import Pool


@dataclass(frozen=True)
class RelayPosition:
    """Where the relay is, and which republish generation that position belongs to."""

    checkpoint: Checkpoint
    generation: int
    published: int


class RelayCheckpoints:
    """Read and advance the checkpoint of one (schema, topic); request republishing."""

    def __init__(self, pool: Pool, schema: str, topic: str) -> None:
        """Address the checkpoint row of `topic` in `schema`."""
        self._pool = pool
        self._table = f"{checked_schema(schema)}.relay_checkpoint"
        self._channel = channel_of(schema)
        self._topic = topic

    async def load(self) -> RelayPosition:
        """The stored position, creating it at the start of the log the first time."""
        await self._pool.execute(
            f"INSERT INTO {self._table} (topic) VALUES ($1) ON CONFLICT DO NOTHING", self._topic
        )
        row = await self._pool.fetchrow(
            f"SELECT tx_id, position, generation, published FROM {self._table} WHERE topic = $1",
            self._topic,
        )
        assert row is not None  # noqa: S101 - inserted just above
        return RelayPosition(
            Checkpoint(row["tx_id"], row["position"]), row["generation"], row["published"]
        )

    async def advance(self, position: RelayPosition, to: Checkpoint, count: int) -> bool:
        """Move forward after a batch was acknowledged; False if a republish reset us meanwhile."""
        status = await self._pool.execute(
            f"UPDATE {self._table} SET tx_id = $2, position = $3, published = published + $4,"
            " updated_at = now() WHERE topic = $1 AND generation = $5",
            self._topic,
            to.tx_id,
            to.position,
            count,
            position.generation,
        )
        return bool(status == "UPDATE 1")

    async def request_republish(self, after: Checkpoint = START) -> None:
        """Send the log again from `after`; a running relay picks this up at its next batch."""
        await self.load()
        async with self._pool.acquire() as conn, conn.transaction():
            await conn.execute(
                f"UPDATE {self._table} SET tx_id = $2, position = $3, published = 0,"
                " generation = generation + 1, updated_at = now() WHERE topic = $1",
                self._topic,
                after.tx_id,
                after.position,
            )
            await conn.execute("SELECT pg_notify($1, 'republish')", self._channel)
