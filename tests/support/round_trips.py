"""Count the database statements a request sends, each one round trip to PostgreSQL.

Counted where asyncpg talks to the server (a prepared statement's execution, `executemany`,
and a plain query such as BEGIN or COMMIT), and only in the context the counting was opened
in: an in-process request through httpx's ASGI transport runs there, while the app's
background loops (relay, read model, timers, the relay's NOTIFY) run in tasks of their own
and are left out. A statement new to a pooled connection costs asyncpg one more round trip to
prepare it; warm the route up first, and the count is what each further command costs.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

import asyncpg.connection
import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

_SENT: ContextVar[list[str] | None] = ContextVar("round_trips_sent", default=None)


def _note(query: object) -> None:
    sent = _SENT.get()
    if sent is not None:
        sent.append(" ".join(str(query).split()))


@contextlib.contextmanager
def round_trips() -> Iterator[list[str]]:
    """The statements sent inside the block (by this task and tasks started from it)."""
    connection = asyncpg.connection.Connection
    execute = connection.execute
    # Where every prepared statement is sent, and every batch.
    execute_prepared = connection._execute  # type: ignore[attr-defined]
    many = connection._executemany  # type: ignore[attr-defined]

    async def plain(self: Any, query: str, *args: Any, **kwargs: Any) -> Any:
        if not args:  # with arguments it goes through _execute, counted there
            _note(query)
        return await execute(self, query, *args, **kwargs)

    async def prepared(self: Any, query: str, *args: Any, **kwargs: Any) -> Any:
        _note(query)
        return await execute_prepared(self, query, *args, **kwargs)

    async def batched(self: Any, query: str, *args: Any, **kwargs: Any) -> Any:
        _note(query)
        return await many(self, query, *args, **kwargs)

    sent: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(connection, "execute", plain)
        patch.setattr(connection, "_execute", prepared)
        patch.setattr(connection, "_executemany", batched)
        token = _SENT.set(sent)
        try:
            yield sent
        finally:
            _SENT.reset(token)
