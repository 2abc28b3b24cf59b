"""The service's own scheduled verification: an incremental pass, its result recorded as events.

Every `interval_s` (`VERIFY_INTERVAL_S`, a day by default; 0 leaves it to the command line),
or daily at a local clock time (`VERIFY_AT`, e.g. `03:00`: at night, whenever the service started),
a pass recomputes what was added since the last (shared/audit/incremental.py) and checks the
anchors; in the same transaction it records, for each municipality whose chains the service
holds, `chains-verified` or `chain-verification-failed` in stream `integrity-<gemeentecode>`
(shared/integrity.py), so the result is itself in a hash chain and reaches the timeline,
which raises the privacy officer's signal. Problems are counted in
`regie_chain_verification_problems`, passes in `regie_chain_verifications`.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time
from typing import TYPE_CHECKING

import structlog

from shared import metrics
from shared.audit.incremental import Verification, known_tenants, verify_incrementally
from shared.audit.periodic import Wait, every, seconds_until
from shared.eventstore import PostgresEventStore
from shared.eventstore.records import Metadata, NewEvent
from shared.integrity import MAX_PROBLEMS, ChainsVerified, ChainVerificationFailed
from shared.migrations import checked_schema

if TYPE_CHECKING:
    import asyncio

    from asyncpg.pool import Pool

    from shared.db import Connection
    from shared.events import DomainEvent

log = structlog.get_logger("audit")
ACTOR = "beleid.integriteitscontrole"
SYSTEM_ROLE = "systeem"


def integrity_stream(tenant: str) -> str:
    """The stream a municipality's verification results are recorded in."""
    return f"integrity-{tenant}"


def integrity_subject(tenant: str) -> str:
    """The subject of those events: no young person, the municipality's integrity."""
    return f"integriteit-{tenant}"


def result_events(
    service: str, verification: Verification, tenants: list[str]
) -> dict[str, DomainEvent]:
    """Per municipality, the event that says how its chains held in this pass."""
    found: dict[str, DomainEvent] = {}
    for tenant in tenants:
        result = verification.of(tenant)
        if result.problems:
            found[tenant] = ChainVerificationFailed(
                service=service,
                events_checked=result.events,
                log_entries_checked=result.entries,
                problem_count=len(result.problems),
                problems=result.problems[:MAX_PROBLEMS],
            )
        else:
            found[tenant] = ChainsVerified(
                service=service, events_checked=result.events, log_entries_checked=result.entries
            )
    return found


async def verify_and_record(conn: Connection, schema: str, service: str) -> Verification:
    """One incremental pass and its result events, in one transaction; counted in the metrics."""
    s = checked_schema(schema)
    async with conn.transaction(isolation="repeatable_read"):
        verification = await verify_incrementally(conn, s)
        tenants = [t for t in await known_tenants(conn, s) if t]
        store = PostgresEventStore(conn, s)
        correlation = str(uuid.uuid4())
        for tenant, event in result_events(service, verification, tenants).items():
            stream = integrity_stream(tenant)
            head = await conn.fetchval(
                f"SELECT coalesce(max(stream_version), 0) FROM {s}.events WHERE stream_id = $1",
                stream,
            )
            record = NewEvent(
                event_id=uuid.uuid4(),
                event_type=f"nl.regie.{service}.{event.name}",
                schema_version=event.schema_version,
                subject=integrity_subject(tenant),
                data=event.model_dump_json(),
                metadata=Metadata(tenant, ACTOR, SYSTEM_ROLE, correlation),
            )
            await store.append(stream, [record], head)
    outcome = "failed" if verification.problems else "passed"
    metrics.CHAIN_VERIFICATIONS.labels(s, outcome).inc()
    metrics.CHAIN_PROBLEMS.labels(s).inc(len(verification.problems))
    return verification


class Verifying:
    """Runs a pass every `interval_s` seconds, or daily `at` a local time, until stopped.

    A failure waits for the next turn.
    """

    def __init__(
        self, pool: Pool, schema: str, service: str, interval_s: float, at: time | None = None
    ) -> None:
        """Verify `schema` of `service` over `pool`."""
        self.pool = pool
        self.schema = schema
        self.service = service
        self.interval_s = interval_s
        self.at = at

    async def verify_once(self) -> Verification:
        """One pass, its outcome logged (counts only)."""
        async with self.pool.acquire() as conn:
            verification = await verify_and_record(conn, self.schema, self.service)
        log.info(
            "chains_verified",
            schema=self.schema,
            events=verification.events_read,
            entries=verification.entries_read,
            problems=len(verification.problems),
        )
        return verification

    async def run(self, stop: asyncio.Event) -> None:
        """Wait an interval (or until the clock time), verify, and again, until `stop`."""
        at = self.at
        wait: Wait = self.interval_s if at is None else lambda: seconds_until(at, datetime.now(UTC))
        await every(wait, stop, self.verify_once, "chain_verify_failed", self.schema)
