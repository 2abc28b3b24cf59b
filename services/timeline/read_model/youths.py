"""The timeline's knowledge of each young person, without personal data, and their consents.

From intake's events: the municipality, programme, current age band and jongerenregisseur
(`youths`); the bands over time (`youth_age_bands`: at registration, then each band intake
recorded on a birthday); the consents as given and withdrawn, with the moments they were
recorded (`consents`). The access rules read the youths and consents; the reports read the
programme and the band of each fact's day.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

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


# Per young person, the batch's changes folded in order; `exit_set` tells a cleared exit
# (re-enrolled) from one the batch did not touch.
_UPSERT = """
WITH v AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[],
                         $6::text[], $7::date[], $8::boolean[])
        AS v(youth_id, gemeentecode, programma, age_band, registered_on, director_id,
             exited_on, exit_set)
)
INSERT INTO {s}.youths AS y (youth_id, gemeentecode, programma, age_band, registered_on,
                             director_id, exited_on)
SELECT youth_id, gemeentecode, programma, age_band, registered_on, director_id, exited_on
  FROM v
ON CONFLICT (youth_id) DO UPDATE SET
    programma = coalesce(EXCLUDED.programma, y.programma),
    age_band = coalesce(EXCLUDED.age_band, y.age_band),
    registered_on = coalesce(EXCLUDED.registered_on, y.registered_on),
    director_id = coalesce(EXCLUDED.director_id, y.director_id),
    exited_on = CASE WHEN (SELECT exit_set FROM v WHERE v.youth_id = EXCLUDED.youth_id)
                     THEN EXCLUDED.exited_on ELSE y.exited_on END
"""
_FACTS = frozenset(
    {"youth-registered", "programme-enrolled", "director-assigned", "programme-exited",
     "age-band-changed"}
)  # fmt: skip
# Where each fact names its band and the day it holds from.
_BANDS = {"youth-registered": "registered_on", "age-band-changed": "from_on"}


class Youths:
    """Keeps `youths` and `consents`; applied inside the timeline projection's transaction."""

    def __init__(self, schema: str) -> None:
        """Write into `schema`.youths and `schema`.consents."""
        self.schema = schema
        self._upsert = _UPSERT.format(s=schema)
        self._bands = (
            f"INSERT INTO {schema}.youth_age_bands (youth_id, from_on, age_band)"
            " SELECT * FROM unnest($1::text[], $2::date[], $3::text[])"
            " ON CONFLICT (youth_id, from_on) DO UPDATE SET age_band = EXCLUDED.age_band"
        )

    async def apply(self, conn: PoolConnectionProxy, events: Sequence[CloudEvent]) -> None:
        """One statement for the batch's facts and one for its age bands; consents one by one."""
        folded: dict[str, dict[str, Any]] = {}
        bands: dict[tuple[str, date], str] = {}  # the last fact per young person and day wins
        for event in events:
            name = event.name_and_version[0]
            if not name.startswith(INTAKE):
                continue
            name = name.removeprefix(INTAKE)
            if name in _FACTS:
                _fold(folded.setdefault(event.subject, _empty(event)), name, event.data)
            if name in _BANDS:
                on, band = _day(event.data.get(_BANDS[name])), event.data.get("age_band")
                if on is not None and isinstance(band, str):
                    bands[(event.subject, on)] = band
            elif name in {"consent-given", "consent-withdrawn"}:
                await self._consent(conn, name, event)
        if bands:
            # One round trip per batch, not per registration (the projection's hot path).
            await conn.execute(
                self._bands,
                [youth for youth, _ in bands],
                [on for _, on in bands],
                list(bands.values()),
            )
        if folded:
            rows = [tuple(row.values()) for row in folded.values()]
            await conn.execute(self._upsert, *(list(c) for c in zip(*rows, strict=True)))

    async def _consent(self, conn: PoolConnectionProxy, name: str, event: CloudEvent) -> None:
        s, data, youth = self.schema, event.data, event.subject
        if name == "consent-given":
            await conn.execute(
                f"INSERT INTO {s}.consents (youth_id, purpose, leefgebieden, given_at,"
                " valid_until, event_id) VALUES ($1, $2, $3, $4, $5, $6)",
                youth, data.get("purpose"), list(data.get("leefgebieden") or []), event.time,
                _day(data.get("valid_until")), event.id,
            )  # fmt: skip
        else:
            await self._withdraw(conn, event)

    async def _withdraw(self, conn: PoolConnectionProxy, event: CloudEvent) -> None:
        """End the consents in force; what they covered beyond the withdrawal goes on.

        The remainder is a new row from the withdrawal's moment, so an as-of read before it
        still sees the whole consent. Its id derives from both events: a rebuild makes the same.
        """
        s, data = self.schema, event.data
        withdrawn = set(data.get("leefgebieden") or [])
        ended = await conn.fetch(
            f"UPDATE {s}.consents SET withdrawn_at = $3"
            " WHERE youth_id = $1 AND purpose = $2 AND withdrawn_at IS NULL"
            " RETURNING leefgebieden, valid_until, event_id",
            event.subject, data.get("purpose"), event.time,
        )  # fmt: skip
        remainders = [
            (event.subject, data.get("purpose"), sorted(set(row["leefgebieden"]) - withdrawn),
             event.time, row["valid_until"], uuid.uuid5(event.id, str(row["event_id"])))
            for row in ended
            if set(row["leefgebieden"]) - withdrawn
        ]  # fmt: skip
        if remainders:
            await conn.executemany(
                f"INSERT INTO {s}.consents (youth_id, purpose, leefgebieden, given_at,"
                " valid_until, event_id) VALUES ($1, $2, $3, $4, $5, $6)"
                " ON CONFLICT (event_id) DO NOTHING",
                remainders,
            )


def _empty(event: CloudEvent) -> dict[str, Any]:
    return {
        "youth_id": event.subject, "gemeentecode": event.gemeentecode, "programma": None,
        "age_band": None, "registered_on": None, "director_id": None, "exited_on": None,
        "exit_set": False,
    }  # fmt: skip


def _fold(row: dict[str, Any], name: str, data: Mapping[str, Any]) -> None:
    """One fact, in stream order, into the young person's row of changes."""
    if name == "youth-registered":
        row["programma"] = data.get("programma") or row["programma"]
        row["age_band"] = data.get("age_band")
        row["registered_on"] = _day(data.get("registered_on"))
    elif name == "programme-enrolled":
        row["programma"] = data.get("programma") or row["programma"]
        row["exited_on"], row["exit_set"] = None, True
    elif name == "director-assigned":
        row["director_id"] = data.get("director_id")
    elif name == "age-band-changed":
        row["age_band"] = data.get("age_band") or row["age_band"]
    elif not data.get("still_enrolled_in"):  # programme-exited, and no programme is left
        row["exited_on"], row["exit_set"] = _day(data.get("exit_on")), True


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
