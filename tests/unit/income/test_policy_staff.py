"""What the beleidsmedewerker may not do in income: nothing of a young person, only the report."""

from __future__ import annotations

import uuid

import httpx

from services.income.bootstrap import create_app
from tests.support.apps import token

YOUTH = str(uuid.uuid4())
PER_PERSON = [
    f"/youths/{YOUTH}/income", "/benefits", "/benefits?longer_than=P2Y",
    "/benefits/distribution", f"/processing-log?youth_id={YOUTH}",
]  # fmt: skip


class RecordedLog:
    """Income's processing log, in memory: what the routes' processing dependency records."""

    def __init__(self) -> None:
        """Nothing recorded yet."""
        self.recorded: list[dict[str, object]] = []

    async def record(self, **facts: object) -> None:
        """Keep an entry's facts."""
        self.recorded.append(facts)


async def test_a_beleidsmedewerker_reads_no_income_of_a_young_person_and_gives_no_command():
    """403 on each per-person read and list, and on a command; each read logged as geweigerd."""
    app = create_app()  # built, not started: a role check needs no database
    app.state.processing_log = log = RecordedLog()
    headers = {"Authorization": f"Bearer {token('beleidsmedewerker', sub='beleid-7')}"}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://regie.test") as client:
        answers = [await client.get(path, headers=headers) for path in PER_PERSON]
        command = await client.post(
            f"/youths/{YOUTH}/benefit-applications", headers=headers,
            json={"applied_on": "2026-01-05"},
        )  # fmt: skip
    assert [a.status_code for a in answers] == [403] * len(PER_PERSON)
    assert command.status_code == 403, command.text
    assert {(e["actor"], e["result"]) for e in log.recorded} == {("beleid-7", "geweigerd")}
    assert [e["activity"] for e in log.recorded] == [
        "income.inkomen", "income.uitkeringen", "income.uitkeringen", "income.verdeling",
        "verwerkingslog.inzien", "income.aanvraag",
    ]  # fmt: skip
