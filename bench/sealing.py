"""The cost of privacy: appends with personal fields sealed per person, against the same in clear.

Both sides append intake's `youth-registered` (a name and a birth date) one event per
transaction with 8 writers. "New person" makes and wraps a data key for every event, as a
registration does; "known person" finds the key in the cache, as later events about someone do.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from bench.appends import _drive
from bench.payloads import METADATA
from bench.results import Row, WorkloadResult
from services.intake.domain.events import CATALOGUE, YouthRegistered
from shared.eventstore import NewEvent, PostgresEventStore, event_store_migration
from shared.privacy import KeyStore, MasterKey, Sealer, key_store_migration

if TYPE_CHECKING:
    from bench.context import BenchContext
    from bench.profile import Profile

WRITERS = 8
KNOWN_PEOPLE = 64


def _registration(youth_id: uuid.UUID) -> YouthRegistered:
    return YouthRegistered(
        youth_id=youth_id,
        programma="jpf",
        full_name="Sam de Vries",
        date_of_birth=date(2004, 1, 1),
        age_band="18-22",
        registered_on=date(2026, 11, 22),
    )


async def measure_sealing(ctx: BenchContext, profile: Profile) -> WorkloadResult:
    """Events per second sealed (new person, known person) and in clear, in this run."""
    count = profile.single_appends[WRITERS]
    async with ctx.pool(WRITERS) as pool:
        schema = await ctx.migrated(pool, ctx.schema("sealing"), [event_store_migration()])
        keys_schema = await ctx.migrated(pool, ctx.schema("keys"), [key_store_migration()])
        store = PostgresEventStore(pool, schema)
        sealer = Sealer(CATALOGUE, KeyStore(pool, keys_schema, MasterKey.from_environment()))
        known = [uuid.uuid4() for _ in range(KNOWN_PEOPLE)]

        async def in_clear(youth_id: uuid.UUID) -> None:
            event = NewEvent(
                event_id=uuid.uuid4(),
                event_type=CATALOGUE.type_name(YouthRegistered),
                schema_version=1,
                subject=str(youth_id),
                data=_registration(youth_id).model_dump_json(),
                metadata=METADATA,
            )
            await store.append(f"youth-{uuid.uuid4()}", [event], 0)

        async def sealed(youth_id: uuid.UUID) -> None:
            event = await sealer.seal(
                _registration(youth_id), subject=str(youth_id), metadata=METADATA
            )
            await store.append(f"youth-{uuid.uuid4()}", [event], 0)

        await _drive(WRITERS, known, sealed)  # makes the known people's keys; also a warm-up
        clear_s = await _drive(WRITERS, [uuid.uuid4() for _ in range(count)], in_clear)
        new_s = await _drive(WRITERS, [uuid.uuid4() for _ in range(count)], sealed)
        known_s = await _drive(WRITERS, [known[i % KNOWN_PEOPLE] for i in range(count)], sealed)

    clear, new, cached = count / clear_s, count / new_s, count / known_s
    result = WorkloadResult("sealing")
    result.rows.append(Row(f"sealed append, new person, {WRITERS} writers", new, clear, "ev/s"))
    result.rows.append(
        Row(f"sealed append, known person, {WRITERS} writers", cached, clear, "ev/s")
    )
    result.raw = {"events": count, "events_per_s": {"clear": clear, "new": new, "known": cached}}
    result.notes.append(
        "sealing: reference = the same registrations appended with name and birth date in clear;"
        " a new person costs a data key (made, wrapped, stored), a known one a cache hit"
    )
    return result
