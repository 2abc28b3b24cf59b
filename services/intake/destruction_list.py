"""The destruction list (vernietigingslijst): who is due for destruction, from the read models.

Read at the moment of asking, so a domain's trajectory that ends later moves the retention
clock, and one that opens again takes the young person off the list, without a timer to
re-arm. `youth_summaries` knows who left every programme (and when, and with which result);
`youth_involvement` knows which domains still have a trajectory open and when the others ended.
The rules are domain/retention.py's.
"""

from __future__ import annotations

import uuid  # noqa: TC003 - pydantic needs it at runtime
from datetime import date, datetime  # noqa: TC003 - pydantic needs them at runtime
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from services.intake.domain.retention import CareEnded, Due, RetentionPeriods, due_for_destruction
from shared.migrations import checked_schema

if TYPE_CHECKING:
    from asyncpg.pool import Pool

__all__ = ["Declaration", "care_ended", "declarations", "destruction_list"]

_ENDED = """
SELECT s.youth_id, s.programma, s.destination AS result, s.exited_on, s.destruction_held_on,
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
            held_on=row["destruction_held_on"],
        )
        for row in rows
    ]


async def destruction_list(
    pool: Pool, schema: str, gemeentecode: str, periods: RetentionPeriods, today: date
) -> list[Due]:
    """Those of the municipality whose retention ended by `today`, none with a trajectory open."""
    ended = await care_ended(pool, schema, gemeentecode)
    return due_for_destruction(gemeentecode, ended, periods, today)


class Declaration(BaseModel):
    """A declaration of destruction: whose data, approved by whom and when, who confirmed."""

    youth_id: uuid.UUID = Field(description="The young person's opaque id.")
    approved_on: date = Field(examples=["2046-04-02"])
    approved_by: str = Field(description="Employee pseudonym.", examples=["archivaris-1"])
    erased_on: date | None = Field(description="The day intake erased; absent until then.")
    confirmed_by: list[str] = Field(
        description="The domains that confirmed they hold nothing decryptable any more.",
        examples=[["coaching", "debts", "housing"]],
    )
    confirmed_at: dict[str, datetime] = Field(
        default_factory=dict,
        description="When each domain confirmed, by domain.",
        examples=[{"debts": "2046-04-02T10:15:00+02:00"}],
    )
    last_confirmed_at: datetime | None = Field(
        description="When the last of them confirmed; absent until one did."
    )


_DECLARATIONS = """
SELECT s.youth_id, s.destruction_approved_on AS approved_on,
    s.destruction_approved_by AS approved_by, s.erased_on,
    coalesce(array_agg(c.domain ORDER BY c.domain) FILTER (WHERE c.domain IS NOT NULL), '{{}}')
      AS confirmed_by,
    coalesce(array_agg(c.confirmed_at ORDER BY c.domain) FILTER (WHERE c.domain IS NOT NULL),
      '{{}}') AS confirmed_times,
    max(c.confirmed_at) AS last_confirmed_at
FROM {schema}.youth_summaries s
LEFT JOIN {schema}.erasure_confirmations c ON c.youth_id = s.youth_id
WHERE s.gemeentecode = $1 AND s.destruction_approved_on IS NOT NULL
GROUP BY s.youth_id
ORDER BY s.destruction_approved_on, s.youth_id
"""


async def declarations(pool: Pool, schema: str, gemeentecode: str) -> list[Declaration]:
    """The municipality's approved destructions, oldest first, with the domains' confirmations."""
    rows = await pool.fetch(_DECLARATIONS.format(schema=checked_schema(schema)), gemeentecode)
    found = []
    for row in rows:
        fields = dict(row)
        times = dict(zip(fields["confirmed_by"], fields.pop("confirmed_times"), strict=True))
        found.append(Declaration(**fields, confirmed_at=times))
    return found
