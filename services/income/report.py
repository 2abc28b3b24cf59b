"""The bijstand report: inflow, outflow by reason, long-term bijstand, allowances granted.

Counts over the read model (`income_flows`, `income_allowances`), never a young person: the
figures of one municipality for a period of whole months (exact for the auditor; protected
for anyone else by figures.py). Inflow is a benefit whose first paid day falls in the
period; outflow one whose last day does, by reason; long-term are those on bijstand at the
period's end for more than two years (the toekomstgesprek's group).
"""

from __future__ import annotations

from datetime import date  # noqa: TC003 - pydantic needs it at runtime
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from services.income.durations import before
from shared.figures.suppression import Figure  # noqa: TC001 - pydantic needs it at runtime
from shared.migrations import checked_schema

if TYPE_CHECKING:
    from asyncpg.pool import Pool

LONG_TERM = "P2Y"


class BijstandReport(BaseModel):
    """One municipality's bijstand from `start` to `end` (whole months)."""

    gemeentecode: str
    start: date
    end: date
    inflow: Figure = Field(description="Benefits whose first paid day lies in the period.")
    outflow: Figure = Field(description="Benefits whose last day lies in the period.")
    outflow_by_reason: dict[str, Figure] = Field(
        description="The outflow per reason (werk, opleiding, ...).", examples=[{"werk": 3}]
    )
    on_bijstand_at_end: Figure = Field(description="On bijstand on the period's last day.")
    long_term_at_end: Figure = Field(
        description="Of them, on bijstand for more than two years (the toekomstgesprek's group)."
    )
    allowances_granted: dict[str, Figure] = Field(
        description="Allowances granted in the period, per kind.", examples=[{"huurtoeslag": 2}]
    )
    suppression: str | None = Field(
        default=None,
        description='How small counts are protected ("<5", "x"); absent: exact (the auditor).',
    )


async def bijstand_report(
    pool: Pool, schema: str, gemeentecode: str, start: date, end: date
) -> BijstandReport:
    """The counts of the report (see the module's docstring)."""
    flows = f"{checked_schema(schema)}.income_flows"
    allowances = f"{checked_schema(schema)}.income_allowances"
    long_ago = before(end, LONG_TERM, "until")
    [totals] = await pool.fetch(
        f"SELECT count(*) FILTER (WHERE from_on BETWEEN $2 AND $3) AS inflow,"
        "  count(*) FILTER (WHERE from_on <= $3 AND (ended_on IS NULL OR ended_on > $3))"
        "    AS on_bijstand,"
        "  count(*) FILTER (WHERE from_on < $4 AND (ended_on IS NULL OR ended_on > $3))"
        f"    AS long_term FROM {flows} WHERE gemeentecode = $1",
        gemeentecode, start, end, long_ago,
    )  # fmt: skip
    reasons = await pool.fetch(
        f"SELECT end_reason, count(*) AS n FROM {flows} WHERE gemeentecode = $1"
        " AND ended_on BETWEEN $2 AND $3 GROUP BY end_reason ORDER BY end_reason",
        gemeentecode, start, end,
    )  # fmt: skip
    granted = await pool.fetch(
        f"SELECT kind, count(*) AS n FROM {allowances} WHERE gemeentecode = $1"
        " AND granted_on BETWEEN $2 AND $3 GROUP BY kind ORDER BY kind",
        gemeentecode, start, end,
    )  # fmt: skip
    by_reason = {r["end_reason"]: r["n"] for r in reasons}
    return BijstandReport(
        gemeentecode=gemeentecode,
        start=start,
        end=end,
        inflow=totals["inflow"],
        outflow=sum(by_reason.values()),
        outflow_by_reason=by_reason,
        on_bijstand_at_end=totals["on_bijstand"],
        long_term_at_end=totals["long_term"],
        allowances_granted={r["kind"]: r["n"] for r in granted},
    )
