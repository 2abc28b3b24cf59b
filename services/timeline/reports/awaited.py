"""Met and missed deadlines from the durable timers' facts, and the Doorbraak, for the reports.

A deadline counts as missed by its timer's event (`termijn_gemist`, on the day it was due),
and as met when the awaited fact is recorded without a missed event before it
(`termijn_gehaald`, on the day of the fact); the dimension is the deadline's kind. Not from
re-derived dates: what the timers recorded is what counts. Kinds and their facts:

- `eerste_gesprek` per debt trajectory: missed `first-conversation-deadline-missed`, met
  `first-conversation-held`; ended first, it is no longer owed.
- `eerste_week` per homelessness episode: missed `first-week-shelter-missed`, met once a roof
  (`shelter-admitted` or `housed`) and a postal address (`postal-address-arranged`, or
  `housed`) were both recorded in the episode.
- `woonplan` per episode: missed `housing-plan-deadline-missed`, met `housing-plan-agreed`;
  housed first, it is no longer owed.
- `toekomstplan` per programme started with a due day: missed `future-plan-overdue`, met
  `future-plan-agreed` (once per plan, however many programmes awaited it); no longer owed
  after leaving the programme.
- `planevaluatie` per review period of the toekomstplan (its `review_due_on`): missed
  `plan-review-due`, met `future-plan-reviewed` (which opens the next period); a new plan
  agreed or the last exit leaves it no longer owed.
- `doel` per goal of the toekomstplan: missed `goal-overdue`, met a review that marks it
  `bereikt`; dropped (`vervallen`), replaced by a new plan or after the last exit it is no
  longer owed.
- `overgangsplan` per young person registered under 18: met `transition-plan-agreed` before
  18 (intake decides `agreed_before_18` from the sealed birth date), missed
  `adulthood-reached` without one (recorded on the first of the month after the birthday, so
  a plan agreed in between, after 18, is no longer in time); met over met plus missed is the
  share of transitions agreed before 18.

Each Doorbraak is kept (`report_breakthroughs`) for the escalations per obstructing rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from services.timeline.reports.cells import counted_insert

if TYPE_CHECKING:
    from collections.abc import Mapping

    from asyncpg.pool import PoolConnectionProxy

    from shared.envelope import CloudEvent

__all__ = ["KINDS", "MET", "MISSED", "AwaitedDeadlines"]

MET, MISSED = "termijn_gehaald", "termijn_gemist"
FIRST_CONVERSATION, FIRST_WEEK, HOUSING_PLAN, FUTURE_PLAN, TRANSITION_PLAN = (
    "eerste_gesprek", "eerste_week", "woonplan", "toekomstplan", "overgangsplan",
)  # fmt: skip
# The same codes as the signals' for these deadlines (services/timeline/signals/rules.py).
PLAN_REVIEW, GOAL = "planevaluatie", "doel"
KINDS = {
    FIRST_CONVERSATION: "Eerste gesprek schuldhulp (Wgs)",
    FIRST_WEEK: "Eerste week: dak en postadres",
    HOUSING_PLAN: "Woonplan binnen zes weken",
    FUTURE_PLAN: "Toekomstplan",
    PLAN_REVIEW: "Evaluatie van het toekomstplan",
    GOAL: "Doel uit het toekomstplan",
    TRANSITION_PLAN: "Overgangsplan vóór 18",
}
DROPPED = "vervallen"  # a goal reviewed so is no longer owed: neither met nor missed


def day_in(data: Mapping[str, Any], field: str) -> date | None:
    """The date in `field` of an event's data; None when absent or not a date."""
    value = data.get(field)
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


@dataclass(frozen=True)
class _Sql:
    open: str
    miss: str
    settle_key: str
    open_of_youth: str
    settle_youth: str
    part: str
    fact: str
    asked: str
    settled_ask: str


def _sql(schema: str) -> _Sql:
    table = f"{schema}.report_awaited"
    return _Sql(
        open=f"INSERT INTO {table} (kind, key, youth_id, gemeentecode) VALUES ($1, $2, $3, $4)"
        " ON CONFLICT (kind, key) DO NOTHING",
        miss=f"INSERT INTO {table} (kind, key, youth_id, gemeentecode, missed)"
        " VALUES ($1, $2, $3, $4, true) ON CONFLICT (kind, key) DO UPDATE SET missed = true",
        # The row it settles, as it stood before: met counts only when it was not missed.
        settle_key=f"WITH before AS (SELECT missed, settled FROM {table}"
        " WHERE kind = $1 AND key = $2 FOR UPDATE)"
        f" UPDATE {table} t SET settled = true FROM before"
        " WHERE t.kind = $1 AND t.key = $2 AND NOT before.settled RETURNING before.missed",
        open_of_youth=f"SELECT key, missed, roof_on, address_on FROM {table}"
        " WHERE youth_id = $1 AND kind = $2 AND NOT settled",
        settle_youth=f"UPDATE {table} SET settled = true"
        " WHERE youth_id = $1 AND kind = $2 AND NOT settled RETURNING key, missed",
        part=f"UPDATE {table} SET roof_on = coalesce(roof_on, $3), address_on ="
        " coalesce(address_on, $4) WHERE kind = $1 AND key = $2"
        " RETURNING missed, roof_on, address_on",
        fact=counted_insert(
            f"INSERT INTO {schema}.report_facts"
            " (event_id, metric, youth_id, gemeentecode, dimension, occurred_on, value)"
            " VALUES ($1, $2, $3, $4, $5, $6, NULL) ON CONFLICT DO NOTHING",
            schema,
        ),
        asked=f"INSERT INTO {schema}.report_breakthroughs"
        " (breakthrough_id, youth_id, gemeentecode, obstruction, requested_on)"
        " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (breakthrough_id) DO NOTHING",
        settled_ask=f"UPDATE {schema}.report_breakthroughs SET resolved_on = $2, outcome = $3"
        " WHERE breakthrough_id = $1 AND resolved_on IS NULL",
    )


class AwaitedDeadlines:
    """Part of the reports' projection: applied inside its transaction, in topic order."""

    def __init__(self, schema: str) -> None:
        """Write into `schema`.report_awaited, report_breakthroughs and report_facts."""
        self.sql = _sql(schema)

    async def apply(self, conn: PoolConnectionProxy, event: CloudEvent) -> None:
        """What one event does to the awaited deadlines; most do nothing."""
        name = event.name_and_version[0].removeprefix("nl.regie.")
        method = _HANDLERS.get(name)
        if method is not None:
            await getattr(self, f"_{method}")(conn, event)

    # --- helpers -------------------------------------------------------------------------

    async def _count(
        self, conn: PoolConnectionProxy, event: CloudEvent, metric: str, kind: str, on: date | None
    ) -> None:
        day = on or event.time.date()
        await conn.execute(
            self.sql.fact, event.id, metric, event.subject, event.gemeentecode, kind, day
        )

    async def _open(
        self, conn: PoolConnectionProxy, event: CloudEvent, kind: str, key: object
    ) -> None:
        if key is not None:
            await conn.execute(self.sql.open, kind, str(key), event.subject, event.gemeentecode)

    async def _missed(
        self,
        conn: PoolConnectionProxy,
        event: CloudEvent,
        kind: str,
        key: object,
        due: str,
    ) -> None:
        if key is None:
            return
        await conn.execute(self.sql.miss, kind, str(key), event.subject, event.gemeentecode)
        await self._count(conn, event, MISSED, kind, day_in(event.data, due))

    async def _met_key(
        self,
        conn: PoolConnectionProxy,
        event: CloudEvent,
        kind: str,
        key: object,
        on: str,
    ) -> None:
        if key is None:
            return
        missed = await conn.fetchval(self.sql.settle_key, kind, str(key))
        if missed is False:  # settled now, never missed (None: not awaited or settled before)
            await self._count(conn, event, MET, kind, day_in(event.data, on))

    async def _met_youth(
        self, conn: PoolConnectionProxy, event: CloudEvent, kind: str, on: str | None
    ) -> None:
        """Settle the young person's open ones of `kind`; met (once) unless all were missed."""
        rows = await conn.fetch(self.sql.settle_youth, event.subject, kind)
        if on is not None and any(not r["missed"] for r in rows):
            await self._count(conn, event, MET, kind, day_in(event.data, on))

    async def _first_week_part(
        self, conn: PoolConnectionProxy, event: CloudEvent, roof: date | None, address: date | None
    ) -> None:
        for row in await conn.fetch(self.sql.open_of_youth, event.subject, FIRST_WEEK):
            updated = await conn.fetchrow(self.sql.part, FIRST_WEEK, row["key"], roof, address)
            if updated is None or updated["roof_on"] is None or updated["address_on"] is None:
                continue
            missed = await conn.fetchval(self.sql.settle_key, FIRST_WEEK, row["key"])
            if missed is False:
                on = max(updated["roof_on"], updated["address_on"])
                await self._count(conn, event, MET, FIRST_WEEK, None if on is None else on)

    # --- the events ----------------------------------------------------------------------

    async def _debt_help(self, conn: PoolConnectionProxy, event: CloudEvent) -> None:
        await self._open(conn, event, FIRST_CONVERSATION, event.data.get("trajectory_id"))

    async def _conversation_missed(self, conn: PoolConnectionProxy, event: CloudEvent) -> None:
        key = event.data.get("trajectory_id")
        await self._missed(conn, event, FIRST_CONVERSATION, key, "first_conversation_due")

    async def _conversation_held(self, conn: PoolConnectionProxy, event: CloudEvent) -> None:
        key = event.data.get("trajectory_id")
        await self._met_key(conn, event, FIRST_CONVERSATION, key, "held_on")

    async def _trajectory_ended(self, conn: PoolConnectionProxy, event: CloudEvent) -> None:
        key = event.data.get("trajectory_id")
        if key is not None:
            await conn.fetchval(self.sql.settle_key, FIRST_CONVERSATION, str(key))

    async def _homeless(self, conn: PoolConnectionProxy, event: CloudEvent) -> None:
        for kind in (FIRST_WEEK, HOUSING_PLAN):  # a new episode: the last one's are over
            await conn.fetch(self.sql.settle_youth, event.subject, kind)
            await self._open(conn, event, kind, event.data.get("episode_id"))

    async def _week_missed(self, conn: PoolConnectionProxy, event: CloudEvent) -> None:
        await self._missed(conn, event, FIRST_WEEK, event.data.get("episode_id"), "due_on")

    async def _plan_missed(self, conn: PoolConnectionProxy, event: CloudEvent) -> None:
        await self._missed(conn, event, HOUSING_PLAN, event.data.get("episode_id"), "due_on")

    async def _sheltered(self, conn: PoolConnectionProxy, event: CloudEvent) -> None:
        await self._first_week_part(conn, event, day_in(event.data, "admitted_on"), None)

    async def _address(self, conn: PoolConnectionProxy, event: CloudEvent) -> None:
        await self._first_week_part(conn, event, None, day_in(event.data, "arranged_on"))

    async def _housed(self, conn: PoolConnectionProxy, event: CloudEvent) -> None:
        on = day_in(event.data, "from_on")
        await self._first_week_part(conn, event, on, on)  # a home is a roof and an address
        await self._met_youth(conn, event, HOUSING_PLAN, None)  # no plan owed any more

    async def _housing_plan(self, conn: PoolConnectionProxy, event: CloudEvent) -> None:
        await self._met_youth(conn, event, HOUSING_PLAN, "agreed_on")

    async def _enrolled(self, conn: PoolConnectionProxy, event: CloudEvent) -> None:
        if event.data.get("plan_due_on") is not None:
            key = f"{event.subject}/{event.data.get('programma')}"
            await self._open(conn, event, FUTURE_PLAN, key)

    async def _plan_overdue(self, conn: PoolConnectionProxy, event: CloudEvent) -> None:
        key = f"{event.subject}/{event.data.get('programma')}"
        await self._missed(conn, event, FUTURE_PLAN, key, "due_on")

    async def _future_plan(self, conn: PoolConnectionProxy, event: CloudEvent) -> None:
        await self._met_youth(conn, event, FUTURE_PLAN, "agreed_on")
        # The one leading plan: the earlier plan's review and goals are owed no more.
        for kind in (PLAN_REVIEW, GOAL):
            await conn.fetch(self.sql.settle_youth, event.subject, kind)
        await self._open_review(conn, event)
        plan = event.data.get("plan_id")
        for goal in event.data.get("goals") or []:
            if isinstance(goal, dict) and goal.get("goal_id") and goal.get("due_on"):
                await self._open(conn, event, GOAL, _goal_key(event, plan, goal["goal_id"]))

    async def _plan_reviewed(self, conn: PoolConnectionProxy, event: CloudEvent) -> None:
        await self._met_youth(conn, event, PLAN_REVIEW, "reviewed_on")
        statuses = event.data.get("statuses")
        plan = event.data.get("plan_id")
        for goal_id, status in (statuses if isinstance(statuses, dict) else {}).items():
            key = _goal_key(event, plan, goal_id)
            if status == "bereikt":
                await self._met_key(conn, event, GOAL, key, "reviewed_on")
            elif status == DROPPED:
                await conn.fetchval(self.sql.settle_key, GOAL, key)
        await self._open_review(conn, event)

    async def _open_review(self, conn: PoolConnectionProxy, event: CloudEvent) -> None:
        """The review period an agreed or reviewed plan starts (none before the field existed)."""
        due = event.data.get("review_due_on")
        if due is not None:
            key = f"{event.subject}/{event.data.get('plan_id')}/{due}"
            await self._open(conn, event, PLAN_REVIEW, key)

    async def _review_due(self, conn: PoolConnectionProxy, event: CloudEvent) -> None:
        key = f"{event.subject}/{event.data.get('plan_id')}/{event.data.get('due_on')}"
        await self._missed(conn, event, PLAN_REVIEW, key, "due_on")

    async def _goal_overdue(self, conn: PoolConnectionProxy, event: CloudEvent) -> None:
        key = _goal_key(event, event.data.get("plan_id"), event.data.get("goal_id"))
        await self._missed(conn, event, GOAL, key, "due_on")

    async def _exited(self, conn: PoolConnectionProxy, event: CloudEvent) -> None:
        key = f"{event.subject}/{event.data.get('programma')}"
        await conn.fetchval(self.sql.settle_key, FUTURE_PLAN, key)
        if not event.data.get("still_enrolled_in"):  # the last exit: intake times no more
            for kind in (PLAN_REVIEW, GOAL):
                await conn.fetch(self.sql.settle_youth, event.subject, kind)

    async def _registered(self, conn: PoolConnectionProxy, event: CloudEvent) -> None:
        if event.data.get("age_band") == "16-17":  # a transition at 18 is awaited
            await self._open(conn, event, TRANSITION_PLAN, event.subject)

    async def _transition_plan(self, conn: PoolConnectionProxy, event: CloudEvent) -> None:
        if event.data.get("agreed_before_18"):  # after 18 it is missed, on adulthood-reached
            await self._met_key(conn, event, TRANSITION_PLAN, event.subject, "agreed_on")

    async def _adult(self, conn: PoolConnectionProxy, event: CloudEvent) -> None:
        if not event.data.get("agreed_before_18"):
            await self._missed(conn, event, TRANSITION_PLAN, event.subject, "from_on")

    async def _asked(self, conn: PoolConnectionProxy, event: CloudEvent) -> None:
        data = event.data
        on = day_in(data, "requested_on") or event.time.date()
        await conn.execute(
            self.sql.asked, str(data.get("breakthrough_id")), event.subject,
            event.gemeentecode, str(data.get("obstruction")), on,
        )  # fmt: skip

    async def _settled(self, conn: PoolConnectionProxy, event: CloudEvent) -> None:
        data = event.data
        on = day_in(data, "resolved_on") or event.time.date()
        await conn.execute(
            self.sql.settled_ask, str(data.get("breakthrough_id")), on, str(data.get("outcome"))
        )


def _goal_key(event: CloudEvent, plan: object, goal_id: object) -> str:
    return f"{event.subject}/{plan}/{goal_id}"


# Event type -> the method (without its underscore) that applies it.
_HANDLERS = {
    "debts.debt-help-requested": "debt_help",
    "debts.first-conversation-deadline-missed": "conversation_missed",
    "debts.first-conversation-held": "conversation_held",
    "debts.debt-trajectory-ended": "trajectory_ended",
    "housing.homelessness-registered": "homeless",
    "housing.first-week-shelter-missed": "week_missed",
    "housing.housing-plan-deadline-missed": "plan_missed",
    "housing.shelter-admitted": "sheltered",
    "housing.postal-address-arranged": "address",
    "housing.housed": "housed",
    "housing.housing-plan-agreed": "housing_plan",
    "intake.programme-enrolled": "enrolled",
    "intake.future-plan-overdue": "plan_overdue",
    "intake.future-plan-agreed": "future_plan",
    "intake.future-plan-reviewed": "plan_reviewed",
    "intake.plan-review-due": "review_due",
    "intake.goal-overdue": "goal_overdue",
    "intake.programme-exited": "exited",
    "intake.youth-registered": "registered",
    "intake.transition-plan-agreed": "transition_plan",
    "intake.adulthood-reached": "adult",
    "intake.breakthrough-requested": "asked",
    "intake.breakthrough-resolved": "settled",
}
