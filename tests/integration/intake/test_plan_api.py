"""`GET /youths/{id}/plan`: the one toekomstplan, for those who work with the young person.

Against the real servers: intake learns who is involved from the domains' topics (here a
housing or debts event published as the domain's relay would, or the coaching service itself).
"""

from __future__ import annotations

import contextlib
import uuid
from datetime import date, timedelta

import pytest

from services.coaching.bootstrap import create_app as create_coaching
from services.coaching.settings import CoachingSettings
from services.housing.bootstrap import create_app as create_housing
from services.housing.settings import HousingSettings
from services.intake.bootstrap import create_app as create_intake
from services.intake.settings import IntakeSettings
from shared.clock import FixedClock
from tests.support.apps import bearer, platform_settings, serve
from tests.support.cloudevents import Publisher
from tests.support.registrations import registered
from tests.support.waiting import eventually

TODAY = date.today().isoformat()
DIRECTOR = "regisseur-plan"
TEXTS = {
    "g-wonen": "Een eigen kamer voor de zomer.",
    "g-geld": "Mijn schulden op een rij, zonder deurwaarder.",
    "g-werk": "Een leerwerkplek bij een garage.",
    "g-zorg": "Weer goed slapen en minder piekeren.",
}
GOALS = [
    ("g-wonen", "wonen", "woonconsulent-3"),
    ("g-geld", "financien", "schuldhulp-2"),
    ("g-werk", "werk", "coach-7"),
    ("g-zorg", "psychische_gezondheid", "wijkteam-1"),
]


@pytest.fixture
async def intake(endpoints, topic_prefix):
    """Intake alone, with its relay and read model, isolated by schema, prefix and group."""
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    app = create_intake(
        settings,
        IntakeSettings(
            schema_name=f"{topic_prefix}_intake", summaries_group=f"{topic_prefix}-intake"
        ),
    )
    async with serve(app) as client:
        yield client


async def post(intake, path: str, body: dict, *roles: str, sub: str = "medewerker-1") -> None:
    answer = await intake.post(path, json=body, headers=bearer(*roles, sub=sub))
    assert answer.status_code in {200, 201}, answer.text


async def youth_with_a_plan(intake, *, exchange: list[str], timeline: list[str] = ()) -> str:
    """Registered, directed by DIRECTOR, with consents, and a plan of four goals reviewed once."""
    answer = await intake.post(
        "/youths",
        json={"gemeentecode": "0518", "programma": "jpf", "full_name": "Noor Plan",
              "date_of_birth": "2004-02-03"},
        headers=bearer("intake"),
    )  # fmt: skip
    assert answer.status_code == 201, answer.text
    youth = answer.json()["youth_id"]
    base = f"/youths/{youth}"
    await post(intake, f"{base}/director", {"director_id": DIRECTOR, "from_on": TODAY}, "intake")
    for purpose, domains in (("gegevens_uitwisselen", exchange), ("tijdlijn_delen", timeline)):
        if domains:
            body = {"purpose": purpose, "leefgebieden": domains, "given_on": TODAY}
            await post(intake, f"{base}/consents", body, "intake")
    goals = [{"goal_id": g, "leefgebied": d, "owner": o, "due_on": "2027-09-01"}
             for g, d, o in GOALS]  # fmt: skip
    plan = {"plan_id": "plan-1", "agreed_on": TODAY, "with_network": True, "goals": goals,
            "goal_texts": TEXTS}  # fmt: skip
    await post(intake, f"{base}/future-plan", plan, "regisseur", sub=DIRECTOR)
    review = {"plan_id": "plan-1", "statuses": {"g-wonen": "loopt", "g-geld": "bereikt"},
              "reviewed_on": TODAY}  # fmt: skip
    await post(intake, f"{base}/future-plan-reviews", review, "regisseur", sub=DIRECTOR)
    return youth


async def read(intake, youth: str, *roles: str, sub: str = "medewerker-1", gemeente="0518"):
    return await intake.get(
        f"/youths/{youth}/plan", headers=bearer(*roles, sub=sub, gemeente=gemeente)
    )


def texts_of(plan: dict) -> dict[str, str]:
    return {g["goal_id"]: g["text"] for area in plan["leefgebieden"] for g in area["goals"]}


def goal(plan: dict, goal_id: str) -> dict:
    return next(g for a in plan["leefgebieden"] for g in a["goals"] if g["goal_id"] == goal_id)


async def plan_reads(intake, youth: str, gemeente: str = "0518") -> list[dict]:
    """The plan's reads in the processing log of `gemeente` (each caller's own tenant)."""
    answer = await intake.get(
        "/processing-log", params={"youth_id": youth}, headers=bearer("auditor", gemeente=gemeente)
    )
    assert answer.status_code == 200, answer.text
    return [
        e for e in answer.json() if (e["activity"], e["action"]) == ("intake.toekomstplan", "lezen")
    ]


_publishers: dict[str, Publisher] = {}


async def publish(topic_prefix: str, endpoints, youth: str, *events: tuple[str, dict]) -> None:
    """Domain events as the domain's relay publishes them, for intake's involvement projection.

    One publisher per topic prefix, so a young person's stream versions follow on across calls.
    """
    publisher = _publishers.setdefault(
        topic_prefix, Publisher(endpoints.kafka_bootstrap, topic_prefix)
    )
    await publisher.publish(*(publisher.event(t, youth, data) for t, data in events))


async def test_the_director_reads_goals_reviews_and_only_the_texts_consent_covers(intake):
    """Exchange consent for werk opens werk; the timeline consent for wonen opens nothing."""
    youth = await youth_with_a_plan(intake, exchange=["werk"], timeline=["wonen", "financien"])
    answer = await read(intake, youth, "regisseur", sub=DIRECTOR)
    assert answer.status_code == 200, answer.text
    plan = answer.json()
    assert (plan["plan_id"], plan["agreed_on"], plan["with_network"]) == ("plan-1", TODAY, True)
    assert [a["leefgebied"] for a in plan["leefgebieden"]] == [
        "wonen", "financien", "werk", "psychische_gezondheid",
    ]  # fmt: skip
    assert texts_of(plan) == {"g-wonen": "afgeschermd", "g-geld": "afgeschermd",
                              "g-werk": TEXTS["g-werk"], "g-zorg": "afgeschermd"}  # fmt: skip
    wonen = goal(plan, "g-wonen")
    assert (wonen["owner"], wonen["due_on"], wonen["status"]) == (
        "woonconsulent-3", "2027-09-01", "loopt",
    )  # fmt: skip
    assert wonen["reviews"] == [{"reviewed_on": TODAY, "status": "loopt"}]
    assert (goal(plan, "g-werk")["status"], goal(plan, "g-werk")["reviews"]) == ("open", [])
    assert plan["reviews"] == [
        {"reviewed_on": TODAY, "statuses": {"g-wonen": "loopt", "g-geld": "bereikt"}}
    ]
    [entry] = await plan_reads(intake, youth)
    assert (entry["actor"], entry["actor_role"], entry["youth_id"], entry["result"]) == (
        DIRECTOR, "regisseur", youth, "gelukt",
    )  # fmt: skip
    assert entry["grondslag"] == "avg_6_1_a"  # a text opened on the young person's consent


async def test_a_woonconsulent_reads_while_housing_is_open_with_only_the_wonen_text(
    intake, endpoints, topic_prefix
):
    """Homelessness registered: wonen opens on their work, financien stays closed; ended: 404."""
    youth = await youth_with_a_plan(intake, exchange=["werk"])
    assert (await read(intake, youth, "woonconsulent")).status_code == 404
    registered_on = {"episode_id": str(uuid.uuid4()), "situation": "dakloos_straat",
                     "since": TODAY, "registered_on": TODAY, "first_week_due": TODAY,
                     "plan_due": TODAY}  # fmt: skip
    await publish(topic_prefix, endpoints, youth,
                  ("nl.regie.housing.homelessness-registered", registered_on))  # fmt: skip
    answer = await eventually(
        lambda: read(intake, youth, "woonconsulent"), lambda r: r.status_code == 200
    )
    shown = texts_of(answer.json())
    assert shown == {"g-wonen": TEXTS["g-wonen"], "g-geld": "afgeschermd",
                     "g-werk": TEXTS["g-werk"], "g-zorg": "afgeschermd"}  # fmt: skip
    ended = {"reason": "verhuisd", "ended_on": TODAY}
    await publish(topic_prefix, endpoints, youth, ("nl.regie.housing.housing-ended", ended))
    await eventually(lambda: read(intake, youth, "woonconsulent"), lambda r: r.status_code == 404)
    entries = await plan_reads(intake, youth)
    assert {e["result"] for e in entries} == {"gelukt", "geweigerd"}
    assert all(e["actor_role"] == "woonconsulent" for e in entries)
    assert next(e["grondslag"] for e in entries if e["result"] == "gelukt") == "avg_6_1_a"


async def test_an_inkomensconsulent_reads_while_a_benefit_is_open_with_the_financien_text(
    intake, endpoints, topic_prefix
):
    """Bijstand applied for: financien opens on their work, werk on consent; ended: 404 again."""
    youth = await youth_with_a_plan(intake, exchange=["werk"])
    before = await read(intake, youth, "inkomensconsulent")
    benefit = str(uuid.uuid4())
    await publish(topic_prefix, endpoints, youth, ("nl.regie.income.benefit-applied",
                  {"benefit_id": benefit, "regeling": "participatiewet_bijstand",
                   "applied_on": TODAY}))  # fmt: skip
    answer = await eventually(
        lambda: read(intake, youth, "inkomensconsulent"), lambda r: r.status_code == 200
    )
    await publish(topic_prefix, endpoints, youth, ("nl.regie.income.benefit-ended",
                  {"benefit_id": benefit, "reason": "werk", "ended_on": TODAY}))  # fmt: skip
    after = await eventually(
        lambda: read(intake, youth, "inkomensconsulent"), lambda r: r.status_code == 404
    )
    unknown = await read(intake, str(uuid.uuid4()), "regisseur", sub=DIRECTOR)
    assert (before.status_code, before.text) == (404, unknown.text)
    assert after.text == unknown.text
    shown = texts_of(answer.json())
    assert shown == {"g-wonen": "afgeschermd", "g-geld": TEXTS["g-geld"],
                     "g-werk": TEXTS["g-werk"], "g-zorg": "afgeschermd"}  # fmt: skip
    entries = await plan_reads(intake, youth)
    assert {e["result"] for e in entries} == {"gelukt", "geweigerd"}
    assert all((e["actor_role"], e["youth_id"]) == ("inkomensconsulent", youth) for e in entries)
    assert {e["grondslag"] for e in entries if e["result"] == "gelukt"} == {"avg_6_1_a"}


async def test_bijstand_is_a_trajectory_intake_counts_open_until_it_ends(
    intake, endpoints, topic_prefix
):
    """Bijstand opens income's trajectory, since its first paid day, until it ends that day.

    No destruction while on bijstand; the toekomstgesprek's criterion follows it, never refused.
    """
    youth = await youth_with_a_plan(intake, exchange=["werk"])
    enrolled = await intake.post(
        f"/youths/{youth}/enrolments", json={"programma": "toekomstgesprek", "start_on": TODAY},
        headers=bearer("intake"),
    )  # fmt: skip
    app = intake._transport.app
    query = (
        f"SELECT open, since FROM {app.state.schema}.youth_involvement"
        " WHERE youth_id = $1 AND domain = 'income'"
    )
    benefit, today = str(uuid.uuid4()), date.fromisoformat(TODAY)
    applied, paid = today - timedelta(days=800), today - timedelta(days=760)
    await publish(topic_prefix, endpoints, youth, ("nl.regie.income.benefit-applied",
                  {"benefit_id": benefit, "regeling": "participatiewet_bijstand",
                   "applied_on": applied.isoformat()}))  # fmt: skip
    opened = await eventually(lambda: app.state.pool.fetchrow(query, uuid.UUID(youth)), bool)
    await publish(topic_prefix, endpoints, youth, ("nl.regie.income.benefit-granted",
                  {"benefit_id": benefit, "norm": "alleenstaand", "cost_sharers": None,
                   "granted_on": paid.isoformat(), "from_on": paid.isoformat()}))  # fmt: skip
    granted = await eventually(
        lambda: app.state.pool.fetchrow(query, uuid.UUID(youth)), lambda r: r["since"] == paid
    )
    listed = await intake.get("/youths", headers=bearer("intake"))
    dossier = await intake.get(f"/youths/{youth}", headers=bearer("regisseur", sub=DIRECTOR))
    unmet = {"toekomstgesprek": "criterium_niet_voldaan"}
    while_met = await intake.get("/youths", params=unmet, headers=bearer("intake"))
    await publish(topic_prefix, endpoints, youth, ("nl.regie.income.benefit-ended",
                  {"benefit_id": benefit, "reason": "werk", "ended_on": TODAY}))  # fmt: skip
    closed = await eventually(
        lambda: app.state.pool.fetchrow(query, uuid.UUID(youth)), lambda r: not r["open"]
    )
    after_end = await intake.get("/youths", params=unmet, headers=bearer("intake"))
    assert (opened["open"], opened["since"], granted["open"]) == (True, applied, True)
    assert str(closed["since"]) == TODAY
    # Enrolled before income said anything: recorded, the criterion unknown.
    assert enrolled.status_code == 201, enrolled.text
    assert enrolled.json()["toekomstgesprek"] == {"bijstand_since": None, "criterion_met": None}
    [item] = listed.json()["items"]
    met = {"bijstand_since": paid.isoformat(), "criterion_met": True}
    assert (item["toekomstgesprek"], dossier.json()["toekomstgesprek"]) == (met, met)
    assert while_met.json()["items"] == []
    assert [i["toekomstgesprek"] for i in after_end.json()["items"]] == [
        {"bijstand_since": None, "criterion_met": False}
    ]


async def test_whoever_is_not_involved_gets_the_answer_for_a_young_person_not_there(intake):
    """Uninvolved woonconsulent, unassigned director, intake, another municipality: one 404."""
    youth = await youth_with_a_plan(intake, exchange=["wonen"])
    unknown = await read(intake, str(uuid.uuid4()), "regisseur", sub=DIRECTOR)
    refused = [
        await read(intake, youth, "woonconsulent"),
        await read(intake, youth, "schuldhulpverlener"),
        await read(intake, youth, "inkomensconsulent"),
        await read(intake, youth, "regisseur", sub="regisseur-ander"),
        await read(intake, youth, "intake"),
        await read(intake, youth, "regisseur", sub=DIRECTOR, gemeente="0268"),
        await read(intake, youth, "auditor", gemeente="0268"),
    ]
    assert [r.status_code for r in refused] == [404] * len(refused)
    assert {r.text for r in refused} == {unknown.text}
    assert all(TEXTS["g-wonen"] not in r.text for r in refused)
    entries = await plan_reads(intake, youth) + await plan_reads(intake, youth, "0268")
    assert len(entries) == len(refused)
    assert {e["result"] for e in entries} == {"geweigerd"}
    assert [e["tenant"] for e in entries] == ["0518"] * 5 + ["0268"] * 2


async def test_a_special_category_goal_opens_only_on_a_consent_naming_it(intake):
    """Consent for werk leaves the psychische_gezondheid goal closed; naming it opens it."""
    youth = await youth_with_a_plan(intake, exchange=["werk"])
    closed = (await read(intake, youth, "regisseur", sub=DIRECTOR)).json()
    assert goal(closed, "g-zorg")["text"] == "afgeschermd"
    assert goal(closed, "g-zorg")["text_open"] is False
    consent = {"purpose": "gegevens_uitwisselen", "given_on": TODAY,
               "leefgebieden": ["werk", "psychische_gezondheid"]}  # fmt: skip
    await post(intake, f"/youths/{youth}/consents", consent, "intake")
    opened = (await read(intake, youth, "regisseur", sub=DIRECTOR)).json()
    assert goal(opened, "g-zorg")["text"] == TEXTS["g-zorg"]
    assert [e["grondslag"] for e in await plan_reads(intake, youth)] == ["avg_6_1_a", "avg_9_2_a"]


async def test_an_auditor_sees_the_goals_and_after_erasure_every_text_reads_erased(intake):
    """The auditor: goals without texts; after erasure the director reads no text either."""
    youth = await youth_with_a_plan(intake, exchange=["werk", "wonen"])
    audited = (await read(intake, youth, "auditor")).json()
    assert set(texts_of(audited).values()) == {"afgeschermd"}
    assert goal(audited, "g-geld")["status"] == "bereikt"
    await post(intake, f"/youths/{youth}/erasure", {"reason": "verzoek_art17"}, "privacy_officer")
    erased = (await read(intake, youth, "regisseur", sub=DIRECTOR)).json()
    assert set(texts_of(erased).values()) == {"gegevens vernietigd"}
    assert goal(erased, "g-wonen")["status"] == "loopt"


@pytest.fixture
async def with_coaching(endpoints, topic_prefix, intake):
    """Intake and the coaching service on the same topics."""
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    coaching = create_coaching(
        settings,
        CoachingSettings(
            schema_name=f"{topic_prefix}_coaching",
            states_group=f"{topic_prefix}-coaching",
            policies_group=f"{topic_prefix}-coaching-policies",
        ),
    )
    async with contextlib.AsyncExitStack() as stack:
        yield intake, await stack.enter_async_context(serve(coaching))


async def test_a_coaching_goal_naming_a_plan_goal_shows_as_its_progress(with_coaching):
    """Coaching sets and achieves a goal for g-werk: the plan shows it; the coach now reads it."""
    intake, coaching = with_coaching
    youth = await youth_with_a_plan(intake, exchange=[])
    await registered(coaching, uuid.UUID(youth), director=DIRECTOR)
    coach = bearer("coach", sub="coach-7")
    steps = [
        ("/coaches", {"coach_id": "coach-7", "kind": "rodeloper_coach", "from_on": TODAY}),
        ("/goals", {"goal_id": "garage", "leefgebied": "werk", "set_on": TODAY,
                    "text": "Stage bij de garage", "plan_goal_id": "g-werk"}),
        ("/goal-achievements", {"goal_id": "garage", "achieved_on": TODAY}),
    ]  # fmt: skip
    for path, body in steps:
        answer = await coaching.post(f"/youths/{youth}{path}", json=body, headers=coach)
        assert answer.status_code == 201, answer.text
    bad = await coaching.post(f"/youths/{youth}/goals", headers=coach, json={
        "goal_id": "x", "leefgebied": "werk", "set_on": TODAY, "text": "x",
        "plan_goal_id": "Doel 1"})  # fmt: skip
    assert bad.status_code == 422
    assert "plan_goal_id" in bad.text

    def progressed(answer) -> bool:
        return (
            answer.status_code == 200
            and goal(answer.json(), "g-werk")["progress"] != []
            and (goal(answer.json(), "g-werk")["progress"][0]["status"] == "bereikt")
        )

    answer = await eventually(lambda: read(intake, youth, "coach", sub="coach-7"), progressed)
    plan = answer.json()
    assert goal(plan, "g-werk")["progress"] == [
        {"domain": "coaching", "item_id": "garage", "status": "bereikt", "status_on": TODAY}
    ]
    assert goal(plan, "g-wonen")["progress"] == []
    assert texts_of(plan)["g-werk"] == TEXTS["g-werk"]  # werk is the coach's own life domain
    assert texts_of(plan)["g-wonen"] == "afgeschermd"


async def test_a_debt_trajectory_serving_a_plan_goal_shows_its_progress_to_the_debt_worker(
    intake, endpoints, topic_prefix
):
    """Help requested for g-geld, then debt-free: the progress moves; financien is theirs."""
    youth = await youth_with_a_plan(intake, exchange=[])
    trajectory = str(uuid.uuid4())
    requested = {"trajectory_id": trajectory, "requested_on": TODAY, "crisis": False,
                 "first_conversation_due": TODAY, "plan_goal_id": "g-geld"}  # fmt: skip
    settled = {"trajectory_id": trajectory, "solution_kind": "schuldbemiddeling",
               "amount_settled": "enc:v1:x", "settled_on": TODAY}  # fmt: skip
    await publish(topic_prefix, endpoints, youth,
                  ("nl.regie.debts.debt-help-requested", requested),
                  ("nl.regie.debts.debts-settled", settled))  # fmt: skip

    def settled_shown(answer) -> bool:
        return answer.status_code == 200 and [
            p["status"] for p in goal(answer.json(), "g-geld")["progress"]
        ] == ["schuldenvrij"]

    answer = await eventually(lambda: read(intake, youth, "schuldhulpverlener"), settled_shown)
    plan = answer.json()
    assert goal(plan, "g-geld")["progress"] == [
        {"domain": "debts", "item_id": trajectory, "status": "schuldenvrij", "status_on": TODAY}
    ]
    assert texts_of(plan) == {"g-wonen": "afgeschermd", "g-geld": TEXTS["g-geld"],
                              "g-werk": "afgeschermd", "g-zorg": "afgeschermd"}  # fmt: skip
    assert [e["grondslag"] for e in await plan_reads(intake, youth)][-1] == "avg_6_1_e"


@pytest.fixture
async def with_housing(endpoints, topic_prefix, intake):
    """Intake and the housing service on the same topics."""
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    housing = create_housing(
        settings,
        HousingSettings(
            schema_name=f"{topic_prefix}_housing",
            situations_group=f"{topic_prefix}-housing",
            policies_group=f"{topic_prefix}-housing-policies",
            registrations_group=f"{topic_prefix}-housing-registrations",
            timers_in_app=False,
        ),
    )
    async with contextlib.AsyncExitStack() as stack:
        yield intake, await stack.enter_async_context(serve(housing))


async def test_a_housing_plan_naming_a_plan_goal_shows_as_its_progress(with_housing):
    """Housing agrees its plan for g-wonen, then houses them: the plan shows both, in order."""
    intake, housing = with_housing
    youth = await youth_with_a_plan(intake, exchange=[])
    await registered(housing, uuid.UUID(youth), director=DIRECTOR)
    consultant = bearer("woonconsulent", sub="woonconsulent-3")
    steps = [
        ("/homelessness", {"situation": "dakloos_straat", "since": TODAY,
                           "registered_on": TODAY}),
        ("/housing-plan", {"agreed_on": TODAY, "plan_goal_id": "g-wonen"}),
    ]  # fmt: skip
    for path, body in steps:
        answer = await housing.post(f"/youths/{youth}{path}", json=body, headers=consultant)
        assert answer.status_code == 201, answer.text

    def shown(status: str):
        def check(answer) -> bool:
            return answer.status_code == 200 and [
                p["status"] for p in goal(answer.json(), "g-wonen")["progress"]
            ] == [status]

        return check

    answer = await eventually(
        lambda: read(intake, youth, "woonconsulent", sub="woonconsulent-3"), shown("afgesproken")
    )
    assert goal(answer.json(), "g-wonen")["progress"] == [
        {"domain": "housing", "item_id": "woonplan", "status": "afgesproken", "status_on": TODAY}
    ]
    housed = {"form": "kamer", "tenure": "eigen_huurcontract", "from_on": TODAY,
              "address": "Kamerstraat 1, Den Haag"}  # fmt: skip
    answer = await housing.post(f"/youths/{youth}/housed", json=housed, headers=consultant)
    assert answer.status_code == 201, answer.text
    answer = await eventually(
        lambda: read(intake, youth, "woonconsulent", sub="woonconsulent-3"), shown("gehuisvest")
    )
    plan = answer.json()
    assert goal(plan, "g-wonen")["progress"] == [
        {"domain": "housing", "item_id": "woonplan", "status": "gehuisvest", "status_on": TODAY}
    ]
    assert [goal(plan, g)["progress"] for g in ("g-geld", "g-werk", "g-zorg")] == [[], [], []]
    assert texts_of(plan)["g-wonen"] == TEXTS["g-wonen"]  # wonen is the woonconsulent's own


async def test_a_consent_that_lapsed_by_the_day_of_reading_opens_nothing(intake):
    """Valid until tomorrow: open today and tomorrow; the app's clock a day later, closed."""
    youth = await youth_with_a_plan(intake, exchange=[])
    day = date.fromisoformat(TODAY)
    consent = {"purpose": "gegevens_uitwisselen", "leefgebieden": ["wonen"], "given_on": TODAY,
               "valid_until": (day + timedelta(days=1)).isoformat()}  # fmt: skip
    await post(intake, f"/youths/{youth}/consents", consent, "intake")
    app = intake._transport.app
    texts = []
    for days_on in (0, 1, 2):
        app.state.clock = FixedClock(day + timedelta(days=days_on))
        texts.append(goal((await read(intake, youth, "regisseur", sub=DIRECTOR)).json(), "g-wonen"))
    assert [t["text"] for t in texts] == [TEXTS["g-wonen"], TEXTS["g-wonen"], "afgeschermd"]
    assert [e["grondslag"] for e in await plan_reads(intake, youth)] == [
        "avg_6_1_a", "avg_6_1_a", "avg_6_1_e",
    ]  # fmt: skip


async def test_who_works_with_the_young_person_by_role_for_the_plans_readers_only(
    intake, endpoints, topic_prefix
):
    """A regisseur assigned and the open domains, no pseudonym; others the 404; logged."""
    youth = await youth_with_a_plan(intake, exchange=[])
    path = f"/youths/{youth}/betrokkenen"
    assert (await intake.get(path, headers=bearer("woonconsulent"))).status_code == 404
    registered_on = {"episode_id": str(uuid.uuid4()), "situation": "dakloos_straat",
                     "since": TODAY, "registered_on": TODAY, "first_week_due": TODAY,
                     "plan_due": TODAY}  # fmt: skip
    await publish(topic_prefix, endpoints, youth,
                  ("nl.regie.housing.homelessness-registered", registered_on))  # fmt: skip
    answer = await eventually(
        lambda: intake.get(path, headers=bearer("woonconsulent")), lambda r: r.status_code == 200
    )
    assert answer.json() == {"youth_id": youth, "director_assigned": True,
                             "domains": [{"domain": "housing", "since": TODAY}]}  # fmt: skip
    assert DIRECTOR not in answer.text
    other = bearer("regisseur", sub=DIRECTOR, gemeente="0363")
    assert (await intake.get(path, headers=other)).status_code == 404
    log = await intake.get("/processing-log", params={"youth_id": youth},
                           headers=bearer("auditor"))  # fmt: skip
    reads = [(e["actor_role"], e["grondslag"], e["result"]) for e in log.json()
             if e["activity"] == "intake.betrokkenen"]  # fmt: skip
    assert ("woonconsulent", "avg_6_1_e", "gelukt") in reads
    assert ("woonconsulent", "avg_6_1_e", "geweigerd") in reads
