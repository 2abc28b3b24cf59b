"""Intake's erasure reaches income over the real servers: confirmed, amounts destroyed.

The deep erasure test (tests/integration/privacy/test_reactions.py) runs debts, housing and
coaching; this runs the fifth domain the same way beside intake and the timeline: a benefit and
income from work recorded with their amounts sealed, then intake erases the young person.
Income confirms once, caused by the erasure; its amounts read erased; its stream takes no
more facts and its chain still verifies; the timeline counts income among the confirmations.
"""

from __future__ import annotations

from datetime import date

import pytest

from services.income.bootstrap import create_app
from services.income.settings import IncomeSettings
from shared.eventstore import PostgresEventStore
from shared.eventstore.verify import verify_events
from shared.personal_data import ERASED
from tests.support.apps import bearer, platform_settings, serve
from tests.support.waiting import eventually

DAY = date.today().isoformat()
CONSULTANT = "inkomensconsulent"


@pytest.fixture
async def income(platform, endpoints, topic_prefix):
    """Intake and the timeline (`platform`) with income beside them."""
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    p = topic_prefix
    app = create_app(
        settings,
        IncomeSettings(schema_name=f"{p}_income", benefits_group=f"{p}-income",
                       policies_group=f"{p}-income-policies",
                       registrations_group=f"{p}-income-registrations"),
    )  # fmt: skip
    intake, timeline, _ = platform
    async with serve(app) as client:
        yield intake, timeline, client


async def post(client, path: str, body: dict, role: str) -> dict:
    """A command that must succeed, retried while income has not learnt the registration."""
    answer = await eventually(
        lambda: client.post(path, json=body, headers=bearer(role)),
        lambda a: not (a.status_code == 404 and "nog niet" in a.text),
    )
    assert answer.status_code in {200, 201}, answer.text
    return dict(answer.json())


async def test_an_erasure_reaches_income_its_amounts_read_erased_and_it_takes_no_more(
    income, pool, topic_prefix
):
    intake, timeline, client = income
    registered = await post(intake, "/youths", {
        "gemeentecode": "0518", "programma": "jpf", "full_name": "Noor Vertrouwelijk",
        "date_of_birth": "2003-02-01"}, "intake")  # fmt: skip
    youth = registered["youth_id"]
    y = f"/youths/{youth}"
    await post(client, f"{y}/benefit-applications", {"applied_on": DAY}, CONSULTANT)
    await post(client, f"{y}/search-period-waiver", {"reason": "dakloosheid", "waived_on": DAY},
               CONSULTANT)  # fmt: skip
    await post(client, f"{y}/benefit-grant", {"norm": "alleenstaand", "monthly_amount": 1234,
               "granted_on": DAY, "from_on": DAY}, CONSULTANT)  # fmt: skip
    await post(client, f"{y}/income-from-work", {"amount": 640, "received_on": DAY}, CONSULTANT)
    shown = await client.get(f"{y}/income", headers=bearer(CONSULTANT))
    assert shown.json()["amounts"]["benefit_monthly"] == 1234

    await post(intake, f"{y}/erasure", {"reason": "verzoek_art17"}, "privacy_officer")
    intake_events = await PostgresEventStore(pool, f"{topic_prefix}_intake").load(f"youth-{youth}")
    [erasure] = [e for e in intake_events if e.event_type.endswith("personal-data-erased")]

    store = PostgresEventStore(pool, f"{topic_prefix}_income")

    async def confirmed() -> list:
        return [e for e in await store.load(f"income-{youth}")
                if e.event_type.endswith("erasure-confirmed")]  # fmt: skip

    [confirmation] = await eventually(confirmed, lambda found: len(found) == 1)
    assert confirmation.metadata.causation_id == str(erasure.event_id)
    assert confirmation.metadata.actor == "beleid.income.erasure"
    # The confirmation is recorded before the key is destroyed (shared/policy/erasure.py):
    # wait for the destruction itself, not only for the event that precedes it.
    shown = await eventually(
        lambda: client.get(f"{y}/income", headers=bearer(CONSULTANT)),
        lambda r: r.json()["amounts"]["benefit_monthly"] == ERASED,
    )
    amounts = shown.json()["amounts"]
    assert (amounts["benefit_monthly"], amounts["last_income_from_work"]) == (ERASED, ERASED)
    refused = await client.post(f"{y}/income-from-work", json={"amount": 1, "received_on": DAY},
                                headers=bearer(CONSULTANT))  # fmt: skip
    assert refused.status_code == 409, refused.text
    async with pool.acquire() as conn:
        assert await verify_events(conn, f"{topic_prefix}_income") == []

    status = await eventually(
        lambda: timeline.get(f"{y}/erasure", headers=bearer("auditor")),
        lambda r: r.status_code == 200 and "income" in {x["domain"] for x in r.json()["confirmed"]},
    )
    [by_income] = [x for x in status.json()["confirmed"] if x["domain"] == "income"]
    assert by_income["causation_id"] == str(erasure.event_id)
