"""`GET /youths/names`: a page of names in one request, only for who may see them, logged."""

from __future__ import annotations

import uuid
from datetime import date

from services.intake.domain.ages import age_on
from services.intake.entrypoints.names_api import MAX_IDS
from tests.support.apps import bearer

DIRECTOR = "regisseur-namen"


async def registered(intake, name: str, director: str | None = None) -> str:
    response = await intake.post(
        "/youths",
        json={"gemeentecode": "0518", "programma": "jpf", "full_name": name,
              "date_of_birth": "2004-02-03"},
        headers=bearer("intake"),
    )  # fmt: skip
    assert response.status_code == 201, response.text
    youth_id = response.json()["youth_id"]
    if director is not None:
        assigned = await intake.post(
            f"/youths/{youth_id}/director",
            json={"director_id": director, "from_on": "2025-01-06"},
            headers=bearer("intake"),
        )
        assert assigned.status_code in {200, 201}, assigned.text
    return youth_id


async def names(intake, ids, *roles, gemeente="0518", sub="medewerker-1"):
    return await intake.get(
        "/youths/names",
        params=[("ids", i) for i in ids],
        headers=bearer(*roles, gemeente=gemeente, sub=sub),
    )


async def log_of(intake, youth_id):
    response = await intake.get(
        "/processing-log", params={"youth_id": youth_id}, headers=bearer("auditor")
    )
    assert response.status_code == 200, response.text
    return [e for e in response.json() if e["activity"] == "intake.namen"]


async def test_intake_gets_every_name_of_the_page_in_one_request(platform):
    """Names of all asked-for young people of the municipality; an unknown id is left out."""
    intake, _, _ = platform
    first = await registered(intake, "Anna Eerste")
    second = await registered(intake, "Bram Tweede", director=DIRECTOR)
    unknown = str(uuid.uuid4())
    response = await names(intake, [first, second, unknown, first], "intake")
    assert response.status_code == 200, response.text
    age = age_on(date(2004, 2, 3), date.today())  # whole years today, never the birth date
    assert response.json() == {
        "names": {first: "Anna Eerste", second: "Bram Tweede"},
        "ages": {first: age, second: age},
    }


async def test_a_director_gets_only_the_names_of_their_own_young_people(platform):
    """Another director's young person is left out, as one not there: no oracle."""
    intake, _, _ = platform
    mine = await registered(intake, "Cas Eigen", director=DIRECTOR)
    theirs = await registered(intake, "Dewi Ander", director="regisseur-ander")
    response = await names(intake, [mine, theirs], "regisseur", sub=DIRECTOR)
    assert response.status_code == 200, response.text
    assert response.json()["names"] == {mine: "Cas Eigen"}
    assert set(response.json()["ages"]) == {mine}


async def test_other_roles_are_refused_and_another_municipality_learns_nothing(platform):
    """Auditor and coach: 403 (no names for them); intake of 0268: an empty answer."""
    intake, _, _ = platform
    youth_id = await registered(intake, "Eva Gemeente", director=DIRECTOR)
    refused = [(await names(intake, [youth_id], role)).status_code for role in ("auditor", "coach")]
    assert refused == [403, 403]
    elsewhere = await names(intake, [youth_id], "intake", gemeente="0268")
    assert (elsewhere.status_code, elsewhere.json()) == (200, {"names": {}, "ages": {}})
    assert "Eva" not in elsewhere.text


async def test_a_page_is_bounded_and_ids_must_be_ids(platform):
    """More than MAX_IDS, none at all or a malformed id: 422 naming the field."""
    intake, _, _ = platform
    too_many = await names(intake, [str(uuid.uuid4()) for _ in range(MAX_IDS + 1)], "intake")
    none = await intake.get("/youths/names", headers=bearer("intake"))
    malformed = await names(intake, ["not-an-id"], "intake")
    assert [too_many.status_code, none.status_code, malformed.status_code] == [422, 422, 422]
    assert "ids" in too_many.text
    exactly = await names(intake, [str(uuid.uuid4()) for _ in range(MAX_IDS)], "intake")
    assert exactly.status_code == 200, exactly.text


async def test_each_name_shown_is_logged_in_its_young_persons_chain(platform):
    """One `intake.namen` entry per young person named; none for one left out."""
    intake, _, _ = platform
    mine = await registered(intake, "Fien Gelogd", director=DIRECTOR)
    theirs = await registered(intake, "Gijs Niet", director="regisseur-ander")
    response = await names(intake, [mine, theirs], "regisseur", sub=DIRECTOR)
    assert response.status_code == 200, response.text
    [entry] = await log_of(intake, mine)
    assert (entry["action"], entry["result"], entry["actor"], entry["actor_role"]) == (
        "lezen", "gelukt", DIRECTOR, "regisseur",
    )  # fmt: skip
    assert (entry["grondslag"], entry["tenant"], entry["path"]) == ("pw", "0518", "/youths/names")
    assert await log_of(intake, theirs) == []
    assert "Fien" not in str(entry)
