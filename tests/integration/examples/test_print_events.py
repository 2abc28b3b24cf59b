"""The integrator's example, copied on its own, prints real CloudEvents from the real broker."""

from __future__ import annotations

import asyncio
import shutil
import sys
import uuid
from pathlib import Path

from shared.kafka import ensure_topics, events_topic
from tests.support.apps import platform_settings
from tests.support.cloudevents import Publisher

EXAMPLE = Path(__file__).parents[3] / "examples" / "print_events.py"
TIMEOUT_S = 60  # a group join on the embedded broker takes a few seconds
SEALED = "enc:v1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"


async def run_example(script: Path, *args: str) -> list[str]:
    """Run the script as an integrator would (its own directory, no project on the path)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-I", str(script), *args,
        cwd=script.parent, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        out, err = await asyncio.wait_for(process.communicate(), TIMEOUT_S)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    assert process.returncode == 0, err.decode()
    return out.decode().splitlines()


def test_the_example_imports_nothing_of_the_project():
    """An integrator copies one file: it may only need the wheels, never regie's code."""
    source = EXAMPLE.read_text(encoding="utf-8")
    imports = [line for line in source.splitlines() if line.startswith(("import ", "from "))]
    assert not [
        line
        for line in imports
        if line.split()[1].split(".")[0] in {"shared", "services", "contracts"}
    ]
    assert "from aiokafka import AIOKafkaConsumer" in imports


async def test_prints_one_line_per_event_sealed_fields_as_versleuteld(endpoints, tmp_path):
    """Known and unknown types alike, ciphertext hidden, and a non-CloudEvent skipped."""
    prefix = f"t{uuid.uuid4().hex[:10]}"
    topic = events_topic("intake", prefix)
    await ensure_topics(platform_settings(endpoints), [topic])
    youth = str(uuid.uuid4())
    publisher = Publisher(endpoints.kafka_bootstrap, prefix)
    registered = publisher.event(
        "nl.regie.intake.youth-registered", youth,
        {"programma": "jpf", "full_name": SEALED, "age_band": "18-22"},
        grondslag="pw",
    )  # fmt: skip
    unknown = publisher.event(
        "nl.regie.intake.something-new", youth, {"new_field": 42, "nested": {"a": [1, 2]}}
    )
    garbage = (topic, youth.encode(), b"not a cloudevent")
    await publisher.publish(registered, unknown, garbage)
    script = tmp_path / "print_events.py"
    shutil.copy(EXAMPLE, script)

    lines = await run_example(
        script, "--bootstrap-servers", endpoints.kafka_bootstrap, "--topic", topic,
        "--group-id", f"{prefix}-printer", "--from-beginning", "--max-events", "3",
    )  # fmt: skip

    assert len(lines) == 3, lines
    time, kind, subject, *fields = lines[0].split(" ")
    assert time.endswith("Z")
    assert (kind, subject) == ("nl.regie.intake.youth-registered", f"subject={youth}")
    assert fields == [
        "streamversion=1", f"youth_id={youth}", "programma=jpf", "full_name=«versleuteld»",
        "age_band=18-22",
    ]  # fmt: skip
    assert lines[1].split(" ")[1:] == [
        "nl.regie.intake.something-new", f"subject={youth}", "streamversion=2",
        f"youth_id={youth}", "new_field=42", 'nested={"a":[1,2]}',
    ]  # fmt: skip
    assert lines[2] == "skipped: not a CloudEvent (JSONDecodeError)"
    assert SEALED not in "\n".join(lines)
