"""Cross-domain policies over the real servers: a command in one service, the reaction in another.

Intake, debts, housing, coaching and income run in-process with their relays, read models and
policy runners; the triggers are real HTTP commands (or, where a test needs exact control over the
delivery, hand-made CloudEvents on intake's topic). Each reaction is checked over the reacting
service's API and on its topic, with the trigger's id as `causationid`.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from services.debts.domain.working_days import DUTCH_PUBLIC_HOLIDAYS, add_working_days
from shared.envelope import CloudEvent
from tests.integration.policies.conftest import debts_app
from tests.support.apps import bearer, platform_settings, serve
from tests.support.cloudevents import Publisher
from tests.support.inbox import applied_count, has_applied
from tests.support.kafka import read_records
from tests.support.waiting import eventually

TODAY = date.today()
DAY = TODAY.isoformat()
INTAKE = bearer("intake")
COUNSELLOR = bearer("schuldhulpverlener")
CONSULTANT = bearer("woonconsulent")
COACH = bearer("coach")
ENROLLED = "nl.regie.intake.programme-enrolled"
EXITED = "nl.regie.intake.programme-exited"
REACTING = ("debts", "housing", "coaching")  # the services with a policy on exits


async def register(intake) -> str:
    answer = await intake.post(
        "/youths",
        json={"gemeentecode": "0518", "programma": "regulier", "full_name": "Sam Test",
              "date_of_birth": date(2004, 6, 1).isoformat()},
        headers=INTAKE,
    )  # fmt: skip
    assert answer.status_code == 201, answer.text
    return answer.json()["youth_id"]


async def command(client, youth: str, path: str, body: dict, headers) -> None:
    answer = await client.post(f"/youths/{youth}{path}", json=body, headers=headers)
    assert answer.status_code in {200, 201}, answer.text


async def enrol(intake, youth: str, programma: str) -> None:
    await command(intake, youth, "/enrolments", {"programma": programma, "start_on": DAY}, INTAKE)


async def threaten_eviction(housing, youth: str, reason: str = "huurachterstand") -> None:
    housed = {"form": "kamer", "tenure": "eigen_huurcontract", "from_on": DAY, "address": "X 1"}
    await command(housing, youth, "/housed", housed, CONSULTANT)
    threat = {"reason": reason, "signalled_on": DAY}
    await command(housing, youth, "/eviction-threats", threat, CONSULTANT)


async def shown(client, path: str, headers) -> dict:
    answer = await client.get(path, headers=headers)
    return answer.json() if answer.status_code == 200 else {}


async def debts_of(services, youth: str) -> dict:
    return await shown(services.debts, f"/youths/{youth}/debts", COUNSELLOR)


async def events_of(bootstrap: str, topic: str, youth: str, at_least: int = 1) -> list[CloudEvent]:
    """The young person's CloudEvents on `topic`, waiting until `at_least` of theirs arrived."""

    async def theirs() -> list[CloudEvent]:
        records = await read_records(bootstrap, topic, at_least=1, within=5)
        parsed = [CloudEvent.model_validate_json(r.value) for r in records]
        return [e for e in parsed if e.subject == youth]

    return await eventually(theirs, lambda found: len(found) >= at_least, within=30)


def named(events: list[CloudEvent], name: str) -> list[CloudEvent]:
    return [e for e in events if e.name_and_version[0].endswith(f".{name}")]


async def exit_programme(intake, youth: str, programma: str, reason: str = "zelf_gestopt") -> None:
    exit_ = {"programma": programma, "reason": reason, "destination": "onderwijs", "exit_on": DAY}
    await command(intake, youth, "/exits", exit_, INTAKE)


async def policies_that_saw(services, event: CloudEvent) -> set[str]:
    """The services whose policies have taken `event` in (its reactions appended by then)."""
    p, seen = services.prefix, set()
    async with services.debts_app.state.pool.acquire() as conn:
        for service in REACTING:
            if await has_applied(
                conn, f"{p}_{service}", f"{p}-{service}-policies",
                event.streamid, event.streamversion,
            ):  # fmt: skip
                seen.add(service)
    return seen


async def caused_by(services, youth: str, trigger: str) -> list[str]:
    """The names of the events any service recorded for the young person because of `trigger`."""
    p, names = services.prefix, []
    async with services.debts_app.state.pool.acquire() as conn:
        for service in REACTING:
            rows = await conn.fetch(
                f"SELECT event_type FROM {p}_{service}.events"
                " WHERE subject = $1 AND metadata->>'causation_id' = $2 ORDER BY position",
                youth, trigger,
            )  # fmt: skip
            names += [r["event_type"].rsplit(".", 1)[-1] for r in rows]
    return names


async def test_policy_1_and_2_a_jpf_enrolment_opens_debt_help_and_rent_arrears_make_it_a_crisis(
    services, endpoints
):
    """An enrolment opens debt help; rent arrears make it a crisis; each with its causation.

    Enrolment over intake's API -> an open trajectory at debts; the eviction threat over
    housing's API -> the same trajectory a crisis, due in 3 working days.
    """
    youth = await register(services.intake)
    await enrol(services.intake, youth, "jpf")
    plain = await eventually(lambda: debts_of(services, youth), lambda d: d.get("open") is True)
    assert (plain["crisis"], plain["requested_on"], plain["phase"]) == (False, DAY, "aangemeld")

    await threaten_eviction(services.housing, youth)
    crisis = await eventually(lambda: debts_of(services, youth), lambda d: d.get("crisis") is True)
    due = add_working_days(TODAY, 3, DUTCH_PUBLIC_HOLIDAYS).isoformat()
    assert (crisis["trajectory_id"], crisis["first_conversation_due"]) == (
        plain["trajectory_id"],
        due,
    )
    # The read model follows: the trajectory lists show it as a crisis with the new deadline.
    listed = await eventually(
        lambda: shown(services.debts, "/trajectories", COUNSELLOR),
        lambda rows: any(r["youth_id"] == youth and r["crisis"] for r in rows or []),
    )
    mine = next(r for r in listed if r["youth_id"] == youth)
    assert mine["first_conversation_due"] == due

    bootstrap, prefix = endpoints.kafka_bootstrap, services.prefix
    [enrolment] = named(
        await events_of(bootstrap, f"{prefix}.intake.events", youth, 2), "programme-enrolled"
    )
    [threat] = named(
        await events_of(bootstrap, f"{prefix}.housing.events", youth, 2), "eviction-threatened"
    )
    debts = await events_of(bootstrap, f"{prefix}.debts.events", youth, 2)
    [requested] = named(debts, "debt-help-requested")
    [marked] = named(debts, "trajectory-marked-crisis")
    assert (requested.causationid, requested.correlationid) == (
        str(enrolment.id),
        enrolment.correlationid,
    )
    assert (marked.causationid, marked.correlationid) == (str(threat.id), threat.correlationid)
    assert (requested.actor, requested.actorrole) == ("beleid.schuldhulp-bij-jpf", "systeem")


async def test_policy_2_the_threat_before_the_enrolment_ends_in_the_same_state(services):
    """Reordered: a crisis trajectory first; the later JPF enrolment brings it into the fund."""
    youth = await register(services.intake)
    await threaten_eviction(services.housing, youth)
    crisis = await eventually(lambda: debts_of(services, youth), lambda d: d.get("open") is True)
    assert (crisis["crisis"], crisis["first_conversation_due"]) == (
        True,
        add_working_days(TODAY, 3, DUTCH_PUBLIC_HOLIDAYS).isoformat(),
    )
    await enrol(services.intake, youth, "jpf")
    await enrol(services.intake, youth, "rodeloper")  # a later event: debts has read past jpf
    await eventually(
        lambda: shown(services.coaching, f"/youths/{youth}/coaching", COACH),
        lambda c: c.get("phase") == "scout",
    )
    store = services.debts_app.state.store

    async def debts_policy_saw_both() -> int:
        async with services.debts_app.state.pool.acquire() as conn:
            return await applied_count(
                conn, f"{services.prefix}_debts", f"{services.prefix}-debts-policies"
            )

    await eventually(debts_policy_saw_both, lambda n: n >= 4)
    stream = await store.load(f"debts-{youth}")
    assert [r.event_type.rsplit(".", 1)[-1] for r in stream] == [
        "debt-help-requested",
        "trajectory-joined-fund",
    ]
    assert (await debts_of(services, youth))["crisis"] is True


async def test_policy_3_a_rode_loper_enrolment_starts_scout_awaiting_a_coach(services, endpoints):
    """Scout starts without a coach, shown as awaiting one; assigning the coach fills it."""
    youth = await register(services.intake)
    await enrol(services.intake, youth, "rodeloper")
    path = f"/youths/{youth}/coaching"
    waiting = await eventually(
        lambda: shown(services.coaching, path, COACH), lambda c: c.get("phase") == "scout"
    )
    assert (waiting["status"], waiting["awaiting_coach"], waiting["coaches"]) == (
        "actief",
        True,
        [],
    )
    scan = {"phase": "scan", "started_on": DAY}
    refused = await services.coaching.post(f"{path[:-9]}/phases", json=scan, headers=COACH)
    assert refused.status_code == 422, refused.text  # the scan waits for the coach
    coach = {"coach_id": "rl-1", "kind": "rodeloper_coach", "from_on": DAY}
    await command(services.coaching, youth, "/coaches", coach, COACH)
    filled = await shown(services.coaching, path, COACH)
    assert (filled["awaiting_coach"], filled["phase"]) == (False, "scout")

    coaching = await events_of(
        endpoints.kafka_bootstrap, f"{services.prefix}.coaching.events", youth, 2
    )
    [started] = named(coaching, "coaching-phase-started")
    [enrolment] = named(
        await events_of(endpoints.kafka_bootstrap, f"{services.prefix}.intake.events", youth, 2),
        "programme-enrolled",
    )
    assert started.causationid == str(enrolment.id)
    # The read model shows the wait too, and its end.
    async with services.debts_app.state.pool.acquire() as conn:

        async def awaiting() -> bool | None:
            return await conn.fetchval(
                f"SELECT awaiting_coach FROM {services.prefix}_coaching.coaching_states"
                " WHERE youth_id = $1",
                uuid.UUID(youth),
            )

        assert await eventually(awaiting, lambda a: a is False) is False


async def test_policy_4_an_exit_closes_coaching_and_debts_and_signals_what_housing_cannot(
    services, endpoints
):
    """Coaching ends (goals dropped), an empty trajectory ends, an open threat is signalled."""
    youth = await register(services.intake)
    await enrol(services.intake, youth, "rodeloper")
    await eventually(
        lambda: shown(services.coaching, f"/youths/{youth}/coaching", COACH),
        lambda c: c.get("phase") == "scout",
    )
    goal = {"goal_id": "g1", "leefgebied": "wonen", "text": "Een kamer", "set_on": DAY}
    await command(services.coaching, youth, "/goals", goal, COACH)
    await command(
        services.debts, youth, "/debt-help",
        {"requested_on": DAY}, COUNSELLOR,
    )  # fmt: skip
    await threaten_eviction(services.housing, youth, reason="overlast")  # no debt crisis
    exit_ = {"programma": "rodeloper", "reason": "zelf_gestopt", "destination": "onderwijs",
             "exit_on": DAY}  # fmt: skip
    await command(services.intake, youth, "/exits", exit_, INTAKE)

    ended = await eventually(
        lambda: shown(services.coaching, f"/youths/{youth}/coaching", COACH),
        lambda c: c.get("status") == "afgesloten",
    )
    assert (ended["end_reason"], ended["destination"]) == ("uitgevallen", "opleiding")
    assert [g["status"] for g in ended["goals"]] == ["vervallen"]
    closed = await eventually(lambda: debts_of(services, youth), lambda d: d.get("open") is False)
    assert (closed["ended_reason"], closed["crisis"]) == ("zelf", False)

    bootstrap, prefix = endpoints.kafka_bootstrap, services.prefix
    [exited] = named(
        await events_of(bootstrap, f"{prefix}.intake.events", youth, 3), "programme-exited"
    )
    housing = await events_of(bootstrap, f"{prefix}.housing.events", youth, 3)
    [signal] = named(housing, "housing-attention-needed")
    assert signal.data["open_items"] == ["huisuitzetting_dreigt"]
    assert (signal.causationid, signal.correlationid) == (str(exited.id), exited.correlationid)
    coaching = await events_of(bootstrap, f"{prefix}.coaching.events", youth, 4)
    assert named(coaching, "coaching-ended")[0].causationid == str(exited.id)
    assert named(coaching, "goal-dropped")[0].causationid == str(exited.id)
    shown_housing = await shown(services.housing, f"/youths/{youth}/housing", CONSULTANT)
    assert shown_housing.get("eviction_stage") == "dreigt"  # nothing closed in housing


async def test_policy_4_debts_still_owed_keep_the_trajectory_open_with_a_signal(
    services, endpoints
):
    """An exit with a recorded debt: the trajectory stays open; a signal without amounts."""
    youth = await register(services.intake)
    await enrol(services.intake, youth, "jpf")
    await eventually(lambda: debts_of(services, youth), lambda d: d.get("open") is True)
    debt = {"debt_id": "d1", "creditor_type": "nuts", "creditor_name": "Eneco", "amount": 750,
            "recorded_on": DAY}  # fmt: skip
    await command(services.debts, youth, "/debts", debt, COUNSELLOR)
    exit_ = {"programma": "jpf", "reason": "verhuisd", "destination": "geen", "exit_on": DAY}
    await command(services.intake, youth, "/exits", exit_, INTAKE)
    blocked = await eventually(
        lambda: debts_of(services, youth), lambda d: d.get("closure_blocked") is not None
    )
    assert (blocked["open"], blocked["closure_blocked"]) == (True, "schulden_openstaand")
    debts = await events_of(endpoints.kafka_bootstrap, f"{services.prefix}.debts.events", youth, 3)
    [signal] = named(debts, "debt-closure-blocked")
    assert set(signal.data) == {"youth_id", "trajectory_id", "reason", "signalled_on"}


async def test_policy_4_leaving_one_of_two_programmes_closes_nothing_until_the_last_exit(
    services, endpoints
):
    """Leaving jpf while in rodeloper changes nothing elsewhere; leaving rodeloper closes all.

    After the first exit the trajectory stays open, coaching and its goal go on and housing
    signals nothing; the last exit ends the trajectory and coaching and signals the threat.
    """
    youth = await register(services.intake)
    await enrol(services.intake, youth, "jpf")  # policy 1 opens the trajectory
    await enrol(services.intake, youth, "rodeloper")  # policy 3 starts scout
    coaching_path = f"/youths/{youth}/coaching"
    await eventually(
        lambda: shown(services.coaching, coaching_path, COACH), lambda c: c.get("phase") == "scout"
    )
    trajectory = await eventually(
        lambda: debts_of(services, youth), lambda d: d.get("open") is True
    )
    goal = {"goal_id": "g1", "leefgebied": "wonen", "text": "Een kamer", "set_on": DAY}
    await command(services.coaching, youth, "/goals", goal, COACH)
    await threaten_eviction(services.housing, youth, reason="overlast")  # no debt crisis

    bootstrap, prefix = endpoints.kafka_bootstrap, services.prefix
    await exit_programme(services.intake, youth, "jpf")
    [first] = named(
        await events_of(bootstrap, f"{prefix}.intake.events", youth, 4), "programme-exited"
    )
    assert first.data["still_enrolled_in"] == ["rodeloper"]
    # Every exit policy has taken the exit in (any reaction is appended by then): none reacted.
    await eventually(lambda: policies_that_saw(services, first), lambda seen: seen == set(REACTING))
    assert await caused_by(services, youth, str(first.id)) == []
    still = await debts_of(services, youth)
    assert (still["open"], still["closure_blocked"], still["trajectory_id"]) == (
        True,
        None,
        trajectory["trajectory_id"],
    )
    coaching = await shown(services.coaching, coaching_path, COACH)
    assert (coaching["status"], [g["status"] for g in coaching["goals"]]) == ("actief", ["open"])

    await exit_programme(services.intake, youth, "rodeloper")
    ended = await eventually(
        lambda: shown(services.coaching, coaching_path, COACH),
        lambda c: c.get("status") == "afgesloten",
    )
    assert [g["status"] for g in ended["goals"]] == ["vervallen"]
    closed = await eventually(lambda: debts_of(services, youth), lambda d: d.get("open") is False)
    assert closed["ended_reason"] == "zelf"
    [_, last] = named(
        await events_of(bootstrap, f"{prefix}.intake.events", youth, 5), "programme-exited"
    )
    assert last.data["still_enrolled_in"] == []
    await eventually(lambda: policies_that_saw(services, last), lambda seen: seen == set(REACTING))
    assert sorted(await caused_by(services, youth, str(last.id))) == [
        "coaching-ended",
        "debt-trajectory-ended",
        "goal-dropped",
        "housing-attention-needed",
    ]


async def test_policy_4_an_old_exit_without_the_field_closes_and_a_broken_one_is_parked(
    services, endpoints
):
    """An exit as stored before `still_enrolled_in` closes as ever; a broken one is parked.

    Hand-made exits after a JPF enrolment each. The old one ends the trajectory; the one whose
    field is not a list is parked by every exit policy, with the reason, and closes nothing.
    """
    old, broken = str(uuid.uuid4()), str(uuid.uuid4())
    publisher = Publisher(endpoints.kafka_bootstrap, services.prefix)
    exit_ = {"programma": "jpf", "reason": "verhuisd", "destination": "geen", "exit_on": DAY}
    await publisher.publish(
        publisher.event(ENROLLED, broken, {"programma": "jpf", "start_on": DAY}),
        publisher.event(ENROLLED, old, {"programma": "jpf", "start_on": DAY}),
    )
    for youth in (old, broken):
        await eventually(lambda y=youth: debts_of(services, y), lambda d: d.get("open") is True)
    await publisher.publish(
        publisher.event(EXITED, broken, {**exit_, "still_enrolled_in": "rodeloper"}),
        publisher.event(EXITED, old, exit_),
    )

    ended = await eventually(lambda: debts_of(services, old), lambda d: d.get("open") is False)
    assert ended["ended_reason"] == "verhuisd"

    async def parked() -> dict[bytes, str]:
        records = await read_records(
            endpoints.kafka_bootstrap, f"{services.prefix}.intake.events.dlq", at_least=1, within=5
        )
        return {
            dict(r.headers)["dlq-consumer"]: dict(r.headers)["dlq-reason"].decode()
            for r in records if r.key == broken.encode()
        }  # fmt: skip

    groups = {f"{services.prefix}-{s}-policies".encode() for s in REACTING}
    reasons = await eventually(parked, lambda found: set(found) == groups)
    assert all("still_enrolled_in" in reason for reason in reasons.values()), reasons
    assert (await debts_of(services, broken))["open"] is True


async def test_duplicates_and_a_replay_after_a_crash_still_make_one_reaction(services, endpoints):
    """Delivered twice, then re-read as after a crash: one trajectory, one event on the topic.

    A fresh consumer group re-reads the trigger as a consumer would that crashed between the
    append and the offset commit.
    """
    youth = str(uuid.uuid4())
    publisher = Publisher(endpoints.kafka_bootstrap, services.prefix)
    trigger = publisher.event(ENROLLED, youth, {"programma": "jpf", "start_on": DAY})
    await publisher.publish(trigger, trigger)
    await eventually(lambda: debts_of(services, youth), lambda d: d.get("open") is True)

    settings = platform_settings(endpoints).model_copy(
        update={"kafka_topic_prefix": services.prefix}
    )
    replay = debts_app(settings, services.prefix, group="replay")
    async with serve(replay):
        runner = replay.state.reactions

        async def re_read() -> int:
            # The fresh group reads the trigger again: its first delivery re-runs the command
            # (the store knows its event id), the second is a duplicate in the inbox.
            return runner.stats.applied + runner.stats.duplicates

        await eventually(re_read, lambda n: n >= 2)

    stream = await services.debts_app.state.store.load(f"debts-{youth}")
    assert [r.event_type.rsplit(".", 1)[-1] for r in stream] == ["debt-help-requested"]
    records = await read_records(
        endpoints.kafka_bootstrap, f"{services.prefix}.debts.events", at_least=1
    )
    theirs = [r for r in records if r.key == youth.encode()]
    assert len(theirs) == 1
    assert CloudEvent.model_validate_json(theirs[0].value).causationid == str(
        CloudEvent.model_validate_json(trigger[2]).id
    )


async def test_a_refused_reaction_goes_to_the_dead_letter_topic_and_others_go_on(
    services, endpoints
):
    """A reaction refused by the rules is parked with its reason; others go on.

    An enrolment dated ahead is refused by debts' rules; the next young person's is handled.
    """
    broken, fine = str(uuid.uuid4()), str(uuid.uuid4())
    publisher = Publisher(endpoints.kafka_bootstrap, services.prefix)
    ahead = (TODAY + timedelta(days=30)).isoformat()
    await publisher.publish(
        publisher.event(ENROLLED, broken, {"programma": "jpf", "start_on": ahead}),
        publisher.event(ENROLLED, fine, {"programma": "jpf", "start_on": DAY}),
    )
    await eventually(lambda: debts_of(services, fine), lambda d: d.get("open") is True)
    assert not (await debts_of(services, broken)).get("open")

    consumer = f"{services.prefix}-debts-policies"

    async def parked():
        records = await read_records(
            endpoints.kafka_bootstrap, f"{services.prefix}.intake.events.dlq", at_least=1, within=5
        )
        return [
            r for r in records
            if dict(r.headers).get("dlq-consumer") == consumer.encode() and r.key == broken.encode()
        ]  # fmt: skip

    [record] = await eventually(parked, lambda found: len(found) == 1)
    reason = dict(record.headers)["dlq-reason"].decode()
    assert "RuleViolationError" in reason
    assert "future" in reason or "toekomst" in reason


async def test_a_huurtoeslag_granted_in_income_ends_housing_s_woontoelage(services, endpoints):
    """Income grants huurtoeslag; housing's policy ends the woontoelage running that day."""
    youth = await register(services.intake)
    start = (TODAY - timedelta(days=60)).isoformat()
    await command(services.housing, youth, "/housing-allowances",
                  {"monthly_amount": 200, "from_on": start,
                   "until_on": (TODAY + timedelta(days=120)).isoformat()}, CONSULTANT)  # fmt: skip
    income = bearer("inkomensconsulent")
    await command(services.income, youth, "/allowance-applications",
                  {"kind": "huurtoeslag", "applied_on": start}, income)  # fmt: skip
    await command(
        services.income,
        youth,
        "/allowance-grant",
        {"kind": "huurtoeslag", "monthly_amount": 300, "granted_on": DAY},
        income,
    )

    topic = f"{services.prefix}.housing.events"
    events = await eventually(
        lambda: events_of(endpoints.kafka_bootstrap, topic, youth),
        lambda found: any(e.type.endswith(".housing-allowance-ended") for e in found),
        30,
    )
    ended = next(e for e in events if e.type.endswith(".housing-allowance-ended"))
    granted = await events_of(endpoints.kafka_bootstrap, f"{services.prefix}.income.events", youth)
    trigger = next(e for e in granted if e.type.endswith(".allowance-granted"))
    assert (ended.data["ended_on"], ended.data["reason"]) == (DAY, "huurtoeslag_toegekend")
    assert (ended.grondslag, ended.causationid) == ("pw", str(trigger.id))
