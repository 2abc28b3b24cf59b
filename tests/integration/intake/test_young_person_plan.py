"""Mijn regie (issue 23): the young person reads their own plan and their own processing log.

Against the real servers: intake opens every one of their own words for them, refuses any
other youth id with the answer for one not there, and logs every read with the young person
as the actor, on their right of access (`avg_15`).
"""

from __future__ import annotations

import uuid

from shared.auth import AuthSettings, mint_token
from tests.integration.intake.test_plan_api import (
    DIRECTOR,
    TEXTS,
    TODAY,
    intake,  # noqa: F401 - the fixture
    plan_reads,
    read,
    texts_of,
    youth_with_a_plan,
)
from tests.support.apps import bearer


def young_person(youth: str, gemeente: str = "0518") -> dict[str, str]:
    """The young person's own header: role jongere, their youth id in the token."""
    token = mint_token(AuthSettings(), subject=f"jongere-{youth[:8]}", roles=["jongere"],
                       gemeentecode=gemeente, youth_id=youth)  # fmt: skip
    return {"Authorization": f"Bearer {token}"}


async def test_the_young_person_reads_their_own_plan_with_all_their_own_words(intake):  # noqa: F811
    """No consent needed for their own words, health too; the read is theirs, on art. 15."""
    youth = await youth_with_a_plan(intake, exchange=[])
    answer = await intake.get(f"/youths/{youth}/plan", headers=young_person(youth))

    assert answer.status_code == 200, answer.text
    assert texts_of(answer.json()) == TEXTS
    [entry] = await plan_reads(intake, youth)
    assert (entry["actor"], entry["actor_role"], entry["result"], entry["grondslag"]) == (
        f"jongere-{youth[:8]}", "jongere", "gelukt", "avg_15",
    )  # fmt: skip


async def test_another_youth_id_is_not_there_for_the_young_person(intake):  # noqa: F811
    """Another young person's plan and log, or the whole log: the 404 of one not there."""
    youth = await youth_with_a_plan(intake, exchange=[])
    other = await youth_with_a_plan(intake, exchange=["werk"])
    unknown = await read(intake, str(uuid.uuid4()), "regisseur", sub=DIRECTOR)
    mine = young_person(youth)

    plan = await intake.get(f"/youths/{other}/plan", headers=mine)
    log = await intake.get("/processing-log", params={"youth_id": other}, headers=mine)
    everyone = await intake.get("/processing-log", headers=mine)
    vng = await intake.get("/processing-log", params={"youth_id": other, "format": "vng"},
                           headers=mine)  # fmt: skip

    assert (plan.status_code, plan.json()) == (404, unknown.json())
    for refused in (log, everyone, vng):
        assert (refused.status_code, refused.json()) == (404, unknown.json())
    entries = await plan_reads(intake, other)
    assert [(e["actor_role"], e["result"]) for e in entries] == [("jongere", "geweigerd")]


async def test_the_young_person_reads_who_processed_their_data(intake):  # noqa: F811
    """Their own log: employees as their role, their own reads as themself, each read logged."""
    youth = await youth_with_a_plan(intake, exchange=[])
    await intake.get(f"/youths/{youth}/plan", headers=young_person(youth))

    answer = await intake.get("/processing-log", params={"youth_id": youth},
                              headers=young_person(youth))  # fmt: skip

    assert answer.status_code == 200, answer.text
    entries = answer.json()
    assert {e["youth_id"] for e in entries} == {youth}
    assert DIRECTOR not in {e["actor"] for e in entries}  # the employee's pseudonym stays theirs
    assert ("regisseur", "regisseur") in {(e["actor"], e["actor_role"]) for e in entries}
    assert (f"jongere-{youth[:8]}", "intake.toekomstplan") in {
        (e["actor"], e["activity"]) for e in entries
    }
    audit = await intake.get("/processing-log", params={"youth_id": youth},
                             headers=bearer("auditor"))  # fmt: skip
    own_read = [e for e in audit.json() if e["activity"] == "verwerkingslog.inzien"
                and e["actor_role"] == "jongere"]  # fmt: skip
    assert [(e["result"], e["grondslag"]) for e in own_read] == [("gelukt", "avg_15")]


async def test_a_young_person_of_another_municipality_reads_nothing(intake):  # noqa: F811
    """The same youth id in a token of another gemeente is not there: only their own tries."""
    youth = await youth_with_a_plan(intake, exchange=[])
    elsewhere = young_person(youth, gemeente="0363")

    assert (await intake.get(f"/youths/{youth}/plan", headers=elsewhere)).status_code == 404
    answer = await intake.get("/processing-log", params={"youth_id": youth}, headers=elsewhere)
    assert answer.status_code == 200, answer.text
    assert {(e["actor_role"], e["result"]) for e in answer.json()} == {("jongere", "geweigerd")}


async def consent_log(intake, youth: str) -> list[tuple[str, str, str, str]]:  # noqa: F811
    """The consent entries of the processing log: (actor role, action, result, basis)."""
    answer = await intake.get("/processing-log", params={"youth_id": youth},
                              headers=bearer("auditor"))  # fmt: skip
    assert answer.status_code == 200, answer.text
    return [(e["actor_role"], e["action"], e["result"], e["grondslag"])
            for e in answer.json() if e["activity"] == "intake.toestemming"]  # fmt: skip


async def test_the_young_person_gives_reads_and_withdraws_their_own_consent(intake):  # noqa: F811
    """The professionals' events, the young person as actor; each read logged on art. 15."""
    youth = await youth_with_a_plan(intake, exchange=[])
    mine = young_person(youth)
    base = f"/youths/{youth}"
    given = {"purpose": "tijdlijn_delen", "leefgebieden": ["financien", "wonen"],
             "given_on": TODAY}  # fmt: skip

    gave = await intake.post(f"{base}/consents", json=given, headers=mine)
    withdrew = await intake.post(f"{base}/consent-withdrawals", headers=mine, json={
        "purpose": "tijdlijn_delen", "leefgebieden": ["wonen"], "withdrawn_on": TODAY})  # fmt: skip
    held = await intake.get(f"{base}/consents", headers=mine)

    assert (gave.status_code, withdrew.status_code) == (201, 201), (gave.text, withdrew.text)
    assert held.status_code == 200, held.text
    assert held.json()["consents"] == [{"purpose": "tijdlijn_delen", "leefgebieden": ["financien"],
                                        "given_on": TODAY, "valid_until": None}]  # fmt: skip
    dossier = (await intake.get(base, headers=bearer("intake"))).json()
    assert dossier["consents"] == {"tijdlijn_delen": ["financien"]}
    assert await consent_log(intake, youth) == [
        ("jongere", "wijzigen", "gelukt", "toestemming"),
        ("jongere", "wijzigen", "gelukt", "toestemming"),
        ("jongere", "lezen", "gelukt", "avg_15"),
    ]


async def test_a_young_person_cannot_touch_another_young_persons_consent(intake):  # noqa: F811
    """Give, withdraw or read another's consent: the 404 of one not there, nothing recorded."""
    youth = await youth_with_a_plan(intake, exchange=[])
    other = await youth_with_a_plan(intake, exchange=["werk"])
    mine = young_person(youth)
    base = f"/youths/{other}"
    unknown = await intake.get(f"/youths/{uuid.uuid4()}/plan", headers=bearer("intake"))
    given = {"purpose": "gegevens_uitwisselen", "leefgebieden": ["wonen"], "given_on": TODAY}
    withdrawn = {"purpose": "gegevens_uitwisselen", "withdrawn_on": TODAY}

    answers = [
        await intake.post(f"{base}/consents", json=given, headers=mine),
        await intake.post(f"{base}/consent-withdrawals", json=withdrawn, headers=mine),
        await intake.get(f"{base}/consents", headers=mine),
    ]

    assert [(a.status_code, a.json()) for a in answers] == [(404, unknown.json())] * 3
    dossier = (await intake.get(base, headers=bearer("intake"))).json()
    assert dossier["consents"] == {"gegevens_uitwisselen": ["werk"]}
    assert [(role, result) for role, _, result, _ in await consent_log(intake, other)] == [
        ("intake", "gelukt"), ("jongere", "geweigerd"), ("jongere", "geweigerd"),
        ("jongere", "geweigerd"),
    ]  # fmt: skip
    employee = await intake.get(f"/youths/{youth}/consents", headers=bearer("regisseur"))
    assert employee.status_code == 403


async def test_only_the_young_person_gives_their_say_and_only_their_own(intake):  # noqa: F811
    """Recorded with the young person as actor; nobody else's say in their name.

    A professional is refused (403), another young person's id is the 404 of one not there.
    """
    youth = await youth_with_a_plan(intake, exchange=[])
    other = await youth_with_a_plan(intake, exchange=[])
    say = {"about": "programma", "programma": "jpf", "rating": 2,
           "comment": "Te weinig contact.", "given_on": TODAY}  # fmt: skip
    unknown = await intake.get(f"/youths/{uuid.uuid4()}/plan", headers=bearer("intake"))

    mine = await intake.post(f"/youths/{youth}/feedback", json=say, headers=young_person(youth))
    for_other = await intake.post(f"/youths/{other}/feedback", json=say,
                                  headers=young_person(youth))  # fmt: skip
    refused = [
        await intake.post(f"/youths/{other}/feedback", json=say, headers=bearer(role, sub=sub))
        for role, sub in (("regisseur", DIRECTOR), ("intake", "medewerker-1"))
    ]
    bad = await intake.post(f"/youths/{youth}/feedback", json={**say, "rating": 9},
                            headers=young_person(youth))  # fmt: skip

    assert mine.status_code == 201, mine.text
    assert (for_other.status_code, for_other.json()) == (404, unknown.json())
    assert [r.status_code for r in refused] == [403, 403]
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"][-1] == "rating"
    log = await intake.get("/processing-log", params={"youth_id": other},
                           headers=bearer("auditor"))  # fmt: skip
    assert {(e["actor_role"], e["result"]) for e in log.json()
            if e["activity"] == "intake.mening"} <= {("jongere", "geweigerd"),
                                                      ("regisseur", "geweigerd"),
                                                      ("intake", "geweigerd")}  # fmt: skip
    mine_log = await intake.get("/processing-log", params={"youth_id": youth},
                                headers=bearer("auditor"))  # fmt: skip
    assert [(e["actor_role"], e["action"], e["result"], e["grondslag"]) for e in mine_log.json()
            if e["activity"] == "intake.mening"] == [
        ("jongere", "aanmaken", "gelukt", "toestemming"),
        ("jongere", "aanmaken", "geweigerd", "toestemming"),
    ]  # fmt: skip
