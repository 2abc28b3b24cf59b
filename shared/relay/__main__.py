"""Run a relay on its own, or ask for a republish: `python -m shared.relay run|republish ...`.

The embedded broker forgets every topic on restart; `republish --from 0` refills them from
Postgres, the source of truth. Consumers remove the duplicates on the event id.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys

from aiokafka.errors import KafkaError

from shared import tracing
from shared.db import create_pool
from shared.envelope import source_of
from shared.eventstore.records import START, Checkpoint
from shared.kafka import ensure_topics, events_topic
from shared.logging import configure_logging
from shared.relay.checkpoint import RelayCheckpoints
from shared.relay.relay import Relay, RelayOptions
from shared.settings import PlatformSettings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m shared.relay")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="publish committed events until stopped")
    run.add_argument("--batch-size", type=int, default=1000, help="events per Kafka batch")
    republish = commands.add_parser("republish", help="publish the log again from a position")
    for command in (run, republish):
        command.add_argument("--service", required=True, help="the service whose events to relay")
        command.add_argument("--schema", help="its event store schema (default: the service)")
        command.add_argument("--topic", help="the topic (default: <service>.events)")
    republish.add_argument(
        "--from",
        dest="start",
        default="0",
        help="0 for the start of the log, or a CloudEvents sequence to resume after",
    )
    return parser


def _checkpoint(text: str) -> Checkpoint:
    if text == "0":
        return START
    try:
        return Checkpoint.from_sequence(text)
    except ValueError:
        raise SystemExit(
            f"--from: expected 0 or a sequence like 00..0752-00..0001, got {text!r}"
        ) from None


async def _run(service: str, schema: str, topic: str, batch_size: int) -> None:
    settings = PlatformSettings()
    pool = await create_pool(settings, f"relay-{service}", min_size=2, max_size=4)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    relay = Relay(
        pool, settings, schema=schema, topic=topic, source=source_of(settings.oin, service),
        options=RelayOptions(batch_size=batch_size),
    )  # fmt: skip
    try:
        await relay.run(stop)
    finally:
        await pool.close()


async def _republish(service: str, schema: str, topic: str, start: Checkpoint) -> None:
    settings = PlatformSettings()
    pool = await create_pool(settings, f"republish-{service}", min_size=1, max_size=2)
    try:
        await ensure_topics(settings, [topic])
        await RelayCheckpoints(pool, schema, topic).request_republish(start)
    finally:
        await pool.close()


def main(argv: list[str] | None = None) -> int:
    """Parse, run, and turn failures into a one-line reason and a non-zero exit."""
    args = _parser().parse_args(argv)
    settings = PlatformSettings()
    configure_logging(f"relay-{args.service}", json=settings.log_json, level=settings.log_level)
    tracing.configure(settings, f"relay-{args.service}")
    schema = args.schema or args.service
    topic = args.topic or events_topic(args.service, settings.kafka_topic_prefix)
    try:
        if args.command == "run":
            asyncio.run(_run(args.service, schema, topic, args.batch_size))
        else:
            asyncio.run(_republish(args.service, schema, topic, _checkpoint(args.start)))
            print(f"republish of {topic} requested")  # noqa: T201 - CLI output
    except (OSError, ValueError, KafkaError) as error:
        print(f"relay: {error}", file=sys.stderr)  # noqa: T201 - CLI output
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
