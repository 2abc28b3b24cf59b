"""A live timeline (app, runner, schema) fed by CloudEvents the tests publish themselves."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import sys
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from aiokafka import AIOKafkaProducer

from services.timeline.bootstrap import create_app
from services.timeline.registry import timeline_spec
from services.timeline.settings import TimelineSettings
from shared.devstack.processes import PROJECT_ROOT
from shared.envelope import encode, source_of
from shared.eventstore import Checkpoint, Metadata, RecordedEvent
from shared.kafka import ensure_topics, events_topic
from shared.projection.verify import columns, fingerprint
from tests.support.apps import platform_settings, serve
from tests.support.inbox import applied_count
from tests.support.waiting import eventually

GEMEENTE = "0518"
_position = itertools.count(1)


def cloud_event(youth_id: str, event_type: str, data: dict, *, version: int = 1) -> bytes:
    """A CloudEvent as a domain's relay publishes it, recorded now."""
    domain = event_type.split(".")[2]
    metadata = Metadata(
        tenant=GEMEENTE, actor="medewerker-1", actor_role=domain, correlation_id="test"
    )
    event = RecordedEvent(
        event_id=uuid.uuid4(),
        event_type=event_type,
        schema_version=1,
        subject=youth_id,
        data=json.dumps(data),
        metadata=metadata,
        stream_id=f"{domain}-{youth_id}",
        stream_version=version,
        checkpoint=Checkpoint(1, next(_position)),
        recorded_at=datetime.now(UTC),
    )
    return encode(event, source_of("00000099999999999999", domain))


def registered(youth_id: str) -> bytes:
    return cloud_event(
        youth_id,
        "nl.regie.intake.youth-registered",
        {"programma": "dtj", "age_band": "18-22", "registered_on": "2026-01-05"},
    )


def debt_help(youth_id: str, version: int = 1) -> bytes:
    return cloud_event(
        youth_id, "nl.regie.debts.debt-help-requested", {"requested_on": "2026-02-01"},
        version=version,
    )  # fmt: skip


@dataclass
class Live:
    """The running timeline and what the test published to it."""

    settings: TimelineSettings
    app: object
    client: object
    pool: object
    producer: AIOKafkaProducer
    prefix: str
    published: list[uuid.UUID] = field(default_factory=list)

    @property
    def schema(self) -> str:
        """The live schema."""
        return self.settings.schema_name

    @property
    def spec(self):
        """The timeline projection's spec for these settings."""
        return timeline_spec(self.settings)

    async def publish(self, message: bytes) -> uuid.UUID:
        """Send to the domain's topic, keyed by the subject, as the relay does."""
        event_id = uuid.UUID(json.loads(message)["id"])
        domain = json.loads(message)["type"].split(".")[2]
        key = json.loads(message)["subject"].encode()
        await self.producer.send_and_wait(events_topic(domain, self.prefix), message, key)
        self.published.append(event_id)
        return event_id

    async def applied(self) -> int:
        """Events the live inbox counts as applied."""
        return await applied_count(self.pool, self.schema, self.settings.consumer_group)

    async def caught_up(self) -> None:
        """Wait until the live runner has applied every published event."""
        await eventually(self.applied, lambda n: n == len(self.published))

    async def oids(self) -> dict[str, int]:
        """Each live table's identity: a swap replaces it."""
        return {
            t: await self.pool.fetchval("SELECT $1::regclass::oid", f"{self.schema}.{t}")
            for t in self.spec.tables
        }

    async def fingerprints(self) -> dict[str, object]:
        """Each live table's row count and content hash."""
        async with self.pool.acquire() as conn:
            return {
                t: await fingerprint(
                    conn, self.schema, t, await columns(conn, self.schema, t, frozenset())
                )
                for t in self.spec.tables
            }

    async def leftover_schemas(self) -> list[str]:
        """Schemas the rebuild or as-of made beside the live one."""
        rows = await self.pool.fetch(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE $1 ORDER BY 1",
            f"{self.schema}\\_%",
        )
        return [r["nspname"] for r in rows]


@pytest.fixture
async def live(endpoints, pool, topic_prefix):
    """The timeline app with its runner, on its own schema, topic prefix and consumer group."""
    platform = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    settings = TimelineSettings(schema_name=f"{topic_prefix}_timeline", consumer_group=topic_prefix)
    spec = timeline_spec(settings)
    await ensure_topics(platform, spec.topics(topic_prefix))
    app = create_app(platform, settings)
    producer = AIOKafkaProducer(bootstrap_servers=endpoints.kafka_bootstrap, linger_ms=0)
    await producer.start()
    async with contextlib.AsyncExitStack() as stack:
        stack.push_async_callback(producer.stop)
        client = await stack.enter_async_context(serve(app))
        await eventually(lambda: client.get("/ready"), lambda r: r.status_code == 200)
        yield Live(settings, app, client, pool, producer, topic_prefix)


@pytest.fixture
def platform_for(endpoints, topic_prefix):
    return platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})


async def cli(endpoints, topic_prefix, live, *args: str) -> tuple[int, str, str]:
    """Run `python -m services.timeline ...` as an operator would, against the live schema."""
    env = {
        **os.environ,
        "DATABASE_URL": endpoints.database_url,
        "KAFKA_BOOTSTRAP_SERVERS": endpoints.kafka_bootstrap,
        "KAFKA_TOPIC_PREFIX": topic_prefix,
        "TIMELINE_SCHEMA_NAME": live.schema if live else f"{topic_prefix}_timeline",
        "TIMELINE_CONSUMER_GROUP": topic_prefix,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "services.timeline", *args, cwd=PROJECT_ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()
