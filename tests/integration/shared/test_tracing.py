"""One command's whole path is one trace: HTTP, store, relay, Kafka, consumers, policies, log.

Intake and debts run in-process over the real servers with tracing on and an in-memory
exporter. An enrolment in the `jpf` programme is POSTed to intake; the test follows its trace
to the CloudEvent on intake's topic (`traceparent`), intake's read model, debts' policy
reaction, the event that reaction appended on debts' topic, debts' read model, and the
processing-log entry of the request.
"""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from services.debts.bootstrap import create_app as create_debts
from services.debts.settings import DebtsSettings
from services.intake.bootstrap import create_app as create_intake
from services.intake.settings import IntakeSettings
from shared import tracing
from shared.envelope import CloudEvent
from shared.processing_log import ProcessingLog
from tests.support.apps import bearer, platform_settings, serve
from tests.support.kafka import read_records
from tests.support.waiting import eventually

DAY = date.today().isoformat()
INTAKE = bearer("intake")


@pytest.fixture
def spans():
    """Tracing on for this test only, every span kept in memory."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracing.start(provider)
    try:
        yield exporter
    finally:
        tracing.stop()
        provider.shutdown()


@pytest.fixture
async def platform(spans, endpoints, topic_prefix):
    """Intake and debts (relays, read models, debts' policies), built while tracing is on."""
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    p = topic_prefix
    intake = create_intake(
        settings, IntakeSettings(schema_name=f"{p}_intake", summaries_group=f"{p}-intake")
    )
    debts = create_debts(
        settings,
        DebtsSettings(
            schema_name=f"{p}_debts",
            trajectories_group=f"{p}-debts",
            policies_group=f"{p}-debts-policies",
        ),
    )
    async with contextlib.AsyncExitStack() as stack:
        intake_client = await stack.enter_async_context(serve(intake))
        await stack.enter_async_context(serve(debts))
        yield intake_client, intake


def trace_of(traceparent: str | None) -> str:
    assert traceparent is not None, "no traceparent"
    version, trace_id, span_id, flags = traceparent.split("-")
    assert (version, len(span_id)) == ("00", 16)
    assert int(flags, 16) & 1, "sampled"
    return trace_id


async def on_topic(bootstrap: str, topic: str, youth: str, type_: str) -> CloudEvent:
    async def theirs() -> list[CloudEvent]:
        records = await read_records(bootstrap, topic, at_least=1, within=5)
        events = [CloudEvent.model_validate_json(r.value) for r in records]
        return [e for e in events if e.subject == youth and e.type == type_]

    return (await eventually(theirs, bool, within=30))[0]


async def test_an_enrolment_and_everything_it_causes_are_one_trace(
    platform, spans, endpoints, topic_prefix
):
    intake, intake_app = platform
    registered = await intake.post(
        "/youths",
        json={"gemeentecode": "0518", "programma": "regulier", "full_name": "Sam Test",
              "date_of_birth": date(2004, 6, 1).isoformat()},
        headers=INTAKE,
    )  # fmt: skip
    assert registered.status_code == 201, registered.text
    youth = registered.json()["youth_id"]
    enrolled = await intake.post(
        f"/youths/{youth}/enrolments", json={"programma": "jpf", "start_on": DAY}, headers=INTAKE
    )
    assert enrolled.status_code in {200, 201}, enrolled.text

    # The HTTP server span of the enrolment: its trace is the command's.
    (server,) = [
        s
        for s in spans.get_finished_spans()
        if s.kind is SpanKind.SERVER
        and str(s.attributes.get("http.route", "")).endswith("/enrolments")
    ]
    trace_id = f"{server.context.trace_id:032x}"

    # The relay published the command's context with the event, as the CloudEvents extension.
    bootstrap, p = endpoints.kafka_bootstrap, topic_prefix
    enrolment = await on_topic(
        bootstrap, f"{p}.intake.events", youth, "nl.regie.intake.programme-enrolled"
    )
    assert trace_of(enrolment.traceparent) == trace_id

    # Debts' policy reacted in that trace, and the event it appended carries it on.
    reaction = await on_topic(
        bootstrap, f"{p}.debts.events", youth, "nl.regie.debts.debt-help-requested"
    )
    assert reaction.causationid == str(enrolment.id)
    assert trace_of(reaction.traceparent) == trace_id

    def names_in_trace() -> set[str]:
        return {
            s.name for s in spans.get_finished_spans() if f"{s.context.trace_id:032x}" == trace_id
        }

    async def probe() -> set[str]:
        return names_in_trace()

    expected = {
        "eventstore append",
        f"publish {p}.intake.events",
        f"apply {p}-intake",  # intake's read model
        "policy schuldhulp-bij-jpf",  # debts' reaction
        f"publish {p}.debts.events",
        f"apply {p}-debts",  # debts' read model, fed by the reaction's event
    }
    found = await eventually(probe, lambda names: expected <= names, within=30)
    assert expected <= found

    # The request's processing-log entry names the trace and the server span's descendant,
    # and the chain (which covers the ids) is intact, in SQL and in Python alike.
    log = ProcessingLog(intake_app.state.pool, f"{p}_intake")
    entries = await log.for_youth("0518", youth)
    enrolment_entries = [e for e in entries if e.path.endswith("/enrolments")]
    assert enrolment_entries
    assert {e.trace_id for e in enrolment_entries} == {trace_id}
    assert all(e.span_id is not None and len(e.span_id) == 16 for e in enrolment_entries)
    assert await log.verify("0518") == []
