"""The timeline read model: one row per headline event, from every domain topic."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from services.timeline.catalogue import ERASED_HEADLINE, ERASURE, HEADLINES, domain_of

if TYPE_CHECKING:
    from collections.abc import Sequence

    from asyncpg.pool import PoolConnectionProxy

    from shared.envelope import CloudEvent

_INSERT = """
INSERT INTO {schema}.entries (
    event_id, youth_id, gemeentecode, domain, event_type, schema_version, occurred_at,
    recorded_at, programma, leefgebied, phase, headline, grondslag, vertrouwelijkheid,
    stream_id, stream_version, sequence)
SELECT * FROM unnest(
    $1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::integer[],
    $7::timestamptz[], $8::timestamptz[], $9::text[], $10::text[], $11::text[], $12::text[],
    $13::text[], $14::text[], $15::text[], $16::integer[], $17::text[])
"""
# No ON CONFLICT: the runner's inbox makes each event arrive once, and if that guarantee
# ever broke, a loud unique violation beats a silently masked double delivery.


# Entries of erased young people say so, whenever they arrive; the erasure's own entry stays.
_MARK_ERASED = f"""
UPDATE {{schema}}.entries e SET headline = '{ERASED_HEADLINE}'
  FROM {{schema}}.erased_youths x
 WHERE e.youth_id = x.youth_id AND e.youth_id = ANY($1::text[])
   AND e.event_type <> '{ERASURE}' AND e.headline <> '{ERASED_HEADLINE}'
"""


def occurred_at(event: CloudEvent) -> datetime:
    """When it happened in the real world: `occurred_at`/`occurred_on` in data, else recorded."""
    data = event.data
    if isinstance(data.get("occurred_at"), str):
        return datetime.fromisoformat(data["occurred_at"])
    if isinstance(data.get("occurred_on"), str):
        day = date.fromisoformat(data["occurred_on"])
        return datetime.combine(day, time(12), tzinfo=event.time.tzinfo)
    return event.time


class TimelineProjection:
    """Applied by the projection runner, inside its transaction, with its inbox."""

    def __init__(self, schema: str, name: str = "timeline") -> None:
        """Write into `schema`.entries; `name` is the consumer group and inbox key."""
        self.name = name
        self._insert = _INSERT.format(schema=schema)
        self._mark_erased = _MARK_ERASED.format(schema=schema)
        self._remember_erasure = (
            f"INSERT INTO {schema}.erased_youths (youth_id, erased_at)"
            " SELECT * FROM unnest($1::text[], $2::timestamptz[]) ON CONFLICT DO NOTHING"
        )

    async def apply(self, conn: PoolConnectionProxy, events: Sequence[CloudEvent]) -> None:
        """Insert a row per headline event; other events are not on the timeline."""
        rows = [self._row(e) for e in events if e.name_and_version[0] in HEADLINES]
        if not rows:
            return
        await conn.execute(self._insert, *(list(column) for column in zip(*rows, strict=True)))
        erasures = [e for e in events if e.name_and_version[0] == ERASURE]
        if erasures:
            await conn.execute(
                self._remember_erasure, [e.subject for e in erasures], [e.time for e in erasures]
            )
        await conn.execute(self._mark_erased, sorted({row[1] for row in rows}))

    @staticmethod
    def _row(event: CloudEvent) -> tuple[Any, ...]:
        name, version = event.name_and_version
        headline = HEADLINES[name]
        data = event.data
        return (
            event.id,
            event.subject,
            event.gemeentecode,
            domain_of(name),
            name,
            version,
            occurred_at(event),
            event.time,
            event.programma or data.get("programma"),
            event.leefgebied or headline.leefgebied,
            headline.phase(data) if headline.phase else None,
            headline.render(data),
            event.grondslag,
            event.vertrouwelijkheid,
            event.streamid,
            event.streamversion,
            event.sequence,
        )
