"""The reports' flows pre-aggregated per cell, so a report reads cells, not every fact.

`report_cells` (migration 0144) counts the facts per municipality, month, programme, age band,
metric and dimension exactly as the report classifies them: the young person's programme now,
the age band of the fact's day. Part of the reports' projection, in the transaction that
writes the facts: each insert into `report_facts` counts its new rows into the cells in the
same statement (`counted_insert`).

The classification is the reports' own copy of intake's facts (`report_youths`,
`report_age_bands`), folded as the timeline's `youths` and `youth_age_bands` are, from the
same events: the timeline's tables belong to another runner, so reading them here would count
with whatever that runner had reached, and a rebuild of the reports (into a schema of its own)
would find them empty. When an intake event changes a young person's programme or bands, their
facts already counted are taken out under the old classification and counted again under the
new one (`Classification.apply`): a late registration still classifies them, as before.

A split metric (toekomstgesprek) has cells of its own (`report_conversation_cells`, migration
0145): what followed a conversation depends on the report's day, so its cells keep the first
follow-up at all and its day (`Conversations`), and a report on day D reads "nothing yet" where
that day is after D. A young person's conversations are taken out of their cells and counted
again whenever a fact of theirs that could change their follow-up, or their classification,
arrives: each conversation's cell is a function of its young person's facts and classification
alone, so recounting exactly the young people a batch touches keeps every cell exact.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from services.timeline.reports.model import FOLLOW_UPS, SPLIT_METRICS, UNKNOWN

if TYPE_CHECKING:
    from collections.abc import Sequence

    from asyncpg.pool import PoolConnectionProxy

    from shared.envelope import CloudEvent

__all__ = [
    "EXITS",
    "STARTS",
    "Classification",
    "Conversations",
    "classified",
    "counted_insert",
    "first_follow_up",
]

INTAKE = "nl.regie.intake."
_SPLIT = ", ".join(f"'{metric}'" for metric in SPLIT_METRICS)


def classified(alias: str, day: str, bands: str) -> str:
    """Programme now (`y`), and the band on the fact's day (else the first known, else unknown).

    `bands` is the table of bands over time: the timeline's or the reports' own copy.
    """
    return (
        f"coalesce(y.programma, '{UNKNOWN}') AS programma,"
        f" coalesce((SELECT b.age_band FROM {{schema}}.{bands} b"
        f" WHERE b.youth_id = {alias}.youth_id"
        f" ORDER BY b.from_on <= {day} DESC,"
        f" CASE WHEN b.from_on <= {day} THEN b.from_on END DESC, b.from_on LIMIT 1),"
        f" y.age_band, '{UNKNOWN}') AS age_band"
    )


# What followed a toekomstgesprek: the facts that count as a follow-up, and which one each is.
STARTS = {
    "werk_gestart": "werk",
    "opleiding_gestart": "opleiding",
    "dagbesteding_gestart": "dagbesteding",
    "zorg_doorverwezen": "zorg",
}
EXITS = ("uitstroom", "begeleiding_afgesloten")  # by destination; intake says `onderwijs`
_EXIT_TO = {"onderwijs": "opleiding"} | {f: f for f in FOLLOW_UPS}
_FOLLOW_UP_OF = (
    "CASE n.metric "
    + " ".join(f"WHEN '{metric}' THEN '{to}'" for metric, to in STARTS.items())
    + " ELSE CASE n.dimension "
    + " ".join(f"WHEN '{code}' THEN '{to}'" for code, to in _EXIT_TO.items())
    + " END END"
)
_STARTED = ", ".join(f"'{metric}'" for metric in STARTS)
_EXITED = ", ".join(f"'{metric}'" for metric in EXITS)
_TO = ", ".join(f"'{code}'" for code in _EXIT_TO)
CONVERSATION = "toekomstgesprek"
# The metrics whose facts may change what followed a conversation (or are one).
_FOLLOWING = frozenset({CONVERSATION, *STARTS, *EXITS})


def first_follow_up(alias: str, until: str | None = None) -> str:
    """The first follow-up of the conversation `alias`: `followed_by` and `followed_on`.

    On or after its day; on one day in the order of the metrics' names, then of the
    follow-up's (two exits on one day: stable, so every read agrees). With `until`, only up
    to that day, and `followed_by` alone (a scalar subquery).
    """
    upto = f" AND n.occurred_on <= {until}" if until else ""
    day = "" if until else ", n.occurred_on AS followed_on"
    return (
        f"SELECT {_FOLLOW_UP_OF} AS followed_by{day}"
        f" FROM {{schema}}.report_facts n"
        f" WHERE n.youth_id = {alias}.youth_id AND n.occurred_on >= {alias}.occurred_on{upto}"
        f" AND (n.metric IN ({_STARTED}) OR (n.metric IN ({_EXITED}) AND n.dimension IN ({_TO})))"
        " ORDER BY n.occurred_on, n.metric, 1 LIMIT 1"
    )


def _count_conversations(sign: str) -> str:
    """Add `sign` times the conversations of the young people $1 to their cells."""
    return f"""
INSERT INTO {{schema}}.report_conversation_cells AS c
    (gemeentecode, month, programma, age_band, perspective, followed_by, followed_on, count)
SELECT f.gemeentecode, date_trunc('month', f.occurred_on)::date AS month,
       {classified("f", "f.occurred_on", "report_age_bands")}, f.dimension,
       n.followed_by, n.followed_on, {sign} * count(*)::integer
  FROM {{schema}}.report_facts f LEFT JOIN {{schema}}.report_youths y USING (youth_id)
  LEFT JOIN LATERAL ({first_follow_up("f")}) n ON true
 WHERE f.metric = '{CONVERSATION}' AND f.youth_id = ANY($1::text[])
 GROUP BY 1, 2, 3, 4, 5, 6, 7
 ORDER BY 1, 2, 3, 4, 5, 6, 7
ON CONFLICT ON CONSTRAINT report_conversation_cells_key DO UPDATE SET
    count = c.count + EXCLUDED.count
"""


class Conversations:
    """Keeps `report_conversation_cells`: what followed each toekomstgesprek, counted.

    `take_out` before a batch changes anything, `count_in` after its facts and classification
    are written, for the same young people: what is taken out is what was counted in (the same
    function of the same rows), so the cells stay the sum over every conversation as it now is.
    """

    def __init__(self, schema: str) -> None:
        """Write into `schema`.report_conversation_cells."""
        self._subtract = _count_conversations("-1").format(schema=schema)
        self._add = _count_conversations("1").format(schema=schema)
        self._emptied = f"DELETE FROM {schema}.report_conversation_cells WHERE count = 0"

    @staticmethod
    def touched(events: Sequence[CloudEvent], metrics: Sequence[tuple[str, str]]) -> list[str]:
        """The young people whose conversations' cells the batch may change, sorted.

        `metrics` are the batch's facts as (young person, metric): a conversation, a possible
        follow-up; and anyone whose programme or band an intake event may change.
        """
        found = {youth for youth, metric in metrics if metric in _FOLLOWING}
        found.update(e.subject for e in events if _classifies(e.name_and_version[0]))
        return sorted(found)

    async def take_out(self, conn: PoolConnectionProxy, youths: list[str]) -> None:
        """Subtract the young people's conversations as they are counted now."""
        if youths:
            await conn.execute(self._subtract, youths)

    async def count_in(self, conn: PoolConnectionProxy, youths: list[str]) -> None:
        """Count the young people's conversations again, as they now are; drop emptied cells."""
        if youths:
            await conn.execute(self._add, youths)
            await conn.execute(self._emptied)


def _count_into_cells(source: str, sign: str) -> str:
    """Add `sign` times the facts of `source` (rows of report_facts) to their cells.

    Sorted by key, so two transactions that touch the same cells lock them in one order.
    A cell's `total` is NULL where none of its facts has a value, as `sum` over them would be.
    """
    return f"""
INSERT INTO {{schema}}.report_cells AS c
    (gemeentecode, month, programma, age_band, metric, dimension, count, total, valued)
SELECT f.gemeentecode, date_trunc('month', f.occurred_on)::date AS month,
       {classified("f", "f.occurred_on", "report_age_bands")}, f.metric, f.dimension,
       {sign} * count(*)::integer, {sign} * sum(f.value)::bigint, {sign} * count(f.value)::integer
  FROM {source} f LEFT JOIN {{schema}}.report_youths y USING (youth_id)
 WHERE f.metric NOT IN ({_SPLIT})
 GROUP BY 1, 2, 3, 4, 5, 6
 ORDER BY 1, 2, 3, 4, 5, 6
ON CONFLICT ON CONSTRAINT report_cells_key DO UPDATE SET
    count = c.count + EXCLUDED.count,
    valued = c.valued + EXCLUDED.valued,
    total = CASE WHEN c.valued + EXCLUDED.valued > 0
                 THEN coalesce(c.total, 0) + coalesce(EXCLUDED.total, 0) END
"""


def counted_insert(insert: str, schema: str) -> str:
    """`insert` (into report_facts, without RETURNING) that also counts its new rows.

    One statement: what `ON CONFLICT DO NOTHING` skipped is counted by no one.
    """
    added = _count_into_cells("added", "1")
    return f"WITH added AS ({insert} RETURNING *) {added.format(schema=schema)}"


_OF_YOUTHS = "(SELECT * FROM {schema}.report_facts WHERE youth_id = ANY($1::text[]))"
_FACTS = frozenset({"youth-registered", "programme-enrolled", "age-band-changed"})
_BANDS = {"youth-registered": "registered_on", "age-band-changed": "from_on"}


class Classification:
    """Keeps `report_youths` and `report_age_bands`, and moves counted facts between cells."""

    def __init__(self, schema: str) -> None:
        """Write into `schema`.report_youths, report_age_bands and report_cells."""
        self._subtract = _count_into_cells(_OF_YOUTHS, "-1").format(schema=schema)
        self._add = _count_into_cells(_OF_YOUTHS, "1").format(schema=schema)
        self._emptied = f"DELETE FROM {schema}.report_cells WHERE count = 0"
        # As services.timeline.read_model.youths folds `youths` and `youth_age_bands`.
        self._youths = (
            f"INSERT INTO {schema}.report_youths AS y (youth_id, programma, age_band)"
            " SELECT * FROM unnest($1::text[], $2::text[], $3::text[])"
            " ON CONFLICT (youth_id) DO UPDATE SET"
            " programma = coalesce(EXCLUDED.programma, y.programma),"
            " age_band = coalesce(EXCLUDED.age_band, y.age_band)"
        )
        self._bands = (
            f"INSERT INTO {schema}.report_age_bands (youth_id, from_on, age_band)"
            " SELECT * FROM unnest($1::text[], $2::date[], $3::text[])"
            " ON CONFLICT (youth_id, from_on) DO UPDATE SET age_band = EXCLUDED.age_band"
        )

    async def apply(self, conn: PoolConnectionProxy, events: Sequence[CloudEvent]) -> None:
        """Fold the batch's programmes and bands; recount the facts of whoever they changed.

        Before the batch's own facts are inserted, so those count in the new classification.
        """
        folded: dict[str, list[str | None]] = {}  # youth -> [programma, age_band]
        bands: dict[tuple[str, date], str] = {}  # the last fact per young person and day wins
        for event in events:
            name = event.name_and_version[0]
            if not _classifies(name):
                continue
            name, data = name.removeprefix(INTAKE), event.data
            row = folded.setdefault(event.subject, [None, None])
            if name == "youth-registered":
                row[0], row[1] = data.get("programma") or row[0], data.get("age_band")
            elif name == "programme-enrolled":
                row[0] = data.get("programma") or row[0]
            else:
                row[1] = data.get("age_band") or row[1]
            on, band = _day(data.get(_BANDS.get(name, ""))), data.get("age_band")
            if name in _BANDS and on is not None and isinstance(band, str):
                bands[(event.subject, on)] = band
        if not folded:
            return
        youths = sorted(folded)
        await conn.execute(self._subtract, youths)
        await conn.execute(
            self._youths, list(folded), [r[0] for r in folded.values()],
            [r[1] for r in folded.values()],
        )  # fmt: skip
        if bands:
            await conn.execute(
                self._bands, [y for y, _ in bands], [on for _, on in bands], list(bands.values())
            )
        await conn.execute(self._add, youths)
        await conn.execute(self._emptied)


def _classifies(name: str) -> bool:
    """Whether an event of this name may change a young person's programme or bands."""
    return name.startswith(INTAKE) and name.removeprefix(INTAKE) in _FACTS


def _day(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None
