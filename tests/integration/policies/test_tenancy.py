"""Whose young person: the municipality comes from intake's registration, never the first writer.

Every declared life domain runs in-process over the real servers; each learns young people from
intake's topic. An outsider's command, read or guess must neither take a young person over nor
tell which domains know them.
"""

from __future__ import annotations

import time
import uuid
from datetime import date

import pytest

from shared.command_http import NOT_REGISTERED
from tests.support.apps import bearer
from tests.support.over_http import domains_over_http
from tests.support.waiting import eventually

TODAY = date.today()
DAY = TODAY.isoformat()
INTAKE = bearer("intake")
OUTSIDER = "0363"

# Each domain's worker, first command and read, declared beside the domain's rule tests
# (tests/unit/<name>/givens.py's OVER_HTTP): every domain that learns from intake, none listed.
DOMAINS = domains_over_http()
FIRST = {name: (http.role, http.path, http.body(DAY), http.read) for name, http in DOMAINS.items()}


async def register(intake, gemeente: str = "0518") -> str:
    answer = await intake.post(
        "/youths",
        json={"gemeentecode": gemeente, "programma": "regulier", "full_name": "Sam Test",
              "date_of_birth": date(2004, 6, 1).isoformat()},
        headers=bearer("intake", gemeente=gemeente),
    )  # fmt: skip
    assert answer.status_code == 201, answer.text
    return answer.json()["youth_id"]


def client_of(services, domain: str):
    return services.clients[domain]


@pytest.mark.parametrize("domain", sorted(FIRST))
async def test_another_municipality_cannot_take_over_a_young_person(services, domain):
    """0363 writing first is refused; 0518's own worker then acts, and 0363 still cannot."""
    role, path, body, read = FIRST[domain]
    client = client_of(services, domain)
    youth = await register(services.intake)

    takeover = await client.post(
        f"/youths/{youth}{path}", json=body, headers=bearer(role, gemeente=OUTSIDER)
    )
    own = await client.post(f"/youths/{youth}{path}", json=body, headers=bearer(role))
    again = await client.post(
        f"/youths/{youth}{path}", json=body, headers=bearer(role, gemeente=OUTSIDER)
    )
    shown = await client.get(f"/youths/{youth}{read}", headers=bearer(role))

    assert takeover.status_code == 404, takeover.text
    assert takeover.json()["detail"] == NOT_REGISTERED
    assert own.status_code == 201, own.text
    assert again.status_code == 404
    assert shown.status_code == 200
    assert shown.json()["youth_id"] == youth


async def test_an_erasure_after_an_attempted_takeover_is_confirmed_everywhere(services):
    """The takeover leaves nothing behind, so every domain confirms 0518's erasure."""
    youth = await register(services.intake)
    for domain, (role, path, body, _read) in FIRST.items():
        answer = await client_of(services, domain).post(
            f"/youths/{youth}{path}", json=body, headers=bearer(role, gemeente=OUTSIDER)
        )
        assert answer.status_code == 404, (domain, answer.text)
    erased = await services.intake.post(
        f"/youths/{youth}/erasure",
        json={"reason": "verzoek_art17"},
        headers=bearer("privacy_officer"),
    )
    assert erased.status_code == 200, erased.text

    async def confirmations() -> dict[str, int]:
        counts = {}
        for domain in FIRST:
            app = client_of(services, domain)._transport.app
            counts[domain] = await app.state.pool.fetchval(
                f"SELECT count(*) FROM {app.state.schema}.events"
                " WHERE subject = $1 AND event_type LIKE '%.erasure-confirmed' AND tenant = '0518'",
                youth,
            )
        return counts

    found = await eventually(confirmations, lambda c: all(c.values()), within=30)
    assert found == dict.fromkeys(FIRST, 1)


async def test_not_yours_and_not_there_answer_alike(services):
    """Another municipality's young person, known to debts, reads and writes as an unknown one."""
    role, path, body, read = FIRST["debts"]
    youth = await register(services.intake)
    assert (
        await services.debts.post(f"/youths/{youth}{path}", json=body, headers=bearer(role))
    ).status_code == 201
    unknown = str(uuid.uuid4())
    outsider = bearer(role, gemeente=OUTSIDER)

    answers = {}
    for name, who in (("known", youth), ("unknown", unknown)):
        started = time.monotonic()
        write = await services.debts.post(f"/youths/{who}/first-conversation",
                                          json={"held_on": DAY}, headers=outsider)  # fmt: skip
        took = time.monotonic() - started
        look = await services.debts.get(f"/youths/{who}{read}", headers=outsider)
        intake = await services.intake.get(
            f"/youths/{who}", headers=bearer("intake", gemeente=OUTSIDER)
        )
        answers[name] = (
            write.status_code, write.json(), write.headers.get("retry-after"),
            look.status_code, look.json(), intake.status_code, intake.json(),
        )  # fmt: skip
        answers[f"{name}-waited"] = took >= 2.5  # the same wait, so timing tells nothing either

    assert answers["known"] == answers["unknown"]
    assert answers["known"][0] == 404
    assert answers["known"][3] == 404
    assert answers["known"][5] == 404
    assert answers["known-waited"] == answers["unknown-waited"]


async def test_a_command_right_after_registration_waits_for_it(services):
    """Intake answered; the domain has not learnt the young person yet; it waits, then acts."""
    role, path, body, _read = FIRST["housing"]
    youth = await register(services.intake)
    answer = await services.housing.post(f"/youths/{youth}{path}", json=body, headers=bearer(role))
    assert answer.status_code == 201, answer.text


async def test_the_regisseur_reads_no_domain_directly(services):
    """Each domain's reads are for its own workers and the auditor."""
    youth = await register(services.intake)
    for domain, (role, path, body, read) in FIRST.items():
        client = client_of(services, domain)
        made = await client.post(f"/youths/{youth}{path}", json=body, headers=bearer(role))
        assert made.status_code == 201, made.text
        assert (
            await client.get(f"/youths/{youth}{read}", headers=bearer("regisseur"))
        ).status_code == 403
        assert (
            await client.get(f"/youths/{youth}{read}", headers=bearer("auditor"))
        ).status_code == 200
    # A list of young people is a read of personal data (pseudonyms): each is logged, the
    # regisseur's refused one included, with its own activity.
    for domain, http in DOMAINS.items():
        client = client_of(services, domain)
        refused = await client.get(http.listing, headers=bearer("regisseur"))
        assert refused.status_code == 403, (domain, refused.text)
        assert (await client.get(http.listing, headers=bearer(http.role))).status_code == 200
        log = await client.get("/processing-log", headers=bearer("auditor"))
        results = [e["result"] for e in log.json() if e["activity"] == http.listing_activity]
        assert results == ["geweigerd", "gelukt"], (domain, results)
    # The regisseur reads no figures of a domain either.
    assert (await services.coaching.get("/phases", headers=bearer("regisseur"))).status_code == 403


def director(sub: str) -> dict[str, str]:
    return bearer("regisseur", sub=sub)


async def test_a_regisseur_acts_only_for_their_own_young_people(services):
    """Not self-assigned, no coach for another's young person, no reading another's file."""
    youth = await register(services.intake)
    grab = await services.intake.post(
        f"/youths/{youth}/director", json={"director_id": "r-2", "from_on": DAY},
        headers=director("r-2"),
    )  # fmt: skip
    assigned = await services.intake.post(
        f"/youths/{youth}/director", json={"director_id": "r-1", "from_on": DAY}, headers=INTAKE
    )
    other_reads = await services.intake.get(f"/youths/{youth}", headers=director("r-2"))
    other_consents = await services.intake.post(
        f"/youths/{youth}/consents",
        json={"purpose": "tijdlijn_delen", "leefgebieden": ["financien"], "given_on": DAY},
        headers=director("r-2"),
    )
    own_reads = await services.intake.get(f"/youths/{youth}", headers=director("r-1"))
    listed = await services.intake.get("/youths", headers=director("r-2"))
    _role, path, body, _read = FIRST["coaching"]

    async def coach_by(sub: str):
        return await services.coaching.post(f"/youths/{youth}{path}", json=body,
                                            headers=director(sub))  # fmt: skip

    foreign_coach = await coach_by("r-2")
    own_coach = await eventually(
        lambda: coach_by("r-1"), lambda answer: answer.status_code == 201, within=15
    )
    handed_over = await services.intake.post(
        f"/youths/{youth}/director", json={"director_id": "r-3", "from_on": DAY},
        headers=director("r-1"),
    )  # fmt: skip

    assert grab.status_code == 403, grab.text
    assert assigned.status_code == 201, assigned.text
    assert other_reads.status_code == 403
    assert other_consents.status_code == 403
    assert own_reads.status_code == 200
    assert youth not in {y["youth_id"] for y in listed.json()["items"]}
    assert foreign_coach.status_code == 403
    assert own_coach.status_code == 201
    assert handed_over.status_code == 201, handed_over.text
