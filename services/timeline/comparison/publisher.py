"""Each deployment publishes its municipalities' protected figures per month, for comparison.

Not the relay's outbox: these are not facts of an aggregate but a figure derived from the
report store, recomputed as late facts arrive. The same guarantees hold another way: a month
is published again only when its protected figures changed (`figure_publications` keeps the
digest and revision), the event id is derived from municipality, month and revision, so a
publication resent after a crash between the send and its record is the same event, which
the reader's inbox ignores; and the highest revision of a month replaces the others. A month
without facts is published too (no figures): a comparison then shows 0, not "not published".
"""

from __future__ import annotations

import asyncio
import calendar
import contextlib
import uuid
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import structlog

from services.timeline.comparison.event import (
    CATALOGUE,
    DOMAIN,
    MunicipalFiguresPublished,
    figures_topic,
)
from services.timeline.comparison.rules import digest, month_figures
from services.timeline.reports.queries import flow_rows
from shared.envelope import CONTENT_TYPE, CloudEvent, cloudevent_type, source_of
from shared.figures.suppression import rule
from shared.kafka import dead_letter_topic, ensure_topics, make_producer

if TYPE_CHECKING:
    from collections.abc import Callable

    from aiokafka import AIOKafkaProducer
    from asyncpg.pool import Pool

    from shared.settings import PlatformSettings

log = structlog.get_logger("figures")

_IDS = uuid.UUID("6b1f3c9e-4f57-4d1a-9a63-22c2a4b7e0d5")  # namespace of publication ids
_HEADERS = [("content-type", CONTENT_TYPE.encode())]
ACTOR = "beleid.cijfers-publiceren"


def months_back(today: date, count: int) -> list[date]:
    """The first days of the last `count` months, the current one included, oldest first."""
    months: list[date] = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def publication_id(gemeentecode: str, period: str, revision: int) -> uuid.UUID:
    """The same municipality, month and revision: the same event, however often it is sent."""
    return uuid.uuid5(_IDS, f"{gemeentecode}:{period}:{revision}")


def envelope(event: MunicipalFiguresPublished, event_id: uuid.UUID, oin: str) -> CloudEvent:
    """The publication as the CloudEvent every reader of the platform's topics understands."""
    stream = f"{DOMAIN}-{event.gemeentecode}-{event.period}"
    now = datetime.now(UTC)
    return CloudEvent(
        specversion="1.0", id=event_id, source=source_of(oin, "timeline"),
        type=cloudevent_type(CATALOGUE.type_name(type(event)), event.schema_version),
        subject=stream, time=now, datacontenttype="application/json",
        sequence=f"{int(now.timestamp() * 1_000_000):020d}-{event.revision:020d}",
        streamid=stream, streamversion=event.revision, gemeentecode=event.gemeentecode,
        actor=ACTOR, actorrole="systeem", correlationid=str(event_id),
        grondslag="avg_6_1_e", vertrouwelijkheid="openbaar",
        data=event.model_dump(mode="json"),
    )  # fmt: skip


class FigurePublisher:
    """Publishes the last `months` months of every municipality this deployment holds."""

    def __init__(  # noqa: PLR0913 - each is needed and named at the call site
        self,
        pool: Pool,
        platform: PlatformSettings,
        *,
        schema: str,
        threshold: int,
        months: int,
        interval_s: float,
        today: Callable[[], date],
    ) -> None:
        """Protect with `threshold` (the municipality's, never exact) every `interval_s`."""
        self._pool = pool
        self._platform = platform
        self._schema = schema
        self._threshold = threshold
        self._months = months
        self._interval_s = interval_s
        self._today = today

    async def run(self, stop: asyncio.Event) -> None:
        """Publish now and then every interval, until `stop`; a failed pass is retried later."""
        producer = make_producer(self._platform)
        await producer.start()
        try:
            while not stop.is_set():
                try:
                    await self.publish_once(producer)
                except Exception:
                    log.warning("figures.publish_failed", exc_info=True)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self._interval_s)
        finally:
            await producer.stop()

    async def publish_once(self, producer: AIOKafkaProducer) -> int:
        """One pass over every municipality and month; returns how many months were sent.

        One replica at a time (a session advisory lock): two passes at once would both send
        the next revision of a month, and the reader keeps only the first of equal revisions.
        """
        async with self._pool.acquire() as conn:
            lock = f"figures:{self._schema}"
            if not await conn.fetchval("SELECT pg_try_advisory_lock(hashtext($1))", lock):
                return 0  # another replica is publishing now; the next pass is this one's
            try:
                return await self._publish_all(producer)
            finally:
                await conn.execute("SELECT pg_advisory_unlock(hashtext($1))", lock)

    async def _publish_all(self, producer: AIOKafkaProducer) -> int:
        gemeenten = [
            r["gemeentecode"]
            for r in await self._pool.fetch(
                f"SELECT DISTINCT gemeentecode FROM {self._schema}.youths ORDER BY 1"
            )
        ]
        prefix = self._platform.kafka_topic_prefix
        topics = [figures_topic(g, prefix) for g in gemeenten]
        await ensure_topics(self._platform, topics + [dead_letter_topic(t) for t in topics])
        today = self._today()
        sent = 0
        for gemeentecode in gemeenten:
            for first in months_back(today, self._months):
                sent += await self._publish_month(producer, gemeentecode, first, today)
        return sent

    async def _publish_month(
        self, producer: AIOKafkaProducer, gemeentecode: str, first: date, today: date
    ) -> int:
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        flows = await flow_rows(
            self._pool, self._schema, gemeentecode, start=first, end=last, today=today
        )
        published = await asyncio.to_thread(month_figures, flows, self._threshold)
        period = first.strftime("%Y-%m")
        fingerprint = digest(published)
        known = await self._pool.fetchrow(
            f"SELECT revision, digest FROM {self._schema}.figure_publications"
            " WHERE gemeentecode = $1 AND period = $2",
            gemeentecode, period,
        )  # fmt: skip
        if known is not None and known["digest"] == fingerprint:
            return 0
        revision = 1 if known is None else known["revision"] + 1
        event = MunicipalFiguresPublished(
            gemeentecode=gemeentecode, period=period, revision=revision,
            threshold=self._threshold, suppression=rule(self._threshold), figures=published,
        )  # fmt: skip
        event_id = publication_id(gemeentecode, period, revision)
        value = envelope(event, event_id, self._platform.oin).model_dump_json().encode()
        topic = figures_topic(gemeentecode, self._platform.kafka_topic_prefix)
        await producer.send_and_wait(topic, value=value, key=period.encode(), headers=_HEADERS)
        await self._pool.execute(
            f"INSERT INTO {self._schema}.figure_publications"
            " (gemeentecode, period, revision, digest, event_id) VALUES ($1, $2, $3, $4, $5)"
            " ON CONFLICT (gemeentecode, period) DO UPDATE SET revision = EXCLUDED.revision,"
            " digest = EXCLUDED.digest, event_id = EXCLUDED.event_id, published_at = now()",
            gemeentecode, period, revision, fingerprint, event_id,
        )  # fmt: skip
        log.info("figures.published", gemeentecode=gemeentecode, period=period, revision=revision)
        return 1
