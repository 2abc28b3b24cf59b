"""One young person's story for the web view's tests, told across three domains.

Intake through its API; debts and housing as CloudEvents on their topics (their services need
not run for the timeline).

Consent covers `wonen` only, so the director sees housing and the debt entries redacted.
"""

from __future__ import annotations

import itertools
import json
import uuid
from datetime import UTC, date, datetime

from aiokafka import AIOKafkaProducer

from shared.kafka import events_topic
from tests.support.apps import bearer

DIRECTOR = "regisseur-web"
NAME = "Sam de Vries"
# Domain events in the past: (domain, event name, data), in stream order per domain.
DEBTS = [
    ("debt-help-requested", {"requested_on": "2025-01-10"}),
    ("debt-inventory-completed", {"creditor_count": 3, "completed_on": "2025-02-03"}),
]
HOUSING = [
    ("homelessness-registered", {"situation": "nachtopvang", "since": "2025-01-05",
                                 "registered_on": "2025-01-20"}),
    ("shelter-admitted", {"shelter_type": "jongerenopvang", "admitted_on": "2025-02-15"}),
    ("housed", {"form": "kamer", "tenure": "via_stichting", "from_on": "2025-04-01"}),
]  # fmt: skip
SOURCE = "urn:nld:oin:00000001234567890000:systeem:regie-{}"
# Each domain store's log position, increasing over every story told in one process (two
# stories on one timeline must not share a position, as two young people's events never do).
_POSITIONS = itertools.count(1)


async def register_assigned(
    intake, *, director: str = DIRECTOR, consent: bool = True, full_name: str = NAME
) -> str:
    """Register a young person at intake, assign `director` and record consent for `wonen`."""
    response = await intake.post(
        "/youths",
        json={"gemeentecode": "0518", "programma": "dtj", "full_name": full_name,
              "date_of_birth": date(2005, 6, 1).isoformat()},
        headers=bearer("intake"),
    )  # fmt: skip
    assert response.status_code == 201, response.text
    youth_id = response.json()["youth_id"]
    commands = [("director", {"director_id": director, "from_on": "2024-12-20"})]
    if consent:
        commands.append(
            ("consents", {"purpose": "tijdlijn_delen", "leefgebieden": ["wonen"],
                          "given_on": date.today().isoformat()})
        )  # fmt: skip
    for path, body in commands:
        answer = await intake.post(
            f"/youths/{youth_id}/{path}", json=body, headers=bearer("intake")
        )
        assert answer.status_code in {200, 201}, answer.text
    return youth_id


def cloudevent(  # noqa: PLR0913, PLR0917 - the fields a test varies
    domain: str, name: str, youth_id: str, version: int, data: dict, position: int | None = None
) -> bytes:
    """A domain event as its service would publish it."""
    leefgebied = {"debts": "financien", "housing": "wonen"}[domain]
    return json.dumps({
        "specversion": "1.0", "id": str(uuid.uuid4()), "source": SOURCE.format(domain),
        "type": f"nl.regie.{domain}.{name}", "subject": youth_id,
        "time": datetime.now(UTC).isoformat(), "datacontenttype": "application/json",
        "sequence": f"{position or version:020d}-{0:020d}", "streamid": f"{domain}-{youth_id}",
        "streamversion": version, "gemeentecode": "0518", "actor": f"demo-{domain}",
        "actorrole": "schuldhulpverlener" if domain == "debts" else "woonconsulent",
        "correlationid": str(uuid.uuid4()), "leefgebied": leefgebied, "data": data,
    }).encode()  # fmt: skip


async def publish_domains(bootstrap: str, prefix: str, youth_id: str) -> None:
    """The debt and housing events of the story, on their topics."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        for domain, events in (("debts", DEBTS), ("housing", HOUSING)):
            for version, (name, data) in enumerate(events, start=1):
                value = cloudevent(domain, name, youth_id, version, data, next(_POSITIONS))
                await producer.send_and_wait(events_topic(domain, prefix), value, youth_id.encode())
    finally:
        await producer.stop()
