"""The signals a viewer may see today: stored ones, and those today's date makes.

Stored signals (raised and resolved by events) come with the young person's director, for
the access rules. "Due within N days" is read from the open deadlines and "no contact" from
the last contact, against the clock's today; an eviction threat counts as resolved from the
moment a debt trajectory is open. Derived signals have ids of their own kind (young person,
kind, the deadline or the last contact's day), so an acknowledgement stays with them, and a
moved deadline or a new contact makes a new one.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from services.timeline.signals.model import Action, Found, Signal, sees, shown
from services.timeline.signals.projection import signal_id
from services.timeline.signals.rules import DEAD_LETTER, DUE_SOON, EVICTION, NO_CONTACT, URGENCY
from shared.clock import MUNICIPAL_ZONE, start_of

if TYPE_CHECKING:
    import uuid

    from asyncpg import Record
    from asyncpg.pool import Pool

    from services.timeline.read_model.access import Viewer

_STORED = """
SELECT s.signal_id, s.youth_id, s.kind, s.domain, s.detail, s.due_on, s.raised_at,
       s.resolved_at, s.resolved_by, y.director_id,
       (SELECT t.opened_at FROM {s}.signal_trajectories t
         WHERE t.youth_id = s.youth_id AND t.ended_at IS NULL
         ORDER BY t.opened_at LIMIT 1) AS trajectory_at,
       (SELECT t.opened_by FROM {s}.signal_trajectories t
         WHERE t.youth_id = s.youth_id AND t.ended_at IS NULL
         ORDER BY t.opened_at LIMIT 1) AS trajectory_by
  FROM {s}.signals s LEFT JOIN {s}.youths y USING (youth_id)
 WHERE s.gemeentecode = $1 AND ($2::text IS NULL OR s.youth_id = $2)
"""
_DEAD_LETTERS = """
SELECT d.signal_id, d.youth_id, d.domain, d.raised_at, y.director_id
  FROM {s}.signal_dead_letters d LEFT JOIN {s}.youths y USING (youth_id)
  LEFT JOIN {s}.signal_contacts c USING (youth_id)
 WHERE d.gemeentecode = $1 AND ($2::text IS NULL OR d.youth_id = $2)
   AND NOT coalesce(c.erased, false)
"""
_DEADLINES = """
SELECT d.youth_id, d.key, d.domain, d.detail, d.due_on, y.director_id
  FROM {s}.signal_deadlines d LEFT JOIN {s}.youths y USING (youth_id)
 WHERE d.gemeentecode = $1 AND ($2::text IS NULL OR d.youth_id = $2)
   AND d.due_on BETWEEN $3 AND $4
"""
_SILENT = """
SELECT c.youth_id, c.last_contact_at, y.director_id
  FROM {s}.signal_contacts c LEFT JOIN {s}.youths y USING (youth_id)
 WHERE c.gemeentecode = $1 AND ($2::text IS NULL OR c.youth_id = $2)
   AND c.enrolled AND NOT c.erased AND c.last_contact_at < $3
"""
_ACTIONS = """
SELECT signal_id, action, note, until_on, actor, acted_at FROM {s}.signal_actions
 WHERE gemeentecode = $1 AND signal_id = ANY($2::uuid[]) ORDER BY action_id
"""


async def signals_seen(  # noqa: PLR0913 - each is named at the call site
    pool: Pool,
    schema: str,
    viewer: Viewer,
    *,
    today: date,
    soon_days: int,
    silent_days: int,
    youth_id: str | None = None,
) -> list[Signal]:
    """Every signal of the viewer's municipality they may see (all states), most urgent first."""
    where = viewer.gemeentecode
    found = [
        *[_stored(r) for r in await pool.fetch(_STORED.format(s=schema), where, youth_id)],
        *[_dead_letter(r) for r in await pool.fetch(_DEAD_LETTERS.format(s=schema), where,
                                                    youth_id)],
        *[_due_soon(r) for r in await pool.fetch(_DEADLINES.format(s=schema), where, youth_id,
                                                 today, today + timedelta(days=soon_days))],
        *[_silent(r, silent_days) for r in await pool.fetch(
            _SILENT.format(s=schema), where, youth_id,
            start_of(today - timedelta(days=silent_days - 1)))],
    ]  # fmt: skip
    visible = [f for f in found if sees(viewer, f.domain, f.director_id, f.kind)]
    actions = await _actions(pool, schema, where, [f.signal_id for f in visible])
    signals = [shown(f, viewer, actions.get(f.signal_id, []), today) for f in visible]
    return sorted(signals, key=order)


def order(signal: Signal) -> tuple[int, date, str, str]:
    """Most urgent first, then the earliest due day (none last), then the oldest."""
    return (signal.urgency, signal.due_on or date.max, signal.raised_at.isoformat(),
            str(signal.signal_id))  # fmt: skip


def _stored(r: Record) -> Found:
    resolved_at, resolved_by = r["resolved_at"], r["resolved_by"]
    if r["kind"] == EVICTION and resolved_at is None and r["trajectory_at"] is not None:
        # A debt trajectory is open: the threat is no longer without one.
        resolved_at = max(r["trajectory_at"], r["raised_at"])
        resolved_by = r["trajectory_by"]
    return Found(
        r["signal_id"], r["youth_id"], r["kind"], r["domain"], URGENCY[r["kind"]], r["detail"],
        r["due_on"], r["raised_at"], resolved_at, resolved_by, r["director_id"],
    )  # fmt: skip


def _dead_letter(r: Record) -> Found:
    return Found(r["signal_id"], r["youth_id"], DEAD_LETTER, r["domain"], URGENCY[DEAD_LETTER],
                 "", None, r["raised_at"], director_id=r["director_id"])  # fmt: skip


def _due_soon(r: Record) -> Found:
    key = f"{DUE_SOON}:{r['key']}{r['due_on'].isoformat()}:"
    return Found(
        signal_id(r["youth_id"], key), r["youth_id"], DUE_SOON, r["domain"], URGENCY[DUE_SOON],
        r["detail"], r["due_on"], start_of(r["due_on"]), director_id=r["director_id"],
    )  # fmt: skip


def _silent(r: Record, silent_days: int) -> Found:
    last = r["last_contact_at"].astimezone(MUNICIPAL_ZONE).date()
    key = f"{NO_CONTACT}:{last.isoformat()}:"
    return Found(
        signal_id(r["youth_id"], key), r["youth_id"], NO_CONTACT, "intake", URGENCY[NO_CONTACT],
        last.strftime("%d-%m-%Y"), None, start_of(last + timedelta(days=silent_days)),
        director_id=r["director_id"],
    )  # fmt: skip


async def _actions(
    pool: Pool, schema: str, gemeentecode: str, ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[Action]]:
    found: dict[uuid.UUID, list[Action]] = {}
    if not ids:
        return found
    for r in await pool.fetch(_ACTIONS.format(s=schema), gemeentecode, ids):
        found.setdefault(r["signal_id"], []).append(
            Action(r["action"], r["note"], r["until_on"], r["actor"], r["acted_at"])
        )
    return found


async def record_action(  # noqa: PLR0913 - each is named at the call site
    pool: Pool,
    schema: str,
    viewer: Viewer,
    signal: uuid.UUID,
    *,
    action: str,
    note: str | None = None,
    until_on: date | None = None,
) -> None:
    """Keep a worker's acknowledgement or snooze, with who; the database says when."""
    await pool.execute(
        f"INSERT INTO {schema}.signal_actions (signal_id, gemeentecode, action, note, until_on,"
        " actor) VALUES ($1, $2, $3, $4, $5, $6)",
        signal, viewer.gemeentecode, action, note, until_on, viewer.actor,
    )  # fmt: skip
