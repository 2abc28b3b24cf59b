"""What is still to come for one young person: their open deadlines and open waiting signals.

For Mijn regie's "Wat komt eraan": the due days the workers are to meet (`signal_deadlines`,
kept by the signals' projection from intake's deadlines and timers and the domains' own), and
the stored signals still open that say something awaits the young person (a deadline passed
but not yet met, a transition plan before 18, a nazorg contact). Only codes come out: the
words a young person reads are the page's (services/timeline/web/mijn/coming_words.py), and
nothing here names another person or a worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from services.timeline.signals.rules import (
    FOLLOW_UP_MISSED,
    MISSED,
    NO_TRANSITION_PLAN,
    TRANSITION_DUE,
)

if TYPE_CHECKING:
    from datetime import date

    from asyncpg.pool import Pool

# The stored signals that tell the young person something still awaits them; the others
# (a blocked policy, a possible duplicate, a failed reaction, no contact) are the workers' own.
AWAITING = (MISSED, TRANSITION_DUE, NO_TRANSITION_PLAN, FOLLOW_UP_MISSED)

_COMING = """
SELECT 'open' AS kind, domain, detail, key, due_on FROM {s}.signal_deadlines
 WHERE youth_id = $1 AND gemeentecode = $2
UNION ALL
SELECT kind, domain, detail, key, due_on FROM {s}.signals
 WHERE youth_id = $1 AND gemeentecode = $2 AND resolved_at IS NULL AND kind = ANY($3::text[])
"""


@dataclass(frozen=True)
class Awaited:
    """One thing to come: `kind` is "open" (a deadline to meet) or the signal's kind."""

    kind: str
    domain: str
    detail: str
    key: str
    due_on: date | None


async def awaited_by(pool: Pool, schema: str, youth_id: str, gemeentecode: str) -> list[Awaited]:
    """Every open deadline and awaiting signal of the young person, in no particular order."""
    rows = await pool.fetch(_COMING.format(s=schema), youth_id, gemeentecode, list(AWAITING))
    return [Awaited(r["kind"], r["domain"], r["detail"], r["key"], r["due_on"]) for r in rows]
