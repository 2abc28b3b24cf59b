"""A real HTTP webhook receiver for tests: uvicorn on 127.0.0.1, an ephemeral port, a log.

Each test says how to answer (a status per request, possibly after waiting, to hold a request
open) and reads what arrived. Stopped on leaving the `async with`, held requests released.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Self

import uvicorn


@dataclass
class Received:
    """One request as it arrived; `status` is what the receiver answered (None: no answer)."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    status: int | None = None

    @property
    def event(self) -> dict[str, Any]:
        """The CloudEvent in the body."""
        return json.loads(self.body)

    @property
    def event_id(self) -> str:
        """The CloudEvent's id."""
        return str(self.event["id"])


Answer = Callable[[Received], Awaitable[int]]


async def accept(_request: Received) -> int:
    """Take everything."""
    return 204


class _Server(uvicorn.Server):
    """uvicorn without its signal handlers: the test process keeps its own."""

    @contextlib.contextmanager
    def capture_signals(self):  # type: ignore[no-untyped-def]
        yield


@dataclass
class Receiver:
    """Serve until the block ends; `answer` decides each response.

    A request whose sender vanished before its body was complete never arrived: it is counted
    in `cut_off`, not kept in `received`, and not answered.
    """

    answer: Answer = accept
    received: list[Received] = field(default_factory=list)
    cut_off: int = 0
    released: asyncio.Event = field(default_factory=asyncio.Event)
    port: int = 0
    _server: _Server | None = None
    _task: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        """Where to send events."""
        return f"http://127.0.0.1:{self.port}/events"

    def delivered(self) -> list[Received]:
        """The requests answered with a 2xx, in arrival order."""
        return [r for r in self.received if r.status is not None and 200 <= r.status < 300]

    def delivered_ids(self) -> list[str]:
        """The event ids answered with a 2xx, in arrival order."""
        return [r.event_id for r in self.delivered()]

    async def hold(self) -> None:
        """For an `answer`: wait until the test releases held requests (or the receiver stops)."""
        await self.released.wait()

    async def _app(self, scope, receive, send) -> None:
        assert scope["type"] == "http"
        body = b""
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":  # the sender died before its body was in
                self.cut_off += 1
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        request = Received(scope["method"], scope["path"], headers, body)
        self.received.append(request)
        status = await self.answer(request)
        with contextlib.suppress(Exception):  # the sender may be gone (killed mid-request)
            await send({"type": "http.response.start", "status": status,
                        "headers": [(b"content-length", b"0")]})  # fmt: skip
            await send({"type": "http.response.body", "body": b""})
            request.status = status

    async def __aenter__(self) -> Self:
        """Listen on 127.0.0.1, on a port the system picks."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            self._app, interface="asgi3", lifespan="off", log_level="warning", access_log=False,
            timeout_graceful_shutdown=2,
        )  # fmt: skip
        self._server = _Server(config)
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]))
        while not self._server.started:
            assert not self._task.done(), "the receiver did not start"
            await asyncio.sleep(0.01)
        return self

    async def __aexit__(self, *_exc: object) -> None:
        """Release held requests and stop serving."""
        self.released.set()
        assert self._server is not None
        assert self._task is not None
        self._server.should_exit = True
        await asyncio.wait_for(self._task, timeout=10)
