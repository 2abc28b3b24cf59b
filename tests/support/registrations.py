"""Young people a domain service has learnt from intake, for tests of that service alone.

A domain refuses commands for young people intake has not registered (shared/tenancy). Tests
of one domain's API put the registration where the domain's consumer would have put it; the
path through intake's topic is tested in tests/integration/shared/test_tenancy.py.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx


async def registered(
    client: httpx.AsyncClient,
    youth: uuid.UUID | None = None,
    *,
    gemeente: str = "0518",
    director: str | None = None,
) -> uuid.UUID:
    """A young person as intake registered them, known to the service behind `client`."""
    youth = youth or uuid.uuid4()
    app = client._transport.app  # type: ignore[attr-defined]
    await app.state.pool.execute(
        f"INSERT INTO {app.state.schema}.youth_registrations (youth_id, gemeentecode, director_id)"
        " VALUES ($1, $2, $3) ON CONFLICT (youth_id) DO UPDATE SET gemeentecode = $2,"
        " director_id = $3",
        youth,
        gemeente,
        director,
    )
    return youth
