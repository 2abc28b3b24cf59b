"""What every HTTP service has: request context, one log line per request, health, readiness."""

from __future__ import annotations

import time
import uuid
from typing import TYPE_CHECKING

import structlog
from fastapi.responses import JSONResponse
from faststream.specification import AsyncAPI

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from fastapi import FastAPI, Request, Response
    from faststream.kafka import KafkaBroker

log = structlog.get_logger("http")

CORRELATION_HEADER = "X-Correlation-ID"


def log_context(request: Request, **values: object) -> None:
    """Add to the request's one log line (routes run in another context than the middleware)."""
    request.state.log_context.update(values)


def install_request_context(app: FastAPI) -> None:
    """Bind a correlation id for the request (taken from the caller or new); log it once."""

    @app.middleware("http")
    async def request_context(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        correlation_id = request.headers.get(CORRELATION_HEADER) or str(uuid.uuid4())
        structlog.contextvars.bind_contextvars(correlation_id=correlation_id)
        request.state.correlation_id = correlation_id
        request.state.log_context = {}
        started = time.perf_counter()
        status = 500
        try:
            response = await call_next(request)
            status = response.status_code
            response.headers[CORRELATION_HEADER] = correlation_id
            return response
        finally:
            log.info(
                "http_request",
                correlation_id=correlation_id,
                method=request.method,
                path=request.url.path,
                status=status,
                duration_ms=round((time.perf_counter() - started) * 1000, 2),
                **request.state.log_context,
            )
            structlog.contextvars.unbind_contextvars("correlation_id")


def install_health(app: FastAPI, ready: Callable[[], Awaitable[dict[str, bool]]]) -> None:
    """`/health`: the process answers. `/ready`: what it depends on answers too."""

    @app.get("/health", include_in_schema=False)
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/ready", include_in_schema=False)
    async def readiness() -> JSONResponse:
        checks = await ready()
        ok = all(checks.values())
        return JSONResponse({"ready": ok, "checks": checks}, status_code=200 if ok else 503)


def install_asyncapi(app: FastAPI, broker: KafkaBroker, title: str) -> None:
    """`/asyncapi.json`: the service's Kafka contract, generated from the code by FastStream."""
    document = AsyncAPI(broker, title=title, version=app.version).to_specification()

    @app.get("/asyncapi.json", include_in_schema=False)
    async def asyncapi() -> JSONResponse:
        return JSONResponse(document.to_jsonable())
