"""Traces through the whole pipeline (OpenTelemetry), off unless an OTLP endpoint is set.

One command is one trace: the HTTP request's server span (FastAPI instrumentation), the
store's append span, whose W3C `traceparent` is stored with each event it appends (in the
event's metadata) so the relay can put it on the CloudEvent as the `traceparent` extension
(CloudEvents distributed tracing), and then, in every consumer, a span per applied event,
per policy reaction and per webhook delivery, each a child of the event's `traceparent`.
A policy's command appends inside its reaction span, so the events it causes carry the same
trace on to their own consumers.

Off is the default, and costs nothing measurable: every helper here first asks one module
global, makes no span object, stores no `traceparent` and publishes none, and the SDK and the
exporter are not even imported. On, spans are batched to the OTLP/HTTP exporter.

Kafka's own headers are not used for the context: the CloudEvent is the contract (structured
mode, also relayed to webhooks), and the relay publishes long after the command's context is
gone, so only the stored `traceparent` knows which trace an event belongs to.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from opentelemetry import trace
from opentelemetry.trace import SpanKind, Status, StatusCode
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    import httpx
    from fastapi import FastAPI
    from opentelemetry.context import Context
    from opentelemetry.trace import Span, Tracer, TracerProvider
    from opentelemetry.util.types import AttributeValue

    from shared.settings import PlatformSettings

    Attributes = Mapping[str, AttributeValue]

__all__ = [
    "TRACEPARENT",
    "SpanKind",
    "batch_spans",
    "configure",
    "continued",
    "current_ids",
    "current_traceparent",
    "enabled",
    "end_spans",
    "inject",
    "instrument_app",
    "instrument_client",
    "span",
    "start",
    "stop",
]

TRACEPARENT: Final = "traceparent"
"""The CloudEvents extension, the stored metadata key and the HTTP header: one W3C name."""

# Endpoints the instrumentation leaves out: probes would otherwise be most of every trace.
_UNTRACED_URLS: Final = "health,ready,metrics"
_NULL: Final = contextlib.nullcontext()
_PROPAGATOR: Final = TraceContextTextMapPropagator()


@dataclass(frozen=True, slots=True)
class _On:
    provider: TracerProvider
    tracer: Tracer


_state: _On | None = None


def enabled() -> bool:
    """Whether this process traces; the one question every hot path asks first."""
    return _state is not None


def configure(settings: PlatformSettings, service: str) -> bool:
    """Trace this process when an OTLP endpoint is configured; once per process. On or not.

    The SDK and the exporter are imported only here, only when on: off, nothing is installed.
    """
    if _state is not None:
        return True
    endpoint = settings.tracing_endpoint
    if not endpoint or os.environ.get("OTEL_SDK_DISABLED", "").lower() == "true":
        return False
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import (  # noqa: PLC0415 - on only
        OTLPSpanExporter,
    )
    from opentelemetry.sdk.resources import Resource  # noqa: PLC0415 - on only
    from opentelemetry.sdk.trace import TracerProvider as SdkProvider  # noqa: PLC0415 - on only
    from opentelemetry.sdk.trace.export import BatchSpanProcessor  # noqa: PLC0415 - on only
    from opentelemetry.sdk.trace.sampling import (  # noqa: PLC0415 - on only
        ParentBased,
        TraceIdRatioBased,
    )

    provider = SdkProvider(
        resource=Resource.create({"service.name": f"regie-{service}"}),
        sampler=ParentBased(TraceIdRatioBased(settings.tracing_sample_ratio)),
    )
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=traces_url(endpoint))))
    trace.set_tracer_provider(provider)
    start(provider)
    return True


def traces_url(endpoint: str) -> str:
    """The OTLP/HTTP traces URL under a collector's base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`)."""
    base = endpoint.rstrip("/")
    return base if base.endswith("/v1/traces") else f"{base}/v1/traces"


def start(provider: TracerProvider) -> None:
    """Trace with `provider` from now on (what `configure` does; tests hand an in-memory one)."""
    global _state  # noqa: PLW0603 - the process's one switch
    _state = _On(provider, provider.get_tracer("regie"))


def stop() -> None:
    """Trace no more; spans already started still end."""
    global _state  # noqa: PLW0603 - the process's one switch
    _state = None


def instrument_app(app: FastAPI) -> None:
    """A server span per request (FastAPI instrumentation), continuing a caller's `traceparent`."""
    if _state is None:
        return
    from opentelemetry.instrumentation.fastapi import (  # noqa: PLC0415 - on only
        FastAPIInstrumentor,
    )

    FastAPIInstrumentor.instrument_app(
        app, tracer_provider=_state.provider, excluded_urls=_UNTRACED_URLS
    )


def instrument_client(client: httpx.AsyncClient) -> None:
    """A client span per request of `client` (httpx instrumentation), with its `traceparent`."""
    if _state is None:
        return
    from opentelemetry.instrumentation.httpx import (  # noqa: PLC0415 - on only
        HTTPXClientInstrumentor,
    )

    HTTPXClientInstrumentor.instrument_client(client, tracer_provider=_state.provider)


def current_traceparent() -> str | None:
    """The W3C `traceparent` of the span now current; None when off or outside any span."""
    if _state is None:
        return None
    context = trace.get_current_span().get_span_context()
    if not context.is_valid:
        return None
    return f"00-{context.trace_id:032x}-{context.span_id:016x}-{context.trace_flags:02x}"


def current_ids() -> tuple[str | None, str | None]:
    """The current trace and span ids (lower-case hex), for the processing log; None when off."""
    if _state is None:
        return None, None
    context = trace.get_current_span().get_span_context()
    if not context.is_valid:
        return None, None
    return f"{context.trace_id:032x}", f"{context.span_id:016x}"


def inject(headers: dict[str, str]) -> None:
    """Add the current `traceparent` (and `tracestate`) to outgoing headers; nothing when off."""
    if _state is not None:
        _PROPAGATOR.inject(headers)


def span(
    name: str, attributes: Attributes | None = None, kind: SpanKind = SpanKind.INTERNAL
) -> contextlib.AbstractContextManager[object]:
    """A span under the current one, made current; a shared no-op when off."""
    if _state is None:
        return _NULL
    return _state.tracer.start_as_current_span(name, kind=kind, attributes=attributes)


def continued(
    name: str,
    traceparent: str | None,
    attributes: Attributes | None = None,
    kind: SpanKind = SpanKind.CONSUMER,
) -> contextlib.AbstractContextManager[object]:
    """A span that continues the trace `traceparent` names, made current.

    A no-op when off, and when there is no trace to continue (an event recorded untraced).
    """
    if _state is None or not traceparent:
        return _NULL
    parent = _parent(traceparent)
    if parent is None:
        return _NULL
    return _state.tracer.start_as_current_span(
        name, context=parent, kind=kind, attributes=attributes
    )


def batch_spans(
    name: str, items: Iterable[tuple[str | None, Attributes]], kind: SpanKind = SpanKind.CONSUMER
) -> list[Span]:
    """One started span per traced item, each a child of its item's `traceparent`.

    For work done on a batch at once (one transaction for many events of many traces): each
    event's trace gets a span that covers the batch; `end_spans` ends them together.
    """
    if _state is None:
        return []
    spans: list[Span] = []
    for traceparent, attributes in items:
        parent = _parent(traceparent) if traceparent else None
        if parent is not None:
            spans.append(
                _state.tracer.start_span(name, context=parent, kind=kind, attributes=attributes)
            )
    return spans


def end_spans(spans: Sequence[Span], error: BaseException | None = None) -> None:
    """End what `batch_spans` started; with `error`, each says the work failed."""
    for each in spans:
        if error is not None:
            each.record_exception(error)
            each.set_status(Status(StatusCode.ERROR, type(error).__name__))
        each.end()


def _parent(traceparent: str) -> Context | None:
    """The context a W3C `traceparent` names; None if it is malformed (never an error)."""
    context = _PROPAGATOR.extract({TRACEPARENT: traceparent})
    if not trace.get_current_span(context).get_span_context().is_valid:
        return None
    return context
