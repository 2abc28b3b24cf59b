"""The signals projections: the domains' facts into signals, deadlines and last contacts.

`SignalsProjection` reads the domain topics; `DeadLetterSignals` reads their dead-letter
topics, in a consumer group (and inbox) of its own: a parked event has the id it had on the
domain topic, so one inbox would take the one for a duplicate of the other.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from services.timeline.signals import rules
from services.timeline.signals.integrity import is_verification, record_verification
from services.timeline.signals.rules import DEAD_LETTER

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from asyncpg.pool import PoolConnectionProxy

    from shared.envelope import CloudEvent

NAMESPACE = uuid.UUID("1b4f0a7e-52c3-4d8e-9a61-0c3e7f2d9b15")
# Consumers whose dead letters are failed reactions of a domain: `<...>-<domain>-policies`.
REACTING = ("-policies", "-registrations")


def signal_id(youth_id: str, key: str) -> uuid.UUID:
    """The same signal for the same young person and key, live and rebuilt alike."""
    return uuid.uuid5(NAMESPACE, f"{youth_id}:{key}")


_RAISE = """
INSERT INTO {s}.signals (signal_id, youth_id, gemeentecode, key, kind, domain, detail, due_on,
                         raised_at, raised_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
ON CONFLICT (signal_id) DO UPDATE SET
    detail = EXCLUDED.detail, due_on = EXCLUDED.due_on, raised_at = EXCLUDED.raised_at,
    raised_by = EXCLUDED.raised_by, resolved_at = NULL, resolved_by = NULL
"""
_RESOLVE = """
UPDATE {s}.signals SET resolved_at = $3, resolved_by = $4
 WHERE youth_id = $1 AND starts_with(key, $2) AND resolved_at IS NULL
"""
_OPEN = """
INSERT INTO {s}.signal_deadlines (deadline_id, youth_id, gemeentecode, key, domain, detail,
                                  due_on, opened_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (deadline_id) DO UPDATE SET due_on = EXCLUDED.due_on, opened_by = EXCLUDED.opened_by
"""
_CLOSE = "DELETE FROM {s}.signal_deadlines WHERE youth_id = $1 AND starts_with(key, $2)"
_TRAJECTORY = """
INSERT INTO {s}.signal_trajectories AS t (youth_id, trajectory_id, opened_at, opened_by, ended_at)
VALUES ($1, $2, $3::timestamptz, $5, CASE WHEN $4::boolean THEN NULL ELSE $3::timestamptz END)
ON CONFLICT (youth_id, trajectory_id) DO UPDATE SET
    opened_at = CASE WHEN $4 THEN EXCLUDED.opened_at ELSE t.opened_at END,
    opened_by = CASE WHEN $4 THEN EXCLUDED.opened_by ELSE t.opened_by END,
    ended_at = EXCLUDED.ended_at
"""
_ENROLMENT = """
INSERT INTO {s}.signal_contacts (youth_id, gemeentecode, enrolled) VALUES ($1, $2, $3)
ON CONFLICT (youth_id) DO UPDATE SET enrolled = EXCLUDED.enrolled
"""
_ERASED = """
INSERT INTO {s}.signal_contacts (youth_id, gemeentecode, erased) VALUES ($1, $2, true)
ON CONFLICT (youth_id) DO UPDATE SET erased = true
"""
# A worker's note on a signal is free text about the young person: gone with their data.
_ERASE_NOTES = """
UPDATE {s}.signal_actions SET note = NULL
 WHERE note IS NOT NULL AND signal_id IN (SELECT signal_id FROM {s}.signals WHERE youth_id = $1)
"""
_CONTACTS = """
INSERT INTO {s}.signal_contacts AS c (youth_id, gemeentecode, last_contact_at)
SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[])
ON CONFLICT (youth_id) DO UPDATE
   SET last_contact_at = GREATEST(c.last_contact_at, EXCLUDED.last_contact_at)
"""


class SignalsProjection:
    """Applied by the projection runner, inside its transaction, with its inbox."""

    def __init__(self, schema: str, name: str) -> None:
        """Write into `schema`'s signal tables; `name` is the consumer group and inbox key."""
        self.name = name
        self._schema = schema
        self._sql = {
            key: sql.format(s=schema)
            for key, sql in {
                "raise": _RAISE, "resolve": _RESOLVE, "open": _OPEN, "close": _CLOSE,
                "trajectory": _TRAJECTORY, "enrolment": _ENROLMENT, "erased": _ERASED,
                "erase_notes": _ERASE_NOTES, "contacts": _CONTACTS,
            }.items()
        }  # fmt: skip

    async def apply(self, conn: PoolConnectionProxy, events: Sequence[CloudEvent]) -> None:
        """Each event's changes in topic order; the batch's last contacts in one statement."""
        contacts: dict[str, tuple[str, datetime]] = {}
        for event in events:
            for change in rules.changes(event.name_and_version[0], event.data):
                await self._change(conn, event, change)
            if is_verification(event.name_and_version[0]):
                await record_verification(conn, self._schema, event)
            if rules.is_contact(event.actorrole):
                known = contacts.get(event.subject)
                if known is None or known[1] < event.time:
                    contacts[event.subject] = (event.gemeentecode, event.time)
        if contacts:
            await conn.execute(
                self._sql["contacts"],
                list(contacts),
                [c[0] for c in contacts.values()],
                [c[1] for c in contacts.values()],
            )

    async def _change(
        self, conn: PoolConnectionProxy, event: CloudEvent, change: rules.Change
    ) -> None:
        youth, where, sql = event.subject, event.gemeentecode, self._sql
        if isinstance(change, rules.Raise):
            await conn.execute(
                sql["raise"], signal_id(youth, change.key), youth, where, change.key, change.kind,
                change.domain, change.detail, change.due_on, event.time, event.id,
            )  # fmt: skip
            return
        if isinstance(change, rules.Resolve):
            await conn.execute(sql["resolve"], youth, change.prefix, event.time, event.id)
            return
        if isinstance(change, rules.OpenDeadline):
            await conn.execute(
                sql["open"], signal_id(youth, change.key), youth, where, change.key,
                change.domain, change.detail, change.due_on, event.id,
            )  # fmt: skip
            return
        if isinstance(change, rules.CloseDeadline):
            await conn.execute(sql["close"], youth, change.prefix)
            return
        if isinstance(change, rules.Trajectory):
            await conn.execute(sql["trajectory"], youth, change.trajectory_id, event.time,
                               change.open, event.id)  # fmt: skip
            return
        if isinstance(change, rules.Enrolment):
            await conn.execute(sql["enrolment"], youth, where, change.active)
            return
        await conn.execute(sql["resolve"], youth, "", event.time, event.id)  # erased: all
        await conn.execute(sql["close"], youth, "")
        await conn.execute(sql["erased"], youth, where)
        await conn.execute(sql["erase_notes"], youth)


def reacting_domain(consumer: str) -> str | None:
    """The domain whose policy consumer this is (`debts-policies` -> debts), else None."""
    for suffix in REACTING:
        if consumer.endswith(suffix):
            return consumer.removesuffix(suffix).rsplit("-", 1)[-1] or None
    return None


class DeadLetterSignals:
    """A signal per failed reaction: the event a policy consumer parked on a `.dlq` topic."""

    def __init__(self, schema: str, name: str) -> None:
        """Write into `schema`.signal_dead_letters; `name` is the consumer group and inbox key."""
        self.name = name
        self._insert = (
            f"INSERT INTO {schema}.signal_dead_letters (signal_id, youth_id, gemeentecode,"
            " domain, consumer, event_type, reason, raised_at, raised_by)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (signal_id) DO NOTHING"
        )

    async def apply(self, conn: PoolConnectionProxy, events: Sequence[CloudEvent]) -> None:
        """Record the reactions' dead letters; a projection's own are an operator's matter."""
        rows = []
        for event in events:
            extra = event.model_extra or {}
            consumer = str(extra.get("dlqconsumer", ""))
            domain = reacting_domain(consumer)
            if domain is None:
                continue
            key = f"{DEAD_LETTER}:{domain}:{event.id}:"
            rows.append((
                signal_id(event.subject, key), event.subject, event.gemeentecode, domain,
                consumer, event.name_and_version[0], str(extra.get("dlqreason", ""))[:500],
                event.time, event.id,
            ))  # fmt: skip
        if rows:
            await conn.executemany(self._insert, rows)
