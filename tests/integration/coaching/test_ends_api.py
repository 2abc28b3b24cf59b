"""The end of what coaching started, over HTTP against the real servers (issue 19, 42fb4a7).

`/work-end`, `/education-completion` and `/education-drop-out`: recorded and published with
the kind or level of what ended; a bad or future date is a 422 naming the field in Dutch and
English; a role that does not coach is refused. Apart from test_coaching_api.py, so these
routes have a module of their own to grow in.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.coaching.bootstrap import create_app
from services.coaching.settings import CoachingSettings
from shared.auth.dependencies import ROLE_MISSING
from shared.envelope import CloudEvent
from tests.support.apps import bearer, platform_settings, serve
from tests.support.kafka import read_records
from tests.support.registrations import registered
from tests.support.waiting import eventually

KM = bearer("klantmanager", sub="km-9")
ENDS = {  # route -> (its date field, a valid body without the date)
    "/work-end": ("ended_on", {"reason": "contract_afgelopen"}),
    "/education-completion": ("graduated_on", {"diploma": True}),
    "/education-drop-out": ("left_on", {"reason": "te_zwaar"}),
}


def day(ago: int) -> str:
    return (date.today() - timedelta(days=ago)).isoformat()


@pytest.fixture
async def coaching(endpoints, topic_prefix):
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    app = create_app(
        settings,
        CoachingSettings(
            schema_name=f"{topic_prefix}_coaching",
            states_group=f"{topic_prefix}-coaching",
            policies_group=f"{topic_prefix}-coaching-policies",
        ),
    )
    async with serve(app) as client:
        yield client


async def post(client, youth, path, body, headers=KM):
    return await client.post(f"/youths/{youth}{path}", json=body, headers=headers)


async def working_and_studying(client) -> str:
    """A young person with a klantmanager, in work and in an education since twenty days."""
    youth = str(await registered(client))
    for path, body in [
        ("/coaches", {"coach_id": "km-9", "kind": "klantmanager", "from_on": day(30)}),
        ("/work", {"kind": "leerwerkbaan", "contract": "tijdelijk", "started_on": day(20)}),
        ("/education", {"level": "mbo2", "started_on": day(20)}),
    ]:
        answer = await post(client, youth, path, body)
        assert answer.status_code == 201, answer.text
    return youth


NOW = ("in_work_now", "in_education_now", "education_completed", "education_dropped_out")


async def outcome(client, youth: str) -> dict:
    """The view's outcome: folded from the stream, so it holds as soon as the command did."""
    return (await client.get(f"/youths/{youth}/coaching", headers=KM)).json()["outcome"]


async def counted(client, expected: tuple[int, ...]) -> dict:
    """GET /outcomes once its read model, fed by Kafka, counts `expected` now."""
    counts = await eventually(
        lambda: client.get("/outcomes", headers=KM),
        lambda r: r.status_code == 200 and tuple(r.json().get(k) for k in NOW) == expected,
    )
    return counts.json()


async def test_work_and_education_end_recorded_shown_and_published(
    coaching, endpoints, topic_prefix
):
    """Each end is recorded, the view and the outcomes tell what holds now, Kafka carries it."""
    youth = await working_and_studying(coaching)
    view = await outcome(coaching, youth)
    assert (view["in_work"], view["education"]) == (True, "bezig")
    await counted(coaching, (1, 1, 0, 0))
    steps = [  # route, body, (in work, education, its end) on the view, the counts now
        ("/work-end", ENDS["/work-end"][1] | {"ended_on": day(5)},
         (False, "bezig", None), (0, 1, 0, 0)),
        ("/education-completion", {"diploma": True, "graduated_on": day(4)},
         (False, "afgerond", day(4)), (0, 0, 1, 0)),
        ("/education", {"level": "mbo3", "started_on": day(3)},
         (False, "bezig", day(4)), (0, 1, 0, 0)),
        ("/education-drop-out", {"reason": "te_zwaar", "left_on": day(2)},
         (False, "verlaten", day(2)), (0, 0, 0, 1)),
    ]  # fmt: skip
    answers = []
    for path, body, on_view, now in steps:
        answers.append(await post(coaching, youth, path, body))
        assert answers[-1].status_code == 201, answers[-1].text
        view = await outcome(coaching, youth)
        assert (view["in_work"], view["education"], view["education_ended_on"]) == on_view, path
        assert (view["work_ended_on"], view["work_started_on"]) == (day(5), day(20)), path
        counts = await counted(coaching, now)
        # What was reached stays reached: the job, and an education started.
        assert (counts["work"], counts["education"], counts["active"]) == (1, 1, 1), path
    left = answers[-1]

    shown = (await coaching.get(f"/youths/{youth}/coaching", headers=KM)).json()
    assert shown["version"] == left.json()["stream_version"] == 7
    assert shown["outcome"]["work_started_on"] == day(20)  # what started stays on the view
    # The fold knows nothing goes on any more: ending either again is refused, naming the date.
    twice = await post(coaching, youth, "/work-end", {"reason": "overig", "ended_on": day(1)})
    after = await post(coaching, youth, "/education-drop-out",
                       {"reason": "overig", "left_on": day(1)})  # fmt: skip
    assert [(r.status_code, r.json()["detail"][0]["loc"]) for r in (twice, after)] == [
        (422, ["body", "ended_on"]),
        (422, ["body", "left_on"]),
    ]

    records = await read_records(
        endpoints.kafka_bootstrap, f"{topic_prefix}.coaching.events", at_least=7
    )
    events = [CloudEvent.model_validate_json(r.value) for r in records if r.key == youth.encode()]
    ends = {e.type.removeprefix("nl.regie.coaching."): e for e in events[3:]}
    assert ends["work-ended"].data | {"youth_id": None} == {
        "youth_id": None, "kind": "leerwerkbaan", "reason": "contract_afgelopen",
        "ended_on": day(5),
    }  # fmt: skip
    assert (
        ends["education-completed"].data["level"],
        ends["education-completed"].data["diploma"],
    ) == ("mbo2", True)
    assert ends["education-dropped"].data["level"] == "mbo3"
    assert {n: e.leefgebied for n, e in ends.items() if n != "education-started"} == {
        "work-ended": "werk", "education-completed": "onderwijs", "education-dropped": "onderwijs",
    }  # fmt: skip


async def test_a_bad_or_future_date_is_a_bilingual_422_naming_the_field(coaching):
    """Not a date, or a day still to come: refused per route, the field named, nothing recorded."""
    youth = await working_and_studying(coaching)
    for path, (field, body) in ENDS.items():
        for value in ("gisteren", day(-1)):
            answer = await post(coaching, youth, path, body | {field: value})
            assert answer.status_code == 422, (path, value, answer.text)
            [problem] = answer.json()["detail"]
            assert problem["loc"] == ["body", field], (path, value)
            assert problem["msg"]
            assert problem["msg_en"]
            assert problem["msg"] != problem["msg_en"]  # Dutch and English
    shown = (await coaching.get(f"/youths/{youth}/coaching", headers=KM)).json()
    assert shown["version"] == 3  # the coach, the work and the education only


@pytest.mark.parametrize("role", ["regisseur", "auditor", "schuldhulpverlener"])
async def test_a_role_that_does_not_coach_may_not_end_work_or_education(coaching, role):
    """Only the coaching roles record these facts; the jongerenregisseur included, refused."""
    youth = await working_and_studying(coaching)
    who = bearer(role, sub="medewerker-3")
    for path, (field, body) in ENDS.items():
        answer = await post(coaching, youth, path, body | {field: day(1)}, who)
        assert (answer.status_code, answer.json()["detail"]) == (403, ROLE_MISSING), path
    shown = (await coaching.get(f"/youths/{youth}/coaching", headers=KM)).json()
    assert shown["version"] == 3
