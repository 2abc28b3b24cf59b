"""The timeline read model: one row per headline event, from every domain topic.

Beside the entries it keeps what the access rules and the summary need: intake's facts about
each young person and their consents (`youths.py`), and each life domain's state
(`summary.py`). All in the runner's one transaction per batch.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

from services.timeline.read_model.catalogue import (
    CONFIRMATION,
    ERASED_HEADLINE,
    ERASURE,
    HEADLINES,
    domain_of,
    shared,
)
from services.timeline.read_model.summary import DomainStates
from services.timeline.read_model.youths import Youths

if TYPE_CHECKING:
    from collections.abc import Sequence

    from asyncpg.pool import PoolConnectionProxy

    from shared.envelope import CloudEvent

# The entries' columns, in the order `_row` gives them. A batch's rows go in with binary COPY:
# the same rows as an INSERT of unnest(...) arrays, a third less CPU on both sides (no array
# to build and take apart per column). No ON CONFLICT: the runner's inbox makes each event
# arrive once, and if that guarantee ever broke, a loud unique violation beats a silently
# masked double delivery.
COLUMNS = (
    "event_id", "youth_id", "gemeentecode", "domain", "event_type", "schema_version",
    "occurred_at", "recorded_at", "programma", "leefgebied", "phase", "headline", "grondslag",
    "vertrouwelijkheid", "stream_id", "stream_version", "sequence", "shared", "causation_id",
)  # fmt: skip


# Entries of erased young people say so, whenever they arrive; the erasure's own entry and
# the domains' confirmations of it stay.
_MARK_ERASED = f"""
UPDATE {{schema}}.entries e SET headline = '{ERASED_HEADLINE}'
  FROM {{schema}}.erased_youths x
 WHERE e.youth_id = x.youth_id AND e.youth_id = ANY($1::text[])
   AND e.event_type <> '{ERASURE}' AND e.event_type NOT LIKE '%.{CONFIRMATION}'
   AND e.headline <> '{ERASED_HEADLINE}'
"""


def occurred_at(event: CloudEvent, field: str) -> datetime:
    """When it happened in the real world: the catalogue's date field at noon, else recorded.

    Noon, so that a date never slips to the previous day in any European time zone.
    """
    value = event.data.get(field)
    if isinstance(value, str):
        try:
            return datetime.combine(date.fromisoformat(value), time(12), tzinfo=UTC)
        except ValueError:
            pass  # not a date after all: recorded time is the honest fallback
    return event.time


class TimelineProjection:
    """Applied by the projection runner, inside its transaction, with its inbox."""

    def __init__(self, schema: str, name: str = "timeline") -> None:
        """Write into `schema`.entries; `name` is the consumer group and inbox key."""
        self.name = name
        self._schema = schema
        self._mark_erased = _MARK_ERASED.format(schema=schema)
        self._youths = Youths(schema)
        self._states = DomainStates(schema)
        self._remember_erasure = (
            f"INSERT INTO {schema}.erased_youths (youth_id, erased_at)"
            " SELECT * FROM unnest($1::text[], $2::timestamptz[]) ON CONFLICT DO NOTHING"
        )

    async def apply(self, conn: PoolConnectionProxy, events: Sequence[CloudEvent]) -> None:
        """Insert a row per headline event; keep the young people's facts and domain states."""
        await self._youths.apply(conn, events)
        await self._states.apply(conn, events)
        rows = [self._row(e) for e in events if e.name_and_version[0] in HEADLINES]
        if not rows:
            return
        await conn.copy_records_to_table(
            "entries", schema_name=self._schema, columns=COLUMNS, records=rows
        )
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
            occurred_at(event, headline.occurred),
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
            shared(event),
            event.causationid,
        )
