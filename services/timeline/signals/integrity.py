"""The latest scheduled chain verification per municipality and service, for the auditor.

Every commanding service records each pass as `chains-verified` or `chain-verification-failed`
(shared/integrity.py) on its own topic; the signals projection raises or resolves the privacy
officer's signal from it and, here, keeps the pass itself: when it ran, what it checked and
each problem with its place. An older pass arriving late never overwrites a newer one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime  # noqa: TC003 - a dataclass field, read at runtime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from asyncpg import Record
    from asyncpg.pool import Pool, PoolConnectionProxy

    from shared.envelope import CloudEvent

PASSED, FAILED = "chains-verified", "chain-verification-failed"
_UPSERT = """
INSERT INTO {s}.integrity_results AS r (gemeentecode, service, youth_id, verified_at, event_id,
    passed, events_checked, log_entries_checked, problem_count, problems)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)
ON CONFLICT (gemeentecode, service) DO UPDATE SET youth_id = EXCLUDED.youth_id,
    verified_at = EXCLUDED.verified_at, event_id = EXCLUDED.event_id, passed = EXCLUDED.passed,
    events_checked = EXCLUDED.events_checked, log_entries_checked = EXCLUDED.log_entries_checked,
    problem_count = EXCLUDED.problem_count, problems = EXCLUDED.problems
WHERE r.verified_at <= EXCLUDED.verified_at
"""


@dataclass(frozen=True)
class Verification:
    """One service's latest pass in one municipality."""

    service: str
    verified_at: datetime
    passed: bool
    events_checked: int
    log_entries_checked: int
    problem_count: int
    problems: tuple[str, ...]


def is_verification(event_type_name: str) -> bool:
    """`nl.regie.<service>.chains-verified` or `...chain-verification-failed`."""
    return event_type_name.rsplit(".", 1)[-1] in {PASSED, FAILED}


async def record_verification(conn: PoolConnectionProxy, schema: str, event: CloudEvent) -> None:
    """Keep `event`'s pass as its service's latest in its municipality, unless one is newer."""
    data = event.data
    name = event.name_and_version[0]
    service = str(data.get("service") or name.split(".")[2])
    problems = [str(p) for p in data.get("problems", [])]
    await conn.execute(
        _UPSERT.format(s=schema), event.gemeentecode, service, event.subject, event.time,
        event.id, name.endswith(PASSED), int(data.get("events_checked", 0)),
        int(data.get("log_entries_checked", 0)), int(data.get("problem_count", len(problems))),
        json.dumps(problems),
    )  # fmt: skip


async def latest_verifications(pool: Pool, schema: str, gemeentecode: str) -> list[Verification]:
    """Each service's latest pass in the municipality, by service name."""
    rows = await pool.fetch(
        f"SELECT service, verified_at, passed, events_checked, log_entries_checked,"
        f" problem_count, problems FROM {schema}.integrity_results WHERE gemeentecode = $1"
        " ORDER BY service",
        gemeentecode,
    )
    return [_verification(row) for row in rows]


def _verification(row: Record) -> Verification:
    return Verification(
        service=row["service"], verified_at=row["verified_at"], passed=row["passed"],
        events_checked=row["events_checked"], log_entries_checked=row["log_entries_checked"],
        problem_count=row["problem_count"], problems=tuple(json.loads(row["problems"])),
    )  # fmt: skip
