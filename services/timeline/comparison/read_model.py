"""The comparison's read model: the programmes' municipalities' figures, as they published them.

Fed by the projection machinery (inbox, offsets after the transaction, dead letters): a
publication is kept only if it is of the municipality whose topic and event carry it, at or
above this reader's threshold and with no exact small count (rules.check_publication); the
highest revision of a month wins, so a late or repeated one changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.timeline.comparison.event import MunicipalFiguresPublished, gemeentecode_of_topic
from services.timeline.comparison.model import ComparedFigure, ComparedMonth, Comparison
from services.timeline.comparison.rules import check_publication
from services.timeline.reports.model import METRICS
from shared.migrations import checked_schema
from shared.projection.runner import ProjectionRunner

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date

    from aiokafka import AIOKafkaProducer
    from asyncpg.pool import Pool, PoolConnectionProxy

    from shared.envelope import CloudEvent
    from shared.figures.suppression import Figure
    from shared.projection.runner import _Message


class ComparisonProjection:
    """Keeps `comparison_months` and `comparison_figures` from the figures topics."""

    def __init__(self, schema: str, name: str, minimum_threshold: int) -> None:
        """Write into `schema` as consumer `name`; refuse thresholds below `minimum_threshold`."""
        self._schema = checked_schema(schema)
        self.name = name
        self._minimum = minimum_threshold

    async def apply(self, conn: PoolConnectionProxy, events: Sequence[CloudEvent]) -> None:
        """Keep each publication that passes the rules; raise on one that does not."""
        for event in events:
            published = MunicipalFiguresPublished.model_validate(event.data)
            check_publication(published, sender=event.gemeentecode, minimum=self._minimum)
            newer = await conn.fetchval(
                f"INSERT INTO {self._schema}.comparison_months AS m"
                " (gemeentecode, period, revision, threshold, suppression, event_id)"
                " VALUES ($1, $2, $3, $4, $5, $6)"
                " ON CONFLICT (gemeentecode, period) DO UPDATE SET revision = EXCLUDED.revision,"
                " threshold = EXCLUDED.threshold, suppression = EXCLUDED.suppression,"
                " event_id = EXCLUDED.event_id, received_at = now()"
                " WHERE m.revision < EXCLUDED.revision RETURNING true",
                published.gemeentecode, published.period, published.revision,
                published.threshold, published.suppression, event.id,
            )  # fmt: skip
            if not newer:
                continue
            await conn.execute(
                f"DELETE FROM {self._schema}.comparison_figures"
                " WHERE gemeentecode = $1 AND period = $2",
                published.gemeentecode, published.period,
            )  # fmt: skip
            await conn.executemany(
                f"INSERT INTO {self._schema}.comparison_figures"
                " (gemeentecode, period, programma, metric, count) VALUES ($1, $2, $3, $4, $5)",
                [
                    (published.gemeentecode, published.period, f.programma, f.metric, str(f.count))
                    for f in published.figures
                ],
            )


def sent_by_owner(topic: str, event: CloudEvent) -> str | None:
    """Why figures on `topic` are refused: another municipality's; None if its own.

    A municipality may write only its own topic (its Kafka ACL), so the topic is the proof
    of who sent them. The live runner dead-letters with this reason; a rebuild leaves out.
    """
    owner = gemeentecode_of_topic(topic)
    if owner != event.gemeentecode:
        return f"figures of {event.gemeentecode} on the topic of {owner}"
    return None


class ComparisonRunner(ProjectionRunner):
    """The projection runner, refusing a publication that arrives on another's topic.

    The event's own claim is checked by the projection; which topic carried it only the
    runner knows, and a municipality may write only its own topic (its Kafka ACL), so the
    topic is the proof of who sent it.
    """

    async def _apply(self, producer: AIOKafkaProducer, messages: list[_Message]) -> None:
        kept = []
        for message in messages:
            reason = sent_by_owner(message.record.topic, message.event)
            if reason is not None:
                await self._dead_letter(producer, message.record, reason)
            else:
                kept.append(message)
        await super()._apply(producer, kept)


def _figure(text: str) -> Figure:
    return int(text) if text.isdigit() else text


def _months(start: date, end: date) -> list[str]:
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)  # noqa: PLR2004
    return months


async def compared(  # noqa: PLR0913 - each is named at the call site
    pool: Pool, schema: str, *, programma: str, gemeenten: list[str], start: date, end: date
) -> Comparison:
    """The programme's figures per month, a column per municipality, as each published them."""
    schema = checked_schema(schema)
    months = _months(start, end)
    published = await pool.fetch(
        f"SELECT gemeentecode, period, suppression FROM {schema}.comparison_months"
        " WHERE gemeentecode = ANY($1::text[]) AND period = ANY($2::text[])",
        gemeenten, months,
    )  # fmt: skip
    rows = await pool.fetch(
        f"SELECT gemeentecode, period, metric, count FROM {schema}.comparison_figures"
        " WHERE gemeentecode = ANY($1::text[]) AND period = ANY($2::text[]) AND programma = $3",
        gemeenten, months, programma,
    )  # fmt: skip
    held = {(r["gemeentecode"], r["period"]) for r in published}
    counts = {(r["metric"], r["gemeentecode"], r["period"]): _figure(r["count"]) for r in rows}
    found = {r["metric"] for r in rows}
    order = [m for m in METRICS if m in found] + sorted(found - set(METRICS))
    suppression: dict[str, str] = {}
    for r in sorted(published, key=lambda r: r["period"]):
        suppression[r["gemeentecode"]] = r["suppression"]
    return Comparison(
        programma=programma, start=start, end=end, gemeenten=gemeenten,
        figures=[
            ComparedFigure(metric=metric, label=METRICS.get(metric, metric), months=[
                ComparedMonth(month=month, counts={
                    g: counts.get((metric, g, month), 0) if (g, month) in held else None
                    for g in gemeenten})
                for month in months])
            for metric in order
        ],
        suppression=suppression,
    )  # fmt: skip
