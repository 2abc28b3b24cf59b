"""`GET /reports/maatwerk-budget` over the real servers: totals only, for those with a basis.

The amount a fund pays is sealed in `customisation-applied`; intake opens it and answers per
calendar year and fund the trajectories and their total, exact for the auditor and protected
for policy staff; a regisseur and a programmamonitor are refused, and every read is logged.
"""

from __future__ import annotations

import json

import pytest

from services.intake.bootstrap import create_app as create_intake
from services.intake.settings import IntakeSettings
from shared.auth import AuthSettings, mint_token
from shared.privacy.fields import is_ciphertext
from tests.integration.intake.test_commands_api import DIRECTOR, TODAY, refer_and_register
from tests.support.apps import bearer, platform_settings, serve

YEAR = {"from": TODAY[:7], "until": TODAY[:7]}
BUDGET = "/reports/maatwerk-budget"


@pytest.fixture
async def intake(endpoints, topic_prefix):
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    app = create_intake(
        settings,
        IntakeSettings(schema_name=f"{topic_prefix}_intake",
                       summaries_group=f"{topic_prefix}-intake"),
    )  # fmt: skip
    async with serve(app) as client:
        yield client, app


async def test_what_a_fund_pays_is_sealed_and_only_its_totals_are_read(intake):
    client, app = intake
    youth_id = await refer_and_register(client)
    director = {"director_id": DIRECTOR, "from_on": TODAY}
    assigned = await client.post(f"/youths/{youth_id}/director", json=director,
                                 headers=bearer("intake"))  # fmt: skip
    assert assigned.status_code == 201, assigned.text
    maatwerk = {"rule": "kostendelersnorm", "deviation": "norm niet toegepast",
                "rationale": "woont bij tante", "applied_on": TODAY}  # fmt: skip
    path = f"/youths/{youth_id}/customisations"
    # An amount without its fund is a field error, in Dutch and English.
    lone = await client.post(path, json=maatwerk | {"amount": 9_500}, headers=bearer("regisseur"))
    assert lone.status_code == 422, lone.text
    assert "fund" in lone.text
    assert "fonds" in lone.text
    paid = maatwerk | {"fund": "kansfonds", "amount": 9_500}
    assert (await client.post(path, json=paid, headers=bearer("regisseur"))).status_code == 201
    [record] = await app.state.store.of_types(["nl.regie.intake.customisation-applied"], "0518")
    data = json.loads(record.data)
    assert data["fund"] == "kansfonds"
    assert is_ciphertext(data["amount"])

    exact = await client.get(BUDGET, params=YEAR, headers=bearer("auditor"))
    assert exact.status_code == 200, exact.text
    year = int(TODAY[:4])
    assert [(f["fund"], f["trajectories"], f["total_euros"]) for f in exact.json()["funds"]] == [
        ("kansfonds", 1, 9_500),
        ("alle", 1, 9_500),
    ]
    assert (exact.json()["start"], exact.json()["end"]) == (f"{year}-01-01", f"{year}-12-31")
    policy = await client.get(BUDGET, params=YEAR, headers=bearer("beleidsmedewerker"))
    assert [(f["trajectories"], f["total_euros"]) for f in policy.json()["funds"]] == [
        ("<5", None),
        ("<5", None),
    ]
    assert "9500" not in policy.text

    def signed(role: str, **claims: str) -> dict[str, str]:
        minted = mint_token(AuthSettings(), subject="x-1", roles=[role], gemeentecode="0518",
                            **claims)  # fmt: skip
        return {"Authorization": f"Bearer {minted}"}

    refusals = (bearer("regisseur"), signed("jongere", youth_id=youth_id),
                signed("programmamonitor", programma="dtj"))  # fmt: skip
    for refused in refusals:
        answer = await client.get(BUDGET, params=YEAR, headers=refused)
        assert answer.status_code == 403, (refused, answer.text)
        assert "9500" not in answer.text
    wrong = await client.get(BUDGET, params={"from": "2026-13", "until": "2026-12"},
                             headers=bearer("auditor"))  # fmt: skip
    assert wrong.status_code == 422
    assert wrong.json()["detail"][0]["loc"] == ["query", "from"]

    rows = await app.state.pool.fetch(
        "SELECT actor_role, result FROM "
        f"{app.state.processing_log.schema}.processing_log"
        " WHERE activity = 'intake.maatwerkbudget' ORDER BY seq"
    )
    assert [tuple(r) for r in rows][:5] == [
        ("auditor", "gelukt"), ("beleidsmedewerker", "gelukt"), ("regisseur", "geweigerd"),
        ("jongere", "geweigerd"), ("programmamonitor", "geweigerd"),
    ]  # fmt: skip
