"""The bridge as production runs it: the migration step, and kill -9 in the middle of a POST."""

import asyncio
import json
import os
import subprocess
import sys
import uuid

import asyncpg
import httpx

from shared.devstack.processes import PROJECT_ROOT, ServiceProcess
from shared.devstack.servers import free_port
from tests.integration.notifications.conftest import MANAGER
from tests.support.cloudevents import Publisher
from tests.support.receiver import Receiver
from tests.support.waiting import eventually

DEBT = "nl.regie.debts.debt-recorded"


def ids(messages) -> list[str]:
    return [json.loads(value)["id"] for _topic, _key, value in messages]


def bridge_process(stack, topic_prefix: str, port: int, name: str) -> ServiceProcess:
    """`python -m services.notifications` as production starts it, on this test's topics."""
    endpoints = stack.endpoints
    env = {
        "DATABASE_URL": endpoints.database_url,
        "KAFKA_BOOTSTRAP_SERVERS": endpoints.kafka_bootstrap,
        "KAFKA_TOPIC_PREFIX": topic_prefix,
        "KAFKA_SESSION_TIMEOUT_MS": "3000",
        "LOG_JSON": "true",
        "NOTIFICATIONS_PORT": str(port),
        "NOTIFICATIONS_SCHEMA_NAME": f"{topic_prefix}_notifications",
        "NOTIFICATIONS_CONSUMER_GROUP": topic_prefix,
        "NOTIFICATIONS_TIMEOUT_S": "4",
        "NOTIFICATIONS_LEASE_S": "5",
        "NOTIFICATIONS_BACKOFF_BASE_S": "0.05",
        "NOTIFICATIONS_BACKOFF_CAP_S": "0.2",
        "NOTIFICATIONS_POLL_INTERVAL_S": "0.1",
        "NOTIFICATIONS_ALLOW_PRIVATE_CALLBACKS": "true",  # the receiver is on 127.0.0.1
    }
    log_path = stack.data_dir / "logs" / f"notifications-{topic_prefix}-{name}.log"
    return ServiceProcess("services.notifications", env, log_path)


def test_the_migration_step_applies_once_and_other_arguments_are_refused(endpoints, schema):
    """`python -m services.notifications migrate` as the Job runs it: 8 scripts, then none.

    Its own five and the inbox's three (event ids, stream marks, their gaps).
    """

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        env = {"DATABASE_URL": endpoints.database_url, "NOTIFICATIONS_SCHEMA_NAME": schema}
        return subprocess.run(
            [sys.executable, "-m", "services.notifications", *args],
            env={**os.environ, **env}, cwd=PROJECT_ROOT,
            capture_output=True, text=True, check=False, timeout=60,
        )  # fmt: skip

    first, again, wrong = run("migrate"), run("migrate"), run("serve", "--now")
    assert (first.returncode, first.stdout) == (0, f"migrate: {schema}: 8 applied\n")
    assert (again.returncode, again.stdout) == (0, f"migrate: {schema}: 0 applied\n")
    assert wrong.returncode == 2
    assert "usage: [migrate]" in wrong.stderr


async def test_a_bridge_killed_mid_delivery_delivers_everything_after_a_restart(
    stack, endpoints, topic_prefix
):
    """The receiver holds A's second event open; kill -9; restart: every event arrives.

    At least once (the held one twice: it was in flight), and per young person never out of
    order: each youth's arrivals only ever move forward through what was published.
    """
    port = free_port(0)
    url = f"http://127.0.0.1:{port}"
    publisher = Publisher(endpoints.kafka_bootstrap, topic_prefix)
    a = [publisher.event(DEBT, "youth-a", {}) for _ in range(4)]
    b = [publisher.event(DEBT, "youth-b", {}) for _ in range(4)]
    held_id = ids(a)[1]
    holding = asyncio.Event()

    async def hold_the_first_try_of_one(request) -> int:
        if request.event_id == held_id and not holding.is_set():
            holding.set()
            await receiver.hold()
        return 204

    processes = []
    async with Receiver(hold_the_first_try_of_one) as receiver:
        try:
            processes.append(bridge_process(stack, topic_prefix, port, "first").start())
            await asyncio.to_thread(processes[0].wait_ready, f"{url}/ready")
            async with httpx.AsyncClient(base_url=url) as client:
                created = await client.post(
                    "/subscriptions", json={"callback_url": receiver.url}, headers=MANAGER
                )
                assert created.status_code == 201, created.text
            await publisher.publish(*[m for pair in zip(a, b, strict=True) for m in pair])
            await eventually(_is_set(holding), bool)

            processes[0].kill()  # SIGKILL by pid, with the POST of a[1] in flight
            stranded = await _state_of(endpoints, topic_prefix, held_id)
            receiver.released.set()

            processes.append(bridge_process(stack, topic_prefix, port, "second").start())
            await asyncio.to_thread(processes[1].wait_ready, f"{url}/ready")
            everything = set(ids(a) + ids(b))
            await eventually(_delivered(receiver), lambda got: everything <= set(got))
            final = await _state_of(endpoints, topic_prefix, held_id)
        finally:
            for process in processes:
                process.stop()

    assert stranded == "pending"  # the kill left it claimed but not done: it stays in the queue
    assert final == "delivered"
    tries_of_held = [r for r in receiver.received if r.event_id == held_id]
    assert len(tries_of_held) >= 2
    assert tries_of_held[-1].status == 204
    for youth in (a, b):
        published = ids(youth)
        arrivals = [published.index(r.event_id) for r in receiver.received
                    if r.event_id in published]  # fmt: skip
        assert arrivals == sorted(arrivals), arrivals
        assert set(arrivals) == set(range(len(published)))


async def _state_of(endpoints, topic_prefix: str, event_id: str) -> str:
    conn = await asyncpg.connect(endpoints.database_url)
    try:
        return await conn.fetchval(
            f"SELECT state FROM {topic_prefix}_notifications.deliveries WHERE event_id = $1",
            uuid.UUID(event_id),
        )
    finally:
        await conn.close()


def _is_set(event: asyncio.Event):
    async def probe() -> bool:
        return event.is_set()

    return probe


def _delivered(receiver):
    async def probe() -> list[str]:
        return receiver.delivered_ids()

    return probe
