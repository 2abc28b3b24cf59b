"""Every read or write of a young person's data leaves exactly one processing-log entry."""

from __future__ import annotations

from datetime import date

from tests.integration.intake.test_privacy import NAME, on_timeline, register
from tests.support.apps import bearer


async def entries(client, youth_id, gemeente="0518"):
    response = await client.get(
        "/processing-log",
        params={"youth_id": youth_id},
        headers=bearer("auditor", gemeente=gemeente),
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_each_read_of_a_youth_is_logged_once_with_actor_action_and_basis(platform):
    """Registration (aanmaken) and two reads (lezen): three entries, in order, chained."""
    intake, _, _ = platform
    youth_id = await register(intake)
    for _ in range(2):
        assert (
            await intake.get(f"/youths/{youth_id}", headers=bearer("intake"))
        ).status_code == 200
    logged = await entries(intake, youth_id)
    assert [(e["action"], e["result"]) for e in logged] == [
        ("aanmaken", "gelukt"),
        ("lezen", "gelukt"),
        ("lezen", "gelukt"),
    ]
    read = logged[1]
    assert (read["actor"], read["actor_role"], read["tenant"]) == ("medewerker-1", "intake", "0518")
    assert (read["grondslag"], read["activity"]) == ("pw", "intake.dossier")
    assert logged[2]["prev_hash"] == read["hash"]
    assert NAME not in str(logged)


async def test_forbidden_reads_are_logged_as_refused_and_return_no_data(platform):
    """A coach (wrong role) and another municipality are refused, and both attempts are logged."""
    intake, _, _ = platform
    youth_id = await register(intake)
    wrong_role = await intake.get(f"/youths/{youth_id}", headers=bearer("coach"))
    other_town = await intake.get(f"/youths/{youth_id}", headers=bearer("intake", gemeente="0268"))
    assert (wrong_role.status_code, other_town.status_code) == (403, 404)
    assert NAME not in wrong_role.text + other_town.text
    logged = await entries(intake, youth_id)
    assert [(e["action"], e["result"], e["actor_role"]) for e in logged] == [
        ("aanmaken", "gelukt", "intake"),
        ("lezen", "geweigerd", "coach"),
    ]
    # The attempt from Nijmegen is in Nijmegen's log, where its auditor answers for it.
    [attempt] = await entries(intake, youth_id, gemeente="0268")
    assert (attempt["action"], attempt["result"]) == ("lezen", "geweigerd")


async def test_timeline_reads_are_logged(platform):
    """The director's view of the timeline is a processing too, logged with the timeline."""
    intake, timeline, _ = platform
    youth_id = await register(intake)
    assigned = await intake.post(
        f"/youths/{youth_id}/director",
        json={"director_id": "medewerker-1", "from_on": date.today().isoformat()},
        headers=bearer("intake"),
    )
    assert assigned.status_code == 201, assigned.text
    await on_timeline(timeline, youth_id, 2)  # as the auditor: the assignment has arrived
    director = await timeline.get(f"/youths/{youth_id}/timeline", headers=bearer("regisseur"))
    assert director.status_code == 200
    logged = [e for e in await entries(timeline, youth_id) if e["actor_role"] == "regisseur"]
    assert logged
    assert {(e["action"], e["activity"], e["actor_role"]) for e in logged} == {
        ("lezen", "timeline.inzien", "regisseur")
    }
    assert logged[-1]["result"] == "gelukt"


async def test_processing_log_is_for_auditors_and_exports_vng_field_names(platform):
    """Domain workers cannot read it; auditors get it in the VNG Verwerkingenlogging shape."""
    intake, _, _ = platform
    youth_id = await register(intake)
    denied = await intake.get("/processing-log", headers=bearer("intake"))
    vng = await intake.get(
        "/processing-log",
        params={"youth_id": youth_id, "format": "vng"},
        headers=bearer("auditor"),
    )
    assert denied.status_code == 403
    [action] = vng.json()["verwerkingsacties"]
    assert action["actieNaam"] == "Aanmaken"
    assert action["verwerkteObjecten"][0]["objectId"] == youth_id
    assert {"handelingNaam", "verwerkingsactiviteitId", "tijdstip", "uitvoerder"} <= set(action)


async def test_auditors_read_but_cannot_give_commands(platform):
    """An auditor may not register or erase; both refusals are logged as such."""
    intake, _, _ = platform
    youth_id = await register(intake)
    register_attempt = await intake.post(
        "/youths",
        json={
            "gemeentecode": "0518",
            "programma": "jpf",
            "full_name": "X",
            "date_of_birth": "2004-01-01",
        },
        headers=bearer("auditor"),
    )
    erase_attempt = await intake.post(
        f"/youths/{youth_id}/erasure", json={"reason": "verzoek_art17"}, headers=bearer("auditor")
    )
    assert (register_attempt.status_code, erase_attempt.status_code) == (403, 403)
    logged = await entries(intake, youth_id)
    assert [(e["action"], e["result"]) for e in logged] == [
        ("aanmaken", "gelukt"),
        ("vernietigen", "geweigerd"),
    ]
