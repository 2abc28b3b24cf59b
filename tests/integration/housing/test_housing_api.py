"""The housing service over HTTP, against the real servers, down to the CloudEvents on Kafka."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import date, timedelta

import pytest

from services.housing.bootstrap import MIGRATIONS, create_app
from services.housing.projections.situations import HousingSituations
from services.housing.settings import HousingSettings
from shared.envelope import CloudEvent
from shared.migrations import directory_migrations, migrate
from shared.projection import ProjectionRunner, inbox_migrations
from tests.support.apps import bearer, platform_settings, serve
from tests.support.kafka import json_values, read_records
from tests.support.registrations import registered
from tests.support.waiting import eventually

TODAY = date.today()
CONSULTANT = bearer("woonconsulent")
BRIEFADRES = "Postbus 123, Den Haag"
HOME = "Kamerstraat 7, Den Haag"


def day(ago: int) -> str:
    return (TODAY - timedelta(days=ago)).isoformat()


@pytest.fixture
async def housing(endpoints, topic_prefix):
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    app = create_app(
        settings,
        HousingSettings(
            schema_name=f"{topic_prefix}_housing",
            situations_group=f"{topic_prefix}-housing",
            policies_group=f"{topic_prefix}-housing-policies",
            # The deadlines of a registration two weeks ago are due at once: a worker recording
            # them between two steps would make a step a 409 (a concurrent change). The timers
            # have their own tests (test_timers.py).
            timers_in_app=False,
        ),
    )
    async with serve(app) as client:
        yield client


async def post(client, youth, path, body):
    return await client.post(f"/youths/{youth}{path}", json=body, headers=CONSULTANT)


async def test_from_the_street_to_housed_with_allowance_and_eviction_prevented(
    housing, endpoints, topic_prefix
):
    """Every step accepted in order; Housed closes the shelter stay; no address on Kafka."""
    youth = str(await registered(housing))
    steps = [
        ("/homelessness", {"situation": "dakloos_straat", "since": day(20),
                           "registered_on": day(14)}),
        ("/postal-address", {"address": BRIEFADRES, "arranged_on": day(12)}),
        ("/shelter-admissions", {"shelter_type": "jongerenopvang", "admitted_on": day(12)}),
        ("/housing-plan", {"agreed_on": day(10)}),
        ("/housing-registration", {"registered_on": day(10)}),
        ("/housing-allowances", {"monthly_amount": 275, "from_on": day(3), "until_on": day(-180)}),
        ("/accommodation-offers", {"form": "kamer", "offered_on": day(6), "accepted": False}),
        ("/accommodation-offers", {"form": "kamers_met_aandacht", "offered_on": day(4),
                                   "accepted": True}),
        ("/housed", {"form": "kamers_met_aandacht", "tenure": "via_stichting", "from_on": day(3),
                     "address": HOME}),
        ("/eviction-threats", {"reason": "huurachterstand", "signalled_on": day(1)}),
        ("/eviction-prevention", {"how": "betalingsregeling", "prevented_on": day(0)}),
    ]  # fmt: skip
    answers = [await post(housing, youth, path, body) for path, body in steps]
    assert [a.status_code for a in answers] == [201] * len(steps), [a.text for a in answers]

    shown = (await housing.get(f"/youths/{youth}/housing", headers=CONSULTANT)).json()
    assert (shown["status"], shown["housed"], shown["in_shelter"]) == ("gehuisvest", True, False)
    assert shown["eviction_stage"] == "voorkomen"
    assert shown["addresses"] == {"briefadres": BRIEFADRES, "woonadres": HOME}
    director = (await housing.get(f"/youths/{youth}/housing", headers=bearer("auditor"))).json()
    assert director["addresses"] is None

    records = await read_records(
        endpoints.kafka_bootstrap, f"{topic_prefix}.housing.events", at_least=12
    )
    events = [CloudEvent.model_validate_json(r.value) for r in records if r.key == youth.encode()]
    types = [e.type.removeprefix("nl.regie.housing.") for e in events]
    assert types[types.index("shelter-admitted") + 1 :].count("shelter-left") == 1
    assert types.index("shelter-left") < types.index("housed")
    assert all(e.leefgebied == "wonen" for e in events)
    assert {e.grondslag for e in events} == {"wmo", "pw"}
    raw = b" ".join(r.value for r in records if r.key == youth.encode()).decode()
    for secret in (BRIEFADRES, HOME, "Kamerstraat"):
        assert secret not in raw
    assert 275 not in {v for e in events for v in json_values(e.data)}
    housed = next(e for e in events if e.type.endswith(".housed"))
    assert housed.data["days_homeless"] == 17  # from 20 days ago to 3 days ago


async def test_rules_refuse_a_second_stay_an_eviction_out_of_order_and_overlapping_allowances(
    housing,
):
    """One open shelter stay at a time; eviction steps in order; allowance periods apart."""
    youth = str(await registered(housing))
    await post(
        housing,
        youth,
        "/homelessness",
        {"situation": "nachtopvang", "since": day(3), "registered_on": day(2)},
    )
    await post(
        housing,
        youth,
        "/shelter-admissions",
        {"shelter_type": "nachtopvang", "admitted_on": day(2)},
    )
    second = await post(
        housing,
        youth,
        "/shelter-admissions",
        {"shelter_type": "crisisopvang", "admitted_on": day(1)},
    )
    prevent = await post(
        housing, youth, "/eviction-prevention", {"how": "tweede_kans", "prevented_on": day(0)}
    )
    await post(
        housing,
        youth,
        "/housing-allowances",
        {"monthly_amount": 200, "from_on": day(10), "until_on": day(-20)},
    )
    overlap = await post(
        housing,
        youth,
        "/housing-allowances",
        {"monthly_amount": 200, "from_on": day(0), "until_on": day(-40)},
    )
    later = await post(
        housing,
        youth,
        "/housing-allowances",
        {"monthly_amount": 200, "from_on": day(-50), "until_on": day(-80)},
    )
    assert second.status_code == 409
    assert second.json()["detail"]["en"]
    assert prevent.status_code == 404
    assert overlap.status_code == 422
    assert overlap.json()["detail"][0]["loc"] == ["body", "from_on"]
    assert later.status_code == 201


async def test_homeless_list_shows_days_and_missed_deadlines_and_rebuilds_equal(
    housing, endpoints, topic_prefix, pool
):
    """Ten days without roof or briefadres breaks the first week; the read model rebuilds."""
    late, sheltered = str(await registered(housing)), str(await registered(housing))
    await post(
        housing,
        late,
        "/homelessness",
        {"situation": "thuisloos_bankslapen", "since": day(15), "registered_on": day(10)},
    )
    await post(
        housing,
        sheltered,
        "/homelessness",
        {"situation": "dakloos_straat", "since": day(2), "registered_on": day(2)},
    )
    await post(
        housing,
        sheltered,
        "/shelter-admissions",
        {"shelter_type": "crisisopvang", "admitted_on": day(2)},
    )
    listed = await eventually(
        lambda: housing.get("/homeless", headers=CONSULTANT),
        lambda r: r.status_code == 200 and len(r.json()) == 2 and r.json()[1]["shelter_type"],
    )
    by_youth = {item["youth_id"]: item for item in listed.json()}
    assert by_youth[late]["days_homeless"] == 15
    assert set(by_youth[late]["breaches"]) == {"eerste_week_dak", "eerste_week_briefadres"}
    assert (by_youth[sheltered]["status"], by_youth[sheltered]["breaches"]) == ("in_opvang", [])

    live_schema, rebuilt = f"{topic_prefix}_housing", f"{topic_prefix}_housing_rebuilt"
    async with pool.acquire() as conn:
        await migrate(conn, rebuilt, [*inbox_migrations(), *directory_migrations(MIGRATIONS)])
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    runner = ProjectionRunner(
        pool, settings, HousingSituations(rebuilt, f"{topic_prefix}-rebuild"), schema=rebuilt,
        topics=[f"{topic_prefix}.housing.events"],
    )  # fmt: skip
    query = "SELECT * FROM {}.housing_situations ORDER BY youth_id"
    live = [dict(r) for r in await pool.fetch(query.format(live_schema))]
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    try:
        await eventually(
            lambda: pool.fetch(query.format(rebuilt)),
            lambda rows: [dict(r) for r in rows] == live,
        )
    finally:
        stop.set()
        with contextlib.suppress(Exception):
            await task
