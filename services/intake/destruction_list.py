"""The destruction list (vernietigingslijst): who is due for destruction, from the read models.

Read at the moment of asking, so a domain's trajectory that ends later moves the retention
clock, and one that opens again takes the young person off the list, without a timer to
re-arm. `youth_summaries` knows who left every programme (and when, and with which result);
`youth_involvement` knows which domains still have a trajectory open and when the others ended.
The rules are domain/retention.py's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.intake.domain.retention import CareEnded, Due, RetentionPeriods, due_for_destruction
from shared.migrations import checked_schema

if TYPE_CHECKING:
    from datetime import date

    from asyncpg.pool import Pool

__all__ = ["care_ended", "destruction_list"]

_ENDED = """
SELECT s.youth_id, s.programma, s.destination AS result, s.exited_on,
    (SELECT max(i.since) FROM {schema}.youth_involvement i
      WHERE i.youth_id = s.youth_id AND NOT i.open) AS domains_ended_on,
    coalesce((SELECT array_agg(i.domain) FROM {schema}.youth_involvement i
      WHERE i.youth_id = s.youth_id AND i.open), '{{}}') AS open_domains
FROM {schema}.youth_summaries s
WHERE s.gemeentecode = $1 AND s.status <> 'vernietigd' AND s.exited_on IS NOT NULL
  AND cardinality(s.active_programmes) = 0
ORDER BY s.youth_id
"""


async def care_ended(pool: Pool, schema: str, gemeentecode: str) -> list[CareEnded]:
    """The municipality's young people in no programme and not erased, with their domains."""
    rows = await pool.fetch(_ENDED.format(schema=checked_schema(schema)), gemeentecode)
    return [
        CareEnded(
            youth_id=row["youth_id"],
            programma=row["programma"],
            result=row["result"],
            exited_on=row["exited_on"],
            domains_ended_on=row["domains_ended_on"],
            open_domains=frozenset(row["open_domains"]),
        )
        for row in rows
    ]


async def destruction_list(
    pool: Pool, schema: str, gemeentecode: str, periods: RetentionPeriods, today: date
) -> list[Due]:
    """Those of the municipality whose retention ended by `today`, none with a trajectory open."""
    ended = await care_ended(pool, schema, gemeentecode)
    return due_for_destruction(gemeentecode, ended, periods, today)
