"""The income service over HTTP, against the real servers, down to the CloudEvents on Kafka.

One app for the module (its own schema, topic prefix and groups); each test works in its own
municipality, so the lists and counts it asserts are its own.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from services.income.bootstrap import create_app
from services.income.demo import STORIES as DEMO
from services.income.settings import IncomeSettings
from shared.devstack.seeding import WaitFor
from shared.envelope import CloudEvent
from tests.support.apps import bearer, platform_settings, serve
from tests.support.kafka import json_values, read_records
from tests.support.registrations import registered
from tests.support.waiting import eventually

TODAY = date.today()
PREFIX = f"t{uuid.uuid4().hex[:10]}"


def day(ago: int) -> str:
    return (TODAY - timedelta(days=ago)).isoformat()


@pytest.fixture(scope="module")
async def income(endpoints):
    """The income service, served once for the module's tests."""
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": PREFIX})
    app = create_app(
        settings,
        IncomeSettings(
            schema_name=f"{PREFIX}_income",
            benefits_group=f"{PREFIX}-income",
            policies_group=f"{PREFIX}-income-policies",
            registrations_group=f"{PREFIX}-income-registrations",
        ),
    )
    async with serve(app) as client:
        yield client


async def walk(client, youth, gemeente: str, steps) -> None:
    """Give each step as the income consultant of `gemeente`; every one must be accepted."""
    headers = bearer("inkomensconsulent", gemeente=gemeente)
    for path, body in steps:
        answer = await client.post(f"/youths/{youth}{path}", json=body, headers=headers)
        assert answer.status_code == 201, (path, answer.text)


def per_status(shares) -> dict[str, int]:
    """The distribution's counts summed over the norms."""
    counted: dict[str, int] = {}
    for share in shares:
        counted[share["status"]] = counted.get(share["status"], 0) + share["count"]
    return counted


def on_bijstand(since: int, norm: str = "alleenstaand", sharers: int | None = None):
    """Applied, search period waived, granted from `since` days ago."""
    return [
        ("/benefit-applications", {"applied_on": day(since)}),
        ("/search-period-waiver", {"reason": "dakloosheid", "waived_on": day(since)}),
        ("/benefit-grant", {"norm": norm, "cost_sharers": sharers, "monthly_amount": 1100,
                            "granted_on": day(since), "from_on": day(since)}),
    ]  # fmt: skip


async def test_a_benefit_from_application_to_work_with_amounts_sealed_on_the_topic(
    income, endpoints
):
    """Search period in the way, then granted, suspended, resumed, ended for work; no euro clear."""
    consultant, gemeente = bearer("inkomensconsulent", gemeente="0518"), "0518"
    youth = str(await registered(income, gemeente=gemeente))
    # Started 20 days ago, the period runs eight days more (one started over four weeks ago
    # would be ended at once by its timer, services/income/timers.py).
    await walk(income, youth, gemeente, [
        ("/benefit-applications", {"applied_on": day(60)}),
        ("/search-period", {"started_on": day(20)}),
    ])  # fmt: skip
    grant = {"norm": "kostendeler", "cost_sharers": 2, "monthly_amount": 1234,
             "granted_on": day(18), "from_on": day(19)}  # fmt: skip
    early = await income.post(f"/youths/{youth}/benefit-grant", json=grant, headers=consultant)
    klantmanager = await income.post(
        f"/youths/{youth}/search-period-end", json={"ended_on": day(19)},
        headers=bearer("klantmanager"),
    )  # fmt: skip
    await walk(income, youth, gemeente, [
        ("/benefit-grant", grant),
        ("/benefit-suspension", {"reason": "inlichtingen_ontbreken", "suspended_on": day(16)}),
        ("/benefit-resumption", {"resumed_on": day(15)}),
        ("/allowance-applications", {"kind": "huurtoeslag", "applied_on": day(14)}),
        ("/allowance-grant", {"kind": "huurtoeslag", "monthly_amount": 321, "granted_on": day(7)}),
        ("/income-from-work", {"amount": 987, "received_on": day(3)}),
        ("/benefit-end", {"reason": "werk", "ended_on": day(1)}),
    ])  # fmt: skip
    assert (early.status_code, klantmanager.status_code) == (409, 201), early.text
    assert "zoektermijn" in early.json()["detail"]["nl"]

    path = f"/youths/{youth}/income"
    shown = (await income.get(path, headers=consultant)).json()
    audited = (await income.get(path, headers=bearer("auditor"))).json()
    assert (shown["status"], shown["end_reason"], shown["search"]) == ("beeindigd", "werk",
                                                                       "beeindigd")  # fmt: skip
    assert (shown["norm"], shown["cost_sharers"]) == ("kostendeler", 2)
    assert shown["amounts"] == {"benefit_monthly": 1234, "allowances_monthly": {"huurtoeslag": 321},
                                "last_income_from_work": 987}  # fmt: skip
    assert (audited["status"], audited["amounts"]) == ("beeindigd", None)

    records = await read_records(endpoints.kafka_bootstrap, f"{PREFIX}.income.events", at_least=10)
    mine = [r for r in records if r.key == youth.encode()]
    events = [CloudEvent.model_validate_json(r.value) for r in mine]
    assert [e.type.removeprefix("nl.regie.income.") for e in events] == [
        "benefit-applied", "search-period-started", "search-period-ended", "benefit-granted",
        "benefit-suspended.v2", "benefit-resumed", "allowance-applied", "allowance-granted",
        "income-from-work-recorded", "benefit-ended.v2",
    ]  # fmt: skip
    assert {(e.leefgebied, e.grondslag) for e in events} == {("financien", "pw")}
    clear = {v for e in events for v in json_values(e.data)}
    assert not {1234, 321, 987} & clear
    granted = next(e for e in events if e.type.endswith(".benefit-granted"))
    assert str(granted.data["monthly_amount"]).startswith("enc:v1:")
    # The exact reason of a suspension or end is sealed (detention would be criminal-law data).
    ended = next(e for e in events if ".benefit-ended" in e.type)
    assert (ended.data["reason"], ended.data["exact_reason"][:7]) == ("werk", "enc:v1:")


async def test_the_toekomstgesprek_selection_and_the_distribution_count_exactly(income):
    """Over two years on bijstand: one of four; per situation and norm: exact for the auditor."""
    gemeente, consultant = "0599", bearer("inkomensconsulent", gemeente="0599")
    short, long_, worked, waiting = [
        str(await registered(income, gemeente=gemeente)) for _ in range(4)
    ]
    await walk(income, short, gemeente, on_bijstand(92))  # three months
    await walk(income, long_, gemeente, on_bijstand(913, "kostendeler", 1))  # two and a half years
    await walk(income, worked, gemeente, [
        *on_bijstand(1100), ("/benefit-end", {"reason": "werk", "ended_on": day(200)}),
    ])  # fmt: skip
    await walk(income, waiting, gemeente, [("/benefit-applications", {"applied_on": day(2)})])

    counted = await eventually(
        lambda: income.get("/benefits/distribution", headers=bearer("auditor", gemeente=gemeente)),
        lambda r: sum(s["count"] for s in r.json()) == 4,
        5,
    )
    protected = await income.get("/benefits/distribution", headers=consultant)
    selected = await income.get("/benefits", params={"longer_than": "P2Y"}, headers=consultant)
    everyone = await income.get("/benefits", headers=bearer("klantmanager", gemeente=gemeente))
    elsewhere = await income.get("/benefits", headers=bearer("inkomensconsulent"))
    assert [b["youth_id"] for b in selected.json()] == [long_]
    assert selected.json()[0]["months_on_benefit"] == 30
    assert [b["youth_id"] for b in everyone.json()] == [long_, short]
    assert {b["youth_id"] for b in elsewhere.json()} & {short, long_} == set()
    assert counted.json() == [
        {"status": "aangevraagd", "norm": None, "count": 1},
        {"status": "beeindigd", "norm": "alleenstaand", "count": 1},
        {"status": "lopend", "norm": "alleenstaand", "count": 1},
        {"status": "lopend", "norm": "kostendeler", "count": 1},
    ]
    # Anyone but the auditor reads small counts protected.
    assert [s["count"] for s in protected.json()] == ["<5"] * 4
    for bad in ("2 jaar", "P", "PT2H", "P99999Y"):
        refused = await income.get("/benefits", params={"longer_than": bad}, headers=consultant)
        assert refused.status_code == 422, (bad, refused.text)
        assert refused.json()["detail"][0]["loc"] == ["query", "longer_than"]


async def test_what_the_inkomensconsulent_and_the_klantmanager_may_not_do(income):
    """The klantmanager decides nothing; a coach or regisseur reads no income; nor another town."""
    youth = str(await registered(income))
    await walk(income, youth, "0518", [("/benefit-applications", {"applied_on": day(5)})])
    grant = {"norm": "alleenstaand", "monthly_amount": 900, "granted_on": day(1),
             "from_on": day(1)}  # fmt: skip
    by_klantmanager = await income.post(
        f"/youths/{youth}/benefit-grant", json=grant, headers=bearer("klantmanager")
    )
    read = f"/youths/{youth}/income"
    coach = await income.get(read, headers=bearer("coach"))
    regisseur = await income.get(read, headers=bearer("regisseur"))
    auditor_writes = await income.post(
        f"/youths/{youth}/benefit-end", json={"reason": "werk", "ended_on": day(0)},
        headers=bearer("auditor"),
    )  # fmt: skip
    other_town = await income.get(read, headers=bearer("inkomensconsulent", gemeente="0363"))
    assert [a.status_code for a in (by_klantmanager, coach, regisseur, auditor_writes)] == [403] * 4
    assert other_town.status_code == 404


async def test_the_bijstand_report_counts_inflow_outflow_by_reason_long_term_and_allowances(income):
    """Five young people in a town of their own: exact for the auditor, protected for policy."""
    gemeente = "0344"
    worked, long_, recent, studied, waiting = [
        str(await registered(income, gemeente=gemeente)) for _ in range(5)
    ]
    await walk(income, worked, gemeente, [
        *on_bijstand(1100), ("/benefit-end", {"reason": "werk", "ended_on": day(200)}),
    ])  # fmt: skip
    await walk(income, long_, gemeente, on_bijstand(913, "kostendeler", 2))
    await walk(income, recent, gemeente, [
        *on_bijstand(92),
        ("/allowance-applications", {"kind": "huurtoeslag", "applied_on": day(60)}),
        ("/allowance-grant", {"kind": "huurtoeslag", "monthly_amount": 300,
                              "granted_on": day(30)}),
    ])  # fmt: skip
    await walk(income, studied, gemeente, [
        *on_bijstand(150), ("/benefit-end", {"reason": "opleiding", "ended_on": day(20)}),
    ])  # fmt: skip
    await walk(income, waiting, gemeente, [("/benefit-applications", {"applied_on": day(1)})])

    first = TODAY.replace(day=1) - timedelta(days=300)
    period = {"from": first.strftime("%Y-%m"), "until": TODAY.strftime("%Y-%m")}
    auditor = bearer("auditor", gemeente=gemeente)
    # Each young person's events are in order on their partition, not across: wait for every
    # one's last benefit step, then for the allowance.
    await eventually(
        lambda: income.get("/benefits/distribution", headers=auditor),
        lambda r: per_status(r.json()) == {"beeindigd": 2, "lopend": 2, "aangevraagd": 1},
        30,
    )
    report = await eventually(
        lambda: income.get("/reports/bijstand", params=period, headers=auditor),
        lambda r: r.status_code == 200 and r.json()["allowances_granted"],
        30,
    )
    refused = await income.get(
        "/reports/bijstand", params=period, headers=bearer("inkomensconsulent", gemeente=gemeente)
    )
    policy = await income.get(
        "/reports/bijstand", params=period, headers=bearer("beleidsmedewerker", gemeente=gemeente)
    )
    bad = await income.get(
        "/reports/bijstand", params={"from": "2026-13", "until": "2026-12"}, headers=auditor
    )
    figures = report.json()
    assert (figures["inflow"], figures["outflow"]) == (2, 2)
    assert figures["outflow_by_reason"] == {"opleiding": 1, "werk": 1}
    assert (figures["on_bijstand_at_end"], figures["long_term_at_end"]) == (2, 1)
    assert figures["allowances_granted"] == {"huurtoeslag": 1}
    assert (refused.status_code, bad.status_code) == (403, 422)
    shown = policy.json()  # every count here is from 1 to 4: each reads "<5"
    assert (shown["inflow"], shown["outflow"], shown["outflow_by_reason"]) == (
        "<5", "<5", {"opleiding": "<5", "werk": "<5"},
    )  # fmt: skip
    assert (shown["on_bijstand_at_end"], shown["long_term_at_end"]) == ("<5", "<5")
    assert (shown["allowances_granted"], figures["suppression"]) == ({"huurtoeslag": "<5"}, None)
    assert bad.json()["detail"][0]["loc"] == ["query", "from"]


async def told(client, youth: str, gemeente: str, steps) -> None:
    """A demo story's steps as the seeder sends them, waiting where it waits (WaitFor)."""
    for step in steps:
        if isinstance(step, WaitFor):
            await waited(client, youth, gemeente, step)
        else:
            await walk(client, youth, gemeente, [step])


async def waited(client, youth: str, gemeente: str, wait: WaitFor) -> None:
    """Until the young person's `wait.path` shows `wait.field` as `wait.value`."""
    headers = bearer(wait.role, gemeente=gemeente)
    await eventually(
        lambda: client.get(f"/youths/{youth}{wait.path}", headers=headers),
        lambda r: r.status_code == 200 and r.json()[wait.field] == wait.value,
        30,
    )


async def test_the_demo_data_gives_the_toekomstgesprek_selection_and_the_outflow_exactly(income):
    """The income stories of `make run` (services/income/demo.py), in a town of their own.

    Three months on bijstand, two and a half years as a kostendeler, one ended for work: the
    selection finds only the second, and the report of the last four months or so counts the
    first one's inflow, the third's outflow for work, two on bijstand of whom one long-term,
    and the first one's zorgtoeslag (the second's huurtoeslag was refused).
    """
    gemeente = "0453"
    consultant, auditor = (bearer(r, gemeente=gemeente) for r in ("inkomensconsulent", "auditor"))
    stories = [steps for told_in in DEMO.values() for _label, steps in told_in]
    youths = [str(await registered(income, gemeente=gemeente)) for _ in stories]
    for youth, steps in zip(youths, stories, strict=True):
        await told(income, youth, gemeente, steps)
    three_months, long_term, ended_for_work = youths

    selected = await eventually(
        lambda: income.get("/benefits", params={"longer_than": "P2Y"}, headers=consultant),
        lambda r: r.status_code == 200 and len(r.json()) >= 1,
        30,
    )
    [only] = selected.json()
    assert (only["youth_id"], only["norm"], only["cost_sharers"]) == (long_term, "kostendeler", 2)
    assert only["months_on_benefit"] == 30

    first = TODAY.replace(day=1) - timedelta(days=120)
    period = {"from": first.strftime("%Y-%m"), "until": TODAY.strftime("%Y-%m")}
    report = await eventually(
        lambda: income.get("/reports/bijstand", params=period, headers=auditor),
        lambda r: (
            r.status_code == 200 and r.json()["outflow"] == 1 and r.json()["allowances_granted"]
        ),
        30,
    )
    figures = report.json()
    assert (figures["inflow"], figures["outflow"], figures["outflow_by_reason"]) == (
        1, 1, {"werk": 1},
    )  # fmt: skip
    assert (figures["on_bijstand_at_end"], figures["long_term_at_end"]) == (2, 1)
    assert figures["allowances_granted"] == {"zorgtoeslag": 1}
    shown = await income.get(f"/youths/{ended_for_work}/income", headers=consultant)
    assert (shown.json()["status"], shown.json()["end_reason"]) == ("beeindigd", "werk")
    assert three_months != ended_for_work
