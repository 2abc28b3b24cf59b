"""The timeline's knowledge of each young person, without personal data, and their consents.

From intake's events: the municipality, programme, age band and jongerenregisseur (`youths`);
the consents as given and withdrawn, with the moments they were recorded (`consents`). The
access rules read both; the reports read the programme and age band.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from asyncpg.pool import Pool, PoolConnectionProxy

    from shared.envelope import CloudEvent

INTAKE = "nl.regie.intake."
SHARING = "tijdlijn_delen"  # the consent purpose that covers showing other domains' entries


@dataclass(frozen=True)
class Consent:
    """One consent as recorded: for which life domains, from when, until when."""

    purpose: str
    leefgebieden: frozenset[str]
    given_at: datetime
    valid_until: date | None
    withdrawn_at: datetime | None

    def holds_at(self, moment: datetime) -> bool:
        """In force at `moment`: given, not lapsed and not withdrawn by then."""
        lapsed = self.valid_until is not None and self.valid_until < moment.date()
        withdrawn = self.withdrawn_at is not None and self.withdrawn_at <= moment
        return self.given_at <= moment and not lapsed and not withdrawn


class Youths:
    """Keeps `youths` and `consents`; applied inside the timeline projection's transaction."""

    def __init__(self, schema: str) -> None:
        """Write into `schema`.youths and `schema`.consents."""
        self.schema = schema

    async def apply(self, conn: PoolConnectionProxy, events: Sequence[CloudEvent]) -> None:
        """One statement per intake event that says who the young person is to the timeline."""
        for event in events:
            name = event.name_and_version[0]
            if not name.startswith(INTAKE):
                continue
            await self._apply_one(conn, name.removeprefix(INTAKE), event)

    async def _apply_one(self, conn: PoolConnectionProxy, name: str, event: CloudEvent) -> None:
        s, data, youth = self.schema, event.data, event.subject
        if name in {"youth-registered", "programme-enrolled", "director-assigned",
                    "programme-exited"}:  # fmt: skip
            await conn.execute(
                f"INSERT INTO {s}.youths (youth_id, gemeentecode) VALUES ($1, $2)"
                " ON CONFLICT (youth_id) DO NOTHING",
                youth,
                event.gemeentecode,
            )
        if name == "youth-registered":
            await conn.execute(
                f"UPDATE {s}.youths SET programma = $2, age_band = $3, registered_on = $4"
                " WHERE youth_id = $1",
                youth, data.get("programma"), data.get("age_band"), _day(data.get("registered_on")),
            )  # fmt: skip
        elif name == "programme-enrolled":
            await conn.execute(
                f"UPDATE {s}.youths SET programma = $2, exited_on = NULL WHERE youth_id = $1",
                youth,
                data.get("programma"),
            )
        elif name == "director-assigned":
            await conn.execute(
                f"UPDATE {s}.youths SET director_id = $2 WHERE youth_id = $1",
                youth,
                data.get("director_id"),
            )
        elif name == "programme-exited":
            await conn.execute(
                f"UPDATE {s}.youths SET exited_on = $2 WHERE youth_id = $1",
                youth,
                _day(data.get("exit_on")),
            )
        elif name == "consent-given":
            await conn.execute(
                f"INSERT INTO {s}.consents (youth_id, purpose, leefgebieden, given_at,"
                " valid_until, event_id) VALUES ($1, $2, $3, $4, $5, $6)",
                youth, data.get("purpose"), list(data.get("leefgebieden") or []), event.time,
                _day(data.get("valid_until")), event.id,
            )  # fmt: skip
        elif name == "consent-withdrawn":
            await conn.execute(
                f"UPDATE {s}.consents SET withdrawn_at = $3"
                " WHERE youth_id = $1 AND purpose = $2 AND withdrawn_at IS NULL",
                youth,
                data.get("purpose"),
                event.time,
            )


def _day(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


async def consents_of(pool: Pool, schema: str, youth_id: str) -> list[Consent]:
    """Every consent the young person gave, in force or not."""
    return (await consents_for(pool, schema, [youth_id])).get(youth_id, [])


async def consents_for(pool: Pool, schema: str, youth_ids: list[str]) -> dict[str, list[Consent]]:
    """Every consent of each of these young people, in force or not."""
    rows = await pool.fetch(
        f"SELECT youth_id, purpose, leefgebieden, given_at, valid_until, withdrawn_at"
        f" FROM {schema}.consents WHERE youth_id = ANY($1::text[]) ORDER BY given_at",
        youth_ids,
    )
    found: dict[str, list[Consent]] = {}
    for r in rows:
        found.setdefault(r["youth_id"], []).append(
            Consent(r["purpose"], frozenset(r["leefgebieden"]), r["given_at"],
                    r["valid_until"], r["withdrawn_at"])
        )  # fmt: skip
    return found
