"""The embedded broker forgets everything on restart; Postgres remembers, and republish refills."""

from __future__ import annotations

import asyncio

import httpx

from tests.e2e.platform import wait_for
from tests.support.kafka import read_records


async def test_republish_after_broker_restart_restores_topics_without_loss_or_doubles(platform):
    """10 youths, broker restart, republish, 5 more: the timeline holds exactly 15, once each."""
    platform.start("intake")
    platform.start("timeline")
    conn = await platform.connect()
    try:
        async with httpx.AsyncClient(timeout=10) as client:
            before = {await platform.register(client) for _ in range(10)}
            await wait_for(conn, lambda n: n == 10)

            platform.stack.restart_broker()
            republish = platform.cli(
                "shared.relay", "republish", "--service", "intake", "--from", "0"
            )
            assert republish.returncode == 0, republish.stderr
            after = {await platform.register(client) for _ in range(5)}

        await wait_for(conn, lambda n: n >= 15)
        await asyncio.sleep(0.5)
        youths = {r["youth_id"] for r in await conn.fetch("SELECT youth_id FROM timeline.entries")}
        assert await conn.fetchval("SELECT count(*) FROM timeline.entries") == 15
        assert youths == before | after
        topic = await read_records(
            platform.env["KAFKA_BOOTSTRAP_SERVERS"], "intake.events", at_least=15
        )
        assert {r.key.decode() for r in topic} >= before | after
    finally:
        await conn.close()


async def test_republish_with_a_bad_position_exits_with_a_one_line_reason(platform):
    """Bad input on the command line: non-zero exit, one line, no traceback."""
    result = platform.cli("shared.relay", "republish", "--service", "intake", "--from", "later")
    assert result.returncode != 0
    assert "--from" in result.stderr
    assert "Traceback" not in result.stderr
