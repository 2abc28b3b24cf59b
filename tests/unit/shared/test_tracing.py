"""Tracing is off by default: no exporter, no spans of ours, no `traceparent` stored or published.

And on, the store keeps the current context with each event and the envelope publishes it;
the processing log's hash covers trace ids only where an entry has them.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import uuid
from datetime import UTC, datetime

import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from services.notifications.sender import Request, headers_for
from services.notifications.worker import traceparent_of
from shared import tracing
from shared.envelope import encode
from shared.eventstore import InMemoryEventStore, Metadata, NewEvent, encode_metadata
from shared.processing_log import ProcessingEntry, preimage
from shared.settings import PlatformSettings

SOURCE = "urn:nld:oin:00000099999999999999:systeem:regie-debts"


def new_event() -> NewEvent:
    return NewEvent(
        event_id=uuid.uuid4(),
        event_type="nl.regie.debts.debt-help-requested",
        schema_version=1,
        subject="y1",
        data="{}",
        metadata=Metadata(tenant="0518", actor="m1", actor_role="schuldhulpverlener",
                          correlation_id="c1"),
    )  # fmt: skip


@pytest.fixture
def spans():
    """An SDK provider of the test's own, with every span kept in memory."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    yield provider, exporter
    tracing.stop()
    provider.shutdown()


def test_a_service_built_without_an_endpoint_installs_no_sdk_and_no_exporter():
    """In a fresh interpreter: the debts app built with the default settings traces nothing."""
    script = textwrap.dedent("""
        import json, os, sys
        for name in ("TRACING_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT"):
            os.environ.pop(name, None)
        from opentelemetry import trace
        from services.debts.bootstrap import create_app
        from shared import tracing
        app = create_app()
        print(json.dumps({
            "enabled": tracing.enabled(),
            "provider": type(trace.get_tracer_provider()).__name__,
            "loaded": sorted(m for m in sys.modules if m.startswith(("opentelemetry.sdk",
                "opentelemetry.exporter", "opentelemetry.instrumentation"))),
            "middleware": [m.cls.__name__ for m in app.user_middleware],
        }))
    """)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["enabled"] is False
    assert found["provider"] == "ProxyTracerProvider"  # the API's no-op: nothing exports
    assert found["loaded"] == []
    assert "OpenTelemetryMiddleware" not in found["middleware"]


async def test_off_nothing_is_stored_or_published_even_inside_someone_elses_span(spans):
    provider, exporter = spans
    assert not tracing.configure(PlatformSettings(tracing_endpoint=""), "debts")
    assert not tracing.enabled()
    store = InMemoryEventStore()
    with provider.get_tracer("elsewhere").start_as_current_span("not ours"):
        assert tracing.current_traceparent() is None
        assert tracing.current_ids() == (None, None)
        assert (
            tracing.batch_spans("apply x", [("00-" + "1" * 32 + "-" + "2" * 16 + "-01", {})]) == []
        )
        with (
            tracing.span("eventstore append"),
            tracing.continued("apply", "00-" + "1" * 32 + "-" + "2" * 16 + "-01"),
        ):
            await store.append("s-1", [new_event()], 0)
        headers: dict[str, str] = {}
        tracing.inject(headers)
    (recorded,) = await store.load("s-1")
    assert recorded.metadata.traceparent is None
    assert "traceparent" not in json.loads(encode_metadata(recorded.metadata))
    assert "traceparent" not in json.loads(encode(recorded, SOURCE))
    assert headers == {}
    assert [s.name for s in exporter.get_finished_spans()] == ["not ours"]


async def test_on_the_append_spans_context_is_stored_and_published(spans):
    provider, exporter = spans
    tracing.start(provider)
    store = InMemoryEventStore()
    with tracing.span("request") as request:
        await store.append("s-1", [new_event()], 0)
    (recorded,) = await store.load("s-1")
    trace_id = f"{request.get_span_context().trace_id:032x}"  # type: ignore[attr-defined]
    assert recorded.metadata.traceparent is not None
    assert recorded.metadata.traceparent.split("-")[1] == trace_id
    assert json.loads(encode(recorded, SOURCE))["traceparent"] == recorded.metadata.traceparent
    # The stored metadata (and so the event's hash) holds it.
    assert (
        json.loads(encode_metadata(recorded.metadata))["traceparent"]
        == recorded.metadata.traceparent
    )
    # A consumer's span continues that trace.
    with tracing.continued("apply", recorded.metadata.traceparent):
        pass
    finished = {s.name: s for s in exporter.get_finished_spans()}
    assert f"{finished['apply'].context.trace_id:032x}" == trace_id
    # A malformed traceparent is ignored, never an error.
    with tracing.continued("apply", "not-a-traceparent") as nothing:
        assert nothing is None


def entry(**trace: str) -> ProcessingEntry:
    return ProcessingEntry(
        tenant="0518", youth_id="y1", actor="m1", actor_role="intake", action="lezen",
        activity="intake.registratie", activity_name="Registratie", grondslag="jw",
        vertrouwelijkheid="vertrouwelijk", result="gelukt", correlation_id="c1", method="GET",
        path="/youths/y1", entry_id=uuid.UUID(int=1), seq=1,
        logged_at=datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC), prev_hash="0" * 64,
        hash="0" * 64, **trace,
    )  # fmt: skip


def test_the_processing_log_preimage_gains_the_trace_ids_only_where_an_entry_has_them():
    untraced = preimage(entry())
    assert untraced.endswith("10:/youths/y1\n")  # as before entries had trace ids
    traced = preimage(entry(trace_id="a" * 32, span_id="b" * 16))
    assert traced == untraced + f"32:{'a' * 32}\n16:{'b' * 16}\n"


def test_a_webhook_post_carries_the_events_trace_when_on_and_nothing_when_off(spans):
    provider, _exporter = spans
    traceparent = "00-" + "1" * 32 + "-" + "2" * 16 + "-01"
    request = Request(
        url="https://receiver.example/hook", body=b"{}", secret="s", auth=None,  # noqa: S106 - a test secret
        event_id=uuid.uuid4(), attempt=1,
    )  # fmt: skip
    assert traceparent_of(json.dumps({"traceparent": traceparent})) == traceparent
    assert traceparent_of("{}") is None
    assert "traceparent" not in headers_for(request, 0)
    tracing.start(provider)
    with tracing.continued("webhook deliver", traceparent):
        sent = headers_for(request, 0)["traceparent"]
    assert sent.split("-")[1] == "1" * 32  # the event's trace, the delivery span's own id
    assert sent.split("-")[2] != "2" * 16
