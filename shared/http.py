"""What every HTTP service has: request context, one log line per request, health, readiness."""

from __future__ import annotations

import time
import uuid
from typing import TYPE_CHECKING, Any

import structlog
from fastapi.responses import JSONResponse, Response

from shared import metrics, tracing
from shared.db import UNAVAILABLE
from shared.http_input import DEFAULT_MAX_BODY_BYTES, install_input_rules
from shared.openapi_refusals import document_refusals
from shared.security_headers import SecurityHeaders
from shared.settings import PlatformSettings

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from fastapi import FastAPI, Request
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = structlog.get_logger("http")

CORRELATION_HEADER = "X-Correlation-ID"
_CORRELATION_KEY = CORRELATION_HEADER.lower().encode("latin-1")


def log_context(request: Request, **values: object) -> None:
    """Add to the request's one log line (routes run in another context than the middleware)."""
    request.state.log_context.update(values)


def install_request_context(
    app: FastAPI,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    settings: PlatformSettings | None = None,
) -> None:
    """Bind a correlation id per request (the caller's or a new one) and log it once.

    Also the edge's input rules (shared/http_input.py): body size, NUL, bilingual 422s, and
    traces (shared/tracing.py) when `settings` (else the environment) name an OTLP endpoint.
    """
    install_input_rules(app, max_body_bytes)
    for unavailable in UNAVAILABLE:
        app.add_exception_handler(unavailable, database_unavailable)
    document_refusals(app)
    app.add_middleware(RequestContext)
    app.add_middleware(SecurityHeaders)  # CSP, framing, sniffing, referrer, no-store
    install_tracing(app, settings)


RETRY_AFTER_S = 2
DATABASE_UNAVAILABLE = {
    "nl": "De database is even niet bereikbaar. Probeer het over een paar seconden opnieuw;"
    " met dezelfde Idempotency-Key wordt een opdracht niet dubbel vastgelegd.",
    "en": "The database cannot be reached just now. Try again in a few seconds; with the same"
    " Idempotency-Key a command is not recorded twice.",
}


async def database_unavailable(request: Request, exc: Exception) -> JSONResponse:
    """503 with Retry-After while the database restarts or fails over, never a 500.

    Nothing was recorded unless the commit was answered, so a retry is safe (and exactly
    once with an Idempotency-Key).
    """
    log.warning("database_unavailable", path=request.url.path, error=type(exc).__name__)
    return JSONResponse(
        {"detail": DATABASE_UNAVAILABLE},
        status_code=503,
        headers={"Retry-After": str(RETRY_AFTER_S)},
    )


def install_tracing(app: FastAPI, settings: PlatformSettings | None = None) -> None:
    """A server span per request, continuing the caller's `traceparent`; nothing when off.

    The process is configured once (its first app names the service); each app is
    instrumented on its own, so tests that start tracing get spans from the apps they build.
    """
    service = app.title.removeprefix("regie ").replace(" ", "-") or "service"
    tracing.configure(settings or PlatformSettings(), service)
    tracing.instrument_app(app)


class RequestContext:
    """Pure ASGI middleware: no extra task or stream per request, unlike `BaseHTTPMiddleware`."""

    def __init__(self, app: ASGIApp) -> None:
        """Wrap `app`."""
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the request with its context, then write its one log line."""
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        correlation_id = headers.get(_CORRELATION_KEY, b"").decode("latin-1") or str(uuid.uuid4())
        state = scope.setdefault("state", {})
        state["correlation_id"] = correlation_id
        context: dict[str, object] = {}
        state["log_context"] = context
        structlog.contextvars.bind_contextvars(correlation_id=correlation_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [
                    *message["headers"],
                    (_CORRELATION_KEY, correlation_id.encode("latin-1")),
                ]
            await send(message)

        try:
            await self._app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = scope.get("route")
            template = getattr(route, "path", "unmatched")
            metrics.HTTP_SECONDS.labels(scope["method"], template, str(status)).observe(elapsed)
            trace_id, _ = tracing.current_ids()
            if trace_id is not None:
                context["trace_id"] = trace_id
            log.info(
                "http_request",
                correlation_id=correlation_id,
                method=scope["method"],
                path=scope["path"],
                status=status,
                duration_ms=round(elapsed * 1000, 2),
                **context,
            )
            structlog.contextvars.unbind_contextvars("correlation_id")


def install_health(app: FastAPI, ready: Callable[[], Awaitable[dict[str, bool]]]) -> None:
    """`/health`: the process answers. `/ready`: what it depends on answers too.

    `/metrics`: the Prometheus text format (shared/metrics.py), on every service alike.
    """

    @app.get("/metrics", include_in_schema=False)
    async def prometheus() -> Response:
        body, content_type = metrics.exposition()
        return Response(body, media_type=content_type)

    @app.get("/health", include_in_schema=False)
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/ready", include_in_schema=False)
    async def readiness() -> JSONResponse:
        checks = await ready()
        ok = all(checks.values())
        return JSONResponse({"ready": ok, "checks": checks}, status_code=200 if ok else 503)


def install_asyncapi(app: FastAPI, document: dict[str, Any]) -> None:
    """`/asyncapi.json`: the service's Kafka contract (shared/event_contracts/asyncapi.py).

    Kept as `app.state.asyncapi` too, for the tools that commit it (contracts/asyncapi.py).
    """
    app.state.asyncapi = document

    @app.get("/asyncapi.json", include_in_schema=False)
    async def asyncapi() -> JSONResponse:
        return JSONResponse(document)


def install_event_catalogue(app: FastAPI, document: dict[str, Any]) -> None:
    """`/events`: every event type the service publishes (shared/event_contracts/catalogue.py).

    Public like `/asyncapi.json`: it documents the contract and holds no personal data. Kept
    as `app.state.event_catalogue` too, for the documentation site (contracts/site.py).
    """
    app.state.event_catalogue = document

    @app.get(
        "/events",
        tags=["contract"],
        summary="The event catalogue: every published CloudEvents type and its data schema",
    )
    async def events() -> JSONResponse:
        return JSONResponse(document)
