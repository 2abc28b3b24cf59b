"""The timeline's own scheduled verification: its processing log, the one chain it keeps.

The commanding services record each pass as an event on their topic (shared/audit/verifying.py).
The timeline has no event store or topic of its own, so its pass, an incremental one over its
processing log (shared/audit/incremental.py), goes straight into its signals projection as the
same `chains-verified` or `chain-verification-failed` event: the Integriteit page shows it
beside the other services, and a failure raises the privacy officer's `integriteit_geschonden`
signal, which the next passing pass resolves. Nothing of it is on a topic, so a rebuild of the
signals does not bring a result back; the next pass does.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import structlog

from services.timeline.signals.projection import SignalsProjection
from shared import metrics
from shared.audit.incremental import Verification, known_tenants, verify_incrementally
from shared.audit.periodic import Wait, every, seconds_until
from shared.audit.verifying import (
    ACTOR,
    SYSTEM_ROLE,
    integrity_stream,
    integrity_subject,
    result_events,
)
from shared.envelope import CloudEvent, cloudevent_type

if TYPE_CHECKING:
    import asyncio

    from asyncpg.pool import Pool

    from shared.events import DomainEvent
    from shared.settings import PlatformSettings

log = structlog.get_logger("audit")
SERVICE = "timeline"
_GEMEENTECODE = re.compile(r"^\d{4}$")  # entries of callers without a valid token: `onbekend`
_NO_SEQUENCE = f"{0:020d}-{0:020d}"


class OwnVerifying:
    """Verifies the timeline's processing log every interval, or daily at a clock time."""

    def __init__(self, pool: Pool, schema: str, platform: PlatformSettings) -> None:
        """Verify `schema` over `pool`, on `platform`'s schedule (VERIFY_INTERVAL_S, VERIFY_AT)."""
        self.pool = pool
        self.schema = schema
        self.platform = platform

    async def verify_once(self) -> Verification:
        """One pass, each municipality's result in the signals projection, in one transaction."""
        async with self.pool.acquire() as conn, conn.transaction(isolation="repeatable_read"):
            verification = await verify_incrementally(conn, self.schema)
            tenants = [t for t in await known_tenants(conn, self.schema) if _GEMEENTECODE.match(t)]
            found = result_events(SERVICE, verification, tenants)
            events = [self._as_cloud_event(t, e) for t, e in found.items()]
            await SignalsProjection(self.schema, f"{SERVICE}-integrity").apply(conn, events)
        outcome = "failed" if verification.problems else "passed"
        metrics.CHAIN_VERIFICATIONS.labels(self.schema, outcome).inc()
        metrics.CHAIN_PROBLEMS.labels(self.schema).inc(len(verification.problems))
        log.info(
            "chains_verified",
            schema=self.schema,
            entries=verification.entries_read,
            problems=len(verification.problems),
        )
        return verification

    async def run(self, stop: asyncio.Event) -> None:
        """Wait an interval (or until the clock time), verify, and again, until `stop`."""
        at = self.platform.verify_at
        wait: Wait = (
            self.platform.verify_interval_s
            if at is None
            else lambda: seconds_until(at, datetime.now(UTC))
        )
        await every(wait, stop, self.verify_once, "chain_verify_failed", self.schema)

    def _as_cloud_event(self, tenant: str, event: DomainEvent) -> CloudEvent:
        return CloudEvent(
            specversion="1.0",
            id=uuid.uuid4(),
            source=f"urn:nld:oin:{self.platform.oin}:systeem:regie-{SERVICE}",
            type=cloudevent_type(f"nl.regie.{SERVICE}.{event.name}", event.schema_version),
            subject=integrity_subject(tenant),
            time=datetime.now(UTC),
            datacontenttype="application/json",
            sequence=_NO_SEQUENCE,
            streamid=integrity_stream(tenant),
            streamversion=1,
            gemeentecode=tenant,
            actor=ACTOR,
            actorrole=SYSTEM_ROLE,
            correlationid=str(uuid.uuid4()),
            data=event.model_dump(mode="json"),
        )
