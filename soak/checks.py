"""What a soak must show at the end, each check a line that passes or says what went wrong.

- every acknowledged command exactly once in its store (the event it was answered with, and
  no second one for the same young person: the retried calls carried one idempotency key);
- on its topic at least once (a broker restart loses the topics; the republish sends the
  whole log again, so an event published between the restart and the republish is on it
  twice: the consumers' inboxes make that harmless, which the next checks prove);
- on the timeline exactly once, and the registrations in the reports' facts;
- a fresh rebuild of every read model equals the live one (each `rebuild` exits 0);
- no 5xx and no unanswered call outside the fault windows (plus a grace period);
- the timeline caught up after every fault within its bound;
- no service exited on its own; no story abandoned;
- resident memory flat (growth under 10 %) over the quiet end of the run, after the last
  fault, for every process when that stretch is long enough; else named as not judged.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import KafkaError

from shared.life_domains import LIFE_DOMAINS

if TYPE_CHECKING:
    from collections.abc import Awaitable

    from soak.platform import SoakPlatform
    from soak.run import Soak

GRACE_S = 10.0
CATCH_UP_S = 60.0
MEMORY_GROWTH = 0.10
JUDGE_MEMORY_AFTER_S = 300.0
SETTLE_S = 60.0


@dataclass(frozen=True)
class Check:
    """One judged promise: its name, whether it held, and the figures or the failures."""

    name: str
    passed: bool
    detail: str


async def judge(soak: Soak, platform: SoakPlatform) -> list[Check]:
    """Every check, in the order of the module docstring."""
    assert soak.load is not None  # noqa: S101 - run_soak made it
    conn = await asyncpg.connect(platform.env["DATABASE_URL"])
    checks: list[Check] = []
    try:
        judged: list[tuple[str, Awaitable[Check]]] = [
            ("exactly once in its store", _stores(soak, conn)),
            ("on its topic", _topics(soak, platform)),
            ("exactly once on the timeline", _timeline(soak, conn)),
            ("registrations in the reports' facts", _reports(soak, conn)),
        ]
        for name, check in judged:
            try:
                checks.append(await check)
            except (OSError, asyncpg.PostgresError, KafkaError) as error:  # judged, not raised
                checks.append(Check(name, passed=False, detail=f"could not check: {error!r}"))
    finally:
        await conn.close()
    return [
        *checks,
        _rebuilds(platform),
        _errors(soak),
        _catch_up(soak),
        _exits(soak),
        _memory(soak),
    ]


async def _stores(soak: Soak, conn: asyncpg.Connection) -> Check:
    assert soak.load is not None  # noqa: S101
    wrong: list[str] = []
    by_service = defaultdict(list)
    for ack in soak.load.acks:
        by_service[ack.service].append(ack)
    for service, acks in by_service.items():
        rows = await conn.fetch(
            f"SELECT subject, event_type, array_agg(event_id::text) AS ids FROM {service}.events"
            " WHERE subject = ANY($1) GROUP BY subject, event_type",
            list({a.youth_id for a in acks}),
        )
        stored = {(r["subject"], r["event_type"].rsplit(".", 1)[-1]): r["ids"] for r in rows}
        for ack in acks:
            ids = stored.get((ack.youth_id, ack.event_type), [])
            if ids != [ack.event_id]:
                wrong.append(f"{service} {ack.event_type} {ack.youth_id}: {ids}")
    count = len(soak.load.acks)
    return Check(
        "exactly once in its store",
        not wrong,
        f"{count} acknowledged" if not wrong else f"{len(wrong)} wrong: {wrong[:3]}",
    )


async def _topics(soak: Soak, platform: SoakPlatform) -> Check:
    assert soak.load is not None  # noqa: S101
    copies: Counter[str] = Counter()
    for domain in LIFE_DOMAINS:
        copies.update(
            await _ids_on(platform.env["KAFKA_BOOTSTRAP_SERVERS"], f"{domain.name}.events")
        )
    missing = [a.event_id for a in soak.load.acks if copies[a.event_id] == 0]
    doubled = sum(1 for a in soak.load.acks if copies[a.event_id] > 1)
    detail = f"{len(soak.load.acks) - len(missing)} on their topic, {doubled} of them twice or more"
    return Check("on its topic", not missing, detail if not missing else f"{len(missing)} missing")


async def _ids_on(bootstrap: str, topic: str) -> Counter[str]:
    """How often each CloudEvent id is on `topic`, read from the start to the end offsets."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    found: Counter[str] = Counter()
    try:
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or []]
        if not partitions:
            return found
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        while [p for p in partitions if await consumer.position(p) < ends[p]]:
            batch = await consumer.getmany(timeout_ms=1000)
            for records in batch.values():
                for record in records:
                    found[json.loads(record.value)["id"]] += 1
    finally:
        await consumer.stop()
    return found


async def _timeline(soak: Soak, conn: asyncpg.Connection) -> Check:
    assert soak.load is not None  # noqa: S101
    ids = [a.event_id for a in soak.load.acks if a.headline]
    rows = await conn.fetch(
        "SELECT event_id::text, count(*) AS n FROM timeline.entries"
        " WHERE event_id = ANY($1::uuid[]) GROUP BY event_id",
        ids,
    )
    counts = {r["event_id"]: r["n"] for r in rows}
    wrong = [i for i in ids if counts.get(i) != 1]
    return Check(
        "exactly once on the timeline",
        not wrong,
        f"{len(ids)} entries" if not wrong else f"{len(wrong)} missing: {wrong[:3]}",
    )


async def _reports(soak: Soak, conn: asyncpg.Connection) -> Check:
    assert soak.load is not None  # noqa: S101
    ids = [a.event_id for a in soak.load.acks if a.service == "intake"]
    found = await conn.fetchval(
        "SELECT count(DISTINCT event_id) FROM timeline.report_facts"
        " WHERE event_id = ANY($1::uuid[])",
        ids,
    )
    return Check(
        "registrations in the reports' facts",
        found == len(ids),
        f"{found} of {len(ids)} registrations",
    )


def _rebuilds(platform: SoakPlatform) -> Check:
    failed: list[str] = []
    for service in ["timeline", *(d.name for d in LIFE_DOMAINS)]:
        done = platform.cli(f"services.{service}", "rebuild", "all")
        if done.returncode != 0:
            log = platform.stack.data_dir.parent / f"soak-rebuild-{service}.log"
            log.write_text(done.stdout + done.stderr)
            failed.append(f"{service} exit {done.returncode} ({log})")
    return Check(
        "a fresh rebuild equals live",
        not failed,
        "timeline and every life domain" if not failed else "; ".join(failed),
    )


def _errors(soak: Soak) -> Check:
    assert soak.load is not None  # noqa: S101
    failed = [r for r in soak.load.requests if r.status == 0 or r.status >= 500]  # noqa: PLR2004
    # Judged by when the answer came (or did not): a call sent just before a fault fails in it.
    outside = [
        r
        for r in failed
        if not any(f.covers(r.service, r.at + r.seconds, GRACE_S) for f in soak.faults)
    ]
    detail = (
        f"{len(failed)} failed calls, all inside fault windows"
        if not outside
        else f"{len(outside)} outside: "
        + ", ".join(
            f"{r.service} {r.kind} {r.status or 'no answer'} at {r.at:.0f}s" for r in outside[:5]
        )
    )
    return Check("no 5xx outside the fault windows", not outside, detail)


def _catch_up(soak: Soak) -> Check:
    late = [f for f in soak.faults if f.caught_up is None or f.caught_up - f.ended > CATCH_UP_S]
    worst = max(
        (f.caught_up - f.ended for f in soak.faults if f.caught_up is not None), default=0.0
    )
    detail = (
        f"every fault within {CATCH_UP_S:.0f} s (slowest {worst:.1f} s)"
        if not late
        else ", ".join(f.name for f in late) + f" not within {CATCH_UP_S:.0f} s"
    )
    return Check("timeline lag back to zero after each fault", not late, detail)


def _exits(soak: Soak) -> Check:
    assert soak.load is not None  # noqa: S101
    problems = [f"{n} exited on its own" for n in soak.unexpected_exits]
    problems += [f"abandoned: {a}" for a in soak.load.abandoned]
    return Check(
        "no service down on its own, no story abandoned",
        not problems,
        "none" if not problems else "; ".join(problems[:5]),
    )


def _memory(soak: Soak) -> Check:
    """Each process's RSS over the quiet end of the run: its last fifth against its first.

    Judged from a minute after the last fault ended (a broker restart makes every consumer
    read its topics again: a one-off step, not growth), on the process running then, when
    that stretch lasts `JUDGE_MEMORY_AFTER_S`; otherwise named as not judged.
    """
    quiet_from = max((f.ended for f in soak.faults), default=0.0) + SETTLE_S
    series: dict[str, list[tuple[float, float]]] = defaultdict(list)
    last_pid = {n: p for s in soak.samples for n, p in s.pids.items()}
    for sample in soak.samples:
        for name, mib in sample.rss_mib.items():
            if sample.at >= quiet_from and sample.pids[name] == last_pid[name]:
                series[name].append((sample.at, mib))
    judged, grew, short = [], [], []
    for name in sorted(last_pid):
        points = series.get(name, [])
        span = points[-1][0] - points[0][0] if points else 0.0
        if span < JUDGE_MEMORY_AFTER_S:
            short.append(f"{name} ({span:.0f} s)")
            continue
        fifth = max(1, len(points) // 5)
        first = statistics.median(m for _, m in points[:fifth])
        last = statistics.median(m for _, m in points[-fifth:])
        growth = last / first - 1
        judged.append(f"{name} {first:.0f}->{last:.0f} MiB ({growth:+.0%})")
        if growth >= MEMORY_GROWTH:
            grew.append(name)
    detail = "; ".join(judged) or "none ran long enough"
    if short:
        detail += "; not judged (too short after the last fault): " + ", ".join(short)
    return Check("resident memory flat", not grew, detail)
