"""What a domain service knows of intake's registrations, and the wait for one in flight.

A domain learns each young person from intake's topic (`youth-referred`, `youth-registered`)
in a consumer of its own, the director from `director-assigned`, and the age band (at
registration, then `age-band-changed`) with whether youth care was extended to 23
(`transition-plan-agreed`, `adulthood-reached`), for the legal basis of its own facts. A
command over HTTP for a young person it has not learnt, or of another municipality, is
refused alike, so an outsider cannot tell the two apart, and the first writer can never pick
the tenant.

A registration reaches a domain a moment after intake answered; a command sent right after it
waits up to `wait_s` for it instead of being refused.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from shared.migrations import Migration, checked_schema, shared_migration

if TYPE_CHECKING:
    from collections.abc import Sequence

    from asyncpg.pool import Pool, PoolConnectionProxy

    from shared.envelope import CloudEvent

_INTAKE = "nl.regie.intake."
_ESTABLISHING = frozenset({f"{_INTAKE}youth-referred", f"{_INTAKE}youth-registered"})
_DIRECTOR = f"{_INTAKE}director-assigned"
_REGISTERED = f"{_INTAKE}youth-registered"
_BAND_CHANGED = f"{_INTAKE}age-band-changed"
_EXTENDING = frozenset({f"{_INTAKE}transition-plan-agreed", f"{_INTAKE}adulthood-reached"})
_FIRST_PAUSE_S = 0.05
_LONGEST_PAUSE_S = 0.4


def registrations_migrations() -> list[Migration]:
    """The registrations table, filled from the service's own streams at upgrade; the age."""
    return [
        shared_migration("shared.tenancy", "schema.sql", "0003_youth_registrations"),
        shared_migration("shared.tenancy", "age.sql", "0003_youth_registrations_age"),
    ]


@dataclass(frozen=True)
class Registration:
    """A young person as intake registered them."""

    gemeentecode: str
    director_id: str | None
    age_band: str | None = None  # the latest intake published; None before one is heard
    youth_care_extended: bool = False  # jeugdhulp continues up to 23


class AgeAware(Protocol):
    """A domain's state that tags its facts by the young person's age (shared/legal_basis.py)."""

    @property
    def age_band(self) -> str | None:
        """The band the latest fact holds; None before intake's is heard."""

    @property
    def youth_care_extended(self) -> bool:
        """Whether jeugdhulp continues up to 23."""


S = TypeVar("S", bound=AgeAware)


def learn_age(state: S, registration: Registration | None) -> S:
    """The age band and extended youth care as intake last published them (None: unheard)."""
    if registration is None:
        return state
    return cast(
        "S",
        replace(
            cast("Any", state),
            age_band=registration.age_band,
            youth_care_extended=registration.youth_care_extended,
        ),
    )


class YouthRegistry:
    """The registrations a domain service learnt: a projection over intake's topic, and lookups.

    `name` is the consumer group and inbox key, apart from the policies' own, so a service that
    upgrades reads intake's topic from its start for this alone.
    """

    def __init__(self, pool: Pool, schema: str, name: str, *, wait_s: float = 3.0) -> None:
        """Look up in `schema`; consume as `name`; wait up to `wait_s` for one in flight."""
        self.name = name
        self._pool = pool
        self._table = f"{checked_schema(schema)}.youth_registrations"
        self._wait_s = wait_s

    async def apply(self, conn: PoolConnectionProxy, events: Sequence[CloudEvent]) -> None:
        """Record whose each new young person is, and who directs them (intake's word wins)."""
        for event in events:
            type_name = event.name_and_version[0]
            youth = _youth_id(event.subject)
            if youth is None:
                continue
            if type_name in _ESTABLISHING:
                await conn.execute(
                    f"INSERT INTO {self._table} (youth_id, gemeentecode) VALUES ($1, $2)"
                    " ON CONFLICT (youth_id) DO UPDATE SET gemeentecode = EXCLUDED.gemeentecode,"
                    f" source = 'intake' WHERE {self._table}.source <> 'intake'",
                    youth,
                    event.gemeentecode,
                )
            if type_name in (_REGISTERED, _BAND_CHANGED):
                await self._set(conn, youth, "age_band", _text(event.data.get("age_band")))
            elif type_name in _EXTENDING:
                extended = event.data.get("youth_care_extended") is True
                await self._set(conn, youth, "youth_care_extended", extended)
            elif type_name == _DIRECTOR:
                director = event.data.get("director_id")
                await conn.execute(
                    f"UPDATE {self._table} SET director_id = $2 WHERE youth_id = $1",
                    youth,
                    director if isinstance(director, str) else None,
                )

    async def _set(
        self, conn: PoolConnectionProxy, youth: uuid.UUID, column: str, value: object
    ) -> None:
        """One learnt fact of a registration (the row is made by the establishing event)."""
        await conn.execute(
            f"UPDATE {self._table} SET {column} = $2 WHERE youth_id = $1", youth, value
        )

    async def find(self, youth_id: uuid.UUID) -> Registration | None:
        """The registration, if this service has learnt it."""
        row = await self._pool.fetchrow(
            f"SELECT gemeentecode, director_id, age_band, youth_care_extended FROM {self._table}"
            " WHERE youth_id = $1",
            youth_id,
        )
        return None if row is None else Registration(**dict(row))

    async def of_municipality(self, youth_id: uuid.UUID, gemeentecode: str) -> Registration | None:
        """The registration if it is `gemeentecode`'s; waits briefly for one still in flight.

        An unknown young person and another municipality's take the same time and give the
        same None, so neither the answer nor its timing tells them apart.
        """
        deadline = time.monotonic() + self._wait_s
        pause = _FIRST_PAUSE_S
        while True:
            found = await self.find(youth_id)
            if found is not None and found.gemeentecode == gemeentecode:
                return found
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            await asyncio.sleep(min(pause, left))
            pause = min(pause * 2, _LONGEST_PAUSE_S)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _youth_id(subject: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(subject)
    except ValueError:
        return None
