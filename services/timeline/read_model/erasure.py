"""Whether an erasure completed everywhere: intake's erasure and each domain's confirmation.

An auditor's question after an art. 17 request. Expected to confirm: every domain the timeline
consumes that holds entries or a life-domain state of the young person (intake erases itself).
A domain that never heard of the young person may confirm as well (nothing held); it then
counts as expected too, since its confirmation is an entry of its own.
"""

from __future__ import annotations

from datetime import datetime  # noqa: TC003 - pydantic needs it at runtime
from typing import TYPE_CHECKING
from uuid import UUID  # noqa: TC003 - pydantic needs it at runtime

from pydantic import BaseModel

from services.timeline.read_model.catalogue import CONFIRMATION, domains

if TYPE_CHECKING:
    from asyncpg.pool import Pool


class Confirmation(BaseModel):
    """One domain's confirmation, and the erasure event that caused it."""

    domain: str
    event_id: UUID
    recorded_at: datetime
    causation_id: str | None


class ErasureStatus(BaseModel):
    """Intake's erasure and which domains confirmed it; `complete` once all expected did."""

    youth_id: str
    erased_at: datetime | None
    expected: list[str]
    confirmed: list[Confirmation]
    missing: list[str]
    complete: bool


async def erasure_status(pool: Pool, schema: str, youth_id: str) -> ErasureStatus:
    """Where the young person's erasure stands across the domains."""
    erased_at = await pool.fetchval(
        f"SELECT erased_at FROM {schema}.erased_youths WHERE youth_id = $1", youth_id
    )
    holding = await pool.fetch(
        f"SELECT domain FROM {schema}.entries WHERE youth_id = $1"
        f" UNION SELECT domain FROM {schema}.domain_states WHERE youth_id = $1",
        youth_id,
    )
    confirmations = await pool.fetch(
        f"SELECT DISTINCT ON (domain) domain, event_id, recorded_at, causation_id"
        f" FROM {schema}.entries WHERE youth_id = $1 AND event_type LIKE $2"
        " ORDER BY domain, recorded_at",
        youth_id,
        f"nl.regie.%.{CONFIRMATION}",
    )
    consumed = set(domains()) - {"intake"}
    expected = sorted({r["domain"] for r in holding} & consumed)
    confirmed = [Confirmation(**dict(r)) for r in confirmations]
    missing = sorted(set(expected) - {c.domain for c in confirmed})
    return ErasureStatus(
        youth_id=youth_id,
        erased_at=erased_at,
        expected=expected,
        confirmed=confirmed,
        missing=missing,
        complete=erased_at is not None and not missing,
    )
