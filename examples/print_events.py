"""Print regie's events from one Kafka topic, one line each: a starting point for an integrator.

    python examples/print_events.py --topic intake.events --from-beginning

Needs only aiokafka. Each message is a CloudEvents 1.0 JSON document; fields sealed with the
young person's key arrive as ciphertext (`enc:v1:...`) and are shown as «versleuteld». Types and
fields this script does not know are printed like any other: new ones may appear at any time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os

from aiokafka import AIOKafkaConsumer

SEALED_PREFIX = "enc:v1:"


def show(value: object) -> str:
    """A data value on one line; ciphertext as «versleuteld»."""
    if isinstance(value, str):
        return "«versleuteld»" if value.startswith(SEALED_PREFIX) else value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def line(raw: bytes) -> str:
    """One decoded line for a message, or why it was skipped."""
    try:
        event = json.loads(raw)
        head = f"{event['time']} {event['type']} subject={event['subject']}"
    except (ValueError, TypeError, KeyError) as error:
        return f"skipped: not a CloudEvent ({error.__class__.__name__})"
    data = event.get("data") if isinstance(event.get("data"), dict) else {}
    fields = " ".join(f"{name}={show(value)}" for name, value in data.items())
    return f"{head} streamversion={event.get('streamversion', '-')} {fields}".rstrip()


async def main(args: argparse.Namespace) -> None:
    """Consume until interrupted, or until `--max-events` messages were printed."""
    consumer = AIOKafkaConsumer(
        args.topic,
        bootstrap_servers=args.bootstrap_servers,
        group_id=args.group_id,
        auto_offset_reset="earliest" if args.from_beginning else "latest",
        session_timeout_ms=6000,
        heartbeat_interval_ms=2000,
    )
    await consumer.start()
    try:
        printed = 0
        async for message in consumer:
            print(line(message.value), flush=True)
            printed += 1
            if args.max_events and printed >= args.max_events:
                break
    finally:
        await consumer.stop()


def arguments() -> argparse.Namespace:
    """Command-line options, with the environment as defaults."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    env = os.environ.get
    parser.add_argument(
        "--bootstrap-servers", default=env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:59092")
    )
    parser.add_argument("--topic", default=env("REGIE_TOPIC", "intake.events"))
    parser.add_argument("--group-id", default=env("REGIE_GROUP_ID", "print-events"))
    parser.add_argument(
        "--from-beginning", action="store_true", help="a new group starts at the oldest event"
    )
    parser.add_argument("--max-events", type=int, default=0, help="stop after this many")
    return parser.parse_args()


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C stops it; the group keeps its place
        asyncio.run(main(arguments()))
