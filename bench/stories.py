"""Events of all four domains, as their relays publish them, for the timeline's benchmark.

Many young people with a short story each, and one young person with a long timeline.
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from pydantic_core import to_json

from bench.payloads import METADATA
from shared.envelope import encode, source_of
from shared.eventstore import Checkpoint, RecordedEvent

DAY0 = date(2025, 1, 1)

# One short story: (domain, event name, data), each dated in its own field.
STORY: list[tuple[str, str, dict[str, object]]] = [
    ("intake", "youth-referred", {"referrer_type": "wijkteam", "programma": "jpf",
                                  "crisis": False, "received_on": "D"}),
    ("intake", "youth-registered", {"programma": "jpf", "age_band": "18-22", "full_name": "X",
                                    "date_of_birth": "2004-01-01", "registered_on": "D"}),
    ("intake", "programme-enrolled", {"programma": "jpf", "start_on": "D"}),
    ("debts", "debt-help-requested", {"crisis": False, "requested_on": "D",
                                      "first_conversation_due": "D", "trajectory_id": "T"}),
    ("debts", "first-conversation-held", {"held_on": "D", "within_deadline": True,
                                          "trajectory_id": "T"}),
    ("debts", "debts-settled", {"solution_kind": "betalingsregeling", "amount_settled": "enc:x",
                                "settled_on": "D", "trajectory_id": "T"}),
    ("housing", "homelessness-registered", {"situation": "nachtopvang", "since": "D",
                                            "registered_on": "D", "first_week_due": "D",
                                            "plan_due": "D", "episode_id": "T"}),
    ("housing", "housed", {"form": "kamer", "tenure": "huur", "from_on": "D",
                           "address": "enc:x", "days_homeless": 30}),
    ("coaching", "coaching-phase-started", {"phase": "scout", "started_on": "D"}),
    ("coaching", "relapse-signalled", {"returns_to": "scout", "signalled_on": "D"}),
]  # fmt: skip
# What fills a long timeline: headline events of every domain, in turn.
LONG = [STORY[i] for i in (3, 5, 6, 7, 8, 9, 2)]


@dataclass
class Stories:
    """Builds `(domain, key, value)` messages with per-stream versions and a growing log."""

    oin: str
    messages: list[tuple[str, bytes, bytes]] = field(default_factory=list)
    _positions: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _versions: dict[str, int] = field(default_factory=dict)

    def add(self, youth_id: str, step: tuple[str, str, dict[str, object]], day: date) -> None:
        """One event of `youth_id`, with its date fields set to `day`."""
        domain, name, template = step
        stream = f"{domain}-{youth_id}"
        self._versions[stream] = version = self._versions.get(stream, 0) + 1
        data = {"youth_id": youth_id, **{k: _filled(v, day, youth_id) for k, v in template.items()}}
        event = RecordedEvent(
            event_id=uuid.uuid4(), event_type=f"nl.regie.{domain}.{name}", schema_version=1,
            subject=youth_id, data=to_json(data).decode(), metadata=METADATA, stream_id=stream,
            stream_version=version, checkpoint=Checkpoint(1000, next(self._positions)),
            recorded_at=datetime.now(UTC),
        )  # fmt: skip
        value = encode(event, source_of(self.oin, domain))
        self.messages.append((domain, youth_id.encode(), value))


def _filled(value: object, day: date, youth_id: str) -> object:
    if value == "D":
        return day.isoformat()
    return youth_id if value == "T" else value


def build(oin: str, count: int, long_entries: int) -> tuple[Stories, str]:
    """About `count` events: one young person with `long_entries`, the rest in short stories."""
    stories = Stories(oin)
    long_youth = str(uuid.uuid4())
    stories.add(long_youth, STORY[1], DAY0)
    for n in range(long_entries - 1):
        stories.add(long_youth, LONG[n % len(LONG)], DAY0 + timedelta(days=n // 3))
    for n in range(max(0, count - long_entries) // len(STORY)):
        youth_id = str(uuid.uuid4())
        for step in STORY:
            stories.add(youth_id, step, DAY0 + timedelta(days=n % 365))
    return stories, long_youth
