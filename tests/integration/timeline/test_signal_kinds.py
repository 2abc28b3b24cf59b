"""Each kind of signal is raised by its fact and resolved by the fact it waits for.

The projection applies CloudEvents in a migrated schema of the real PostgreSQL, as the runner
would inside its transaction; the read side weighs them against a given day. (The timers'
events of housing and intake are fixed by name before their release, so they are applied
here directly: the runner passes over a type not yet released.)
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from services.timeline.read_model.access import Viewer
from services.timeline.registry import MIGRATIONS
from services.timeline.signals.projection import DeadLetterSignals, SignalsProjection
from services.timeline.signals.queries import signals_seen
from shared.migrations import directory_migrations, migrate
from tests.integration.timeline.signal_events import event

DAY = date(2031, 3, 3)
AUDITOR = Viewer("auditor-1", frozenset({"auditor"}), "0518")
DEBTS, HOUSING, INTAKE = "nl.regie.debts.", "nl.regie.housing.", "nl.regie.intake."


@pytest.fixture
async def signals(pool, schema):
    """A migrated schema and a way to apply events and read the auditor's signals."""
    async with pool.acquire() as conn:
        await migrate(conn, schema, directory_migrations(MIGRATIONS))
    projection = SignalsProjection(schema, "signals")

    class Signals:
        async def apply(self, *events):
            async with pool.acquire() as conn, conn.transaction():
                await projection.apply(conn, list(events))

        async def full(self, youth, today=DAY):
            return await signals_seen(
                pool, schema, AUDITOR, today=today, soon_days=7, silent_days=42, youth_id=youth
            )

        async def missed(self, youth):
            """The deadlines missed: (state, what lacked), in the order shown."""
            return [
                (s.state, s.explanation)
                for s in await self.full(youth)
                if s.kind == "termijn_verstreken"
            ]

        async def of(self, youth, today=DAY, *, contact=False):
            """(kind, state, due day) of every signal; 'no contact' only when asked."""
            return [
                (s.kind, s.state, s.due_on)
                for s in await self.full(youth, today)
                if s.kind != "geen_contact" or contact
            ]

    yield Signals()
    await pool.execute(f"DROP SCHEMA {schema} CASCADE")


def youth() -> str:
    return str(uuid.uuid4())


async def test_first_conversation_missed_then_held(signals):
    """Missed: te laat; held for that trajectory: resolved, not for another trajectory."""
    y, trajectory, other = youth(), str(uuid.uuid4()), str(uuid.uuid4())
    due = DAY - timedelta(days=1)
    await signals.apply(
        event(
            DEBTS + "first-conversation-deadline-missed",
            y,
            {"trajectory_id": trajectory, "first_conversation_due": due.isoformat()},
            role="systeem",
        ),
    )
    assert [("termijn_verstreken", "open", due)] == await signals.of(y)
    await signals.apply(event(DEBTS + "first-conversation-held", y, {"trajectory_id": other}))
    assert [("termijn_verstreken", "open", due)] == await signals.of(y)
    await signals.apply(event(DEBTS + "first-conversation-held", y, {"trajectory_id": trajectory}))
    assert [("termijn_verstreken", "opgelost", due)] == await signals.of(y)


@pytest.mark.parametrize(
    ("missed", "resolving"),
    [
        ("first-week-shelter-missed", "shelter-admitted"),
        ("first-week-shelter-missed", "housed"),
        ("first-week-shelter-missed", "housing-ended"),
        ("housing-plan-deadline-missed", "housing-plan-agreed"),
        ("housing-plan-deadline-missed", "housing-ended"),
    ],
)
async def test_housing_deadlines_missed_then_met(signals, missed, resolving):
    """A housing deadline missed is resolved by the roof, the plan, or housing ending."""
    y, due = youth(), DAY - timedelta(days=2)
    await signals.apply(event(HOUSING + missed, y, {"due_on": due.isoformat()}, role="systeem"))
    assert [("termijn_verstreken", "open", due)] == await signals.of(y)
    await signals.apply(event(HOUSING + resolving, y, {}))
    assert [("termijn_verstreken", "opgelost", due)] == await signals.of(y)


async def test_a_roof_and_a_postal_address_lacking_are_answered_each_by_its_own_fact(signals):
    """Both lacked: shelter answers the roof, the postal address stays until arranged."""
    y, due = youth(), DAY - timedelta(days=2)
    missed = {"due_on": due.isoformat(), "lacking": ["dak", "briefadres"]}
    await signals.apply(event(HOUSING + "first-week-shelter-missed", y, missed, role="systeem"))
    assert {("open", True), ("open", False)} == {
        (state, "een dak" in text) for state, text in await signals.missed(y)
    }
    await signals.apply(event(HOUSING + "shelter-admitted", y, {}))
    assert {("opgelost", True), ("open", False)} == {
        (state, "een dak" in text) for state, text in await signals.missed(y)
    }
    await signals.apply(event(HOUSING + "postal-address-arranged", y, {}))
    assert [state for state, _ in await signals.missed(y)] == ["opgelost", "opgelost"]


async def test_housing_plan_is_not_resolved_by_a_roof(signals):
    """A shelter admission answers the first week, not the missing housing plan."""
    y, due = youth(), DAY - timedelta(days=2)
    await signals.apply(
        event(
            HOUSING + "housing-plan-deadline-missed", y, {"due_on": due.isoformat()}, role="systeem"
        )
    )
    await signals.apply(event(HOUSING + "shelter-admitted", y, {}))
    assert [("termijn_verstreken", "open", due)] == await signals.of(y)


async def test_intake_plan_deadlines(signals):
    """Plan overdue, review due, goal overdue: each resolved by its own fact only."""
    y, due = youth(), DAY - timedelta(days=3)
    await signals.apply(
        event(
            INTAKE + "future-plan-overdue",
            y,
            {"programma": "dtj", "due_on": due.isoformat()},
            role="systeem",
        ),
        event(
            INTAKE + "plan-review-due",
            y,
            {"plan_id": "plan-1", "due_on": due.isoformat()},
            role="systeem",
        ),
        event(
            INTAKE + "goal-overdue",
            y,
            {
                "plan_id": "plan-1",
                "goal_id": "doel-1",
                "leefgebied": "wonen",
                "due_on": due.isoformat(),
            },
            role="systeem",
        ),
        event(
            INTAKE + "goal-overdue",
            y,
            {
                "plan_id": "plan-1",
                "goal_id": "doel-2",
                "leefgebied": "werk",
                "due_on": due.isoformat(),
            },
            role="systeem",
        ),
    )
    assert [s for _, s, _ in await signals.of(y)] == ["open"] * 4
    await signals.apply(
        event(
            INTAKE + "future-plan-reviewed",
            y,
            {
                "plan_id": "plan-1",
                "reviewed_on": "2031-03-02",
                "statuses": {"doel-1": "bereikt", "doel-2": "loopt"},
            },
        ),
    )
    assert sorted(["opgelost", "opgelost", "open", "open"]) == sorted(
        s for _, s, _ in await signals.of(y)
    ), "the review resolves the review and doel-1; the plan and doel-2 stay open"
    await signals.apply(
        event(INTAKE + "future-plan-agreed", y, {"plan_id": "plan-2", "agreed_on": "2031-03-02"})
    )
    assert [s for _, s, _ in await signals.of(y)] == ["opgelost"] * 4


async def test_leaving_every_programme_stops_intake_deadlines_not_others(signals):
    """Exited with no programme left: intake's missed deadlines resolve; debts' stay."""
    y, due = youth(), DAY - timedelta(days=3)
    await signals.apply(
        event(
            INTAKE + "future-plan-overdue",
            y,
            {"programma": "dtj", "due_on": due.isoformat()},
            role="systeem",
        ),
        event(
            DEBTS + "first-conversation-deadline-missed",
            y,
            {"trajectory_id": "t", "first_conversation_due": due.isoformat()},
            role="systeem",
        ),
        event(
            INTAKE + "programme-exited", y, {"programma": "dtj", "still_enrolled_in": ["rodeloper"]}
        ),
    )
    assert [s for _, s, _ in await signals.of(y)] == ["open", "open"]
    await signals.apply(event(INTAKE + "programme-exited", y, {"still_enrolled_in": []}))
    assert {("debts", "open"), ("intake", "opgelost")} == {
        (s.domain, s.state) for s in await signals.full(y) if s.kind == "termijn_verstreken"
    }


async def test_eviction_without_debt_help_until_a_trajectory_opens(signals):
    """An eviction threat is a signal while no debt trajectory is open, whichever came first."""
    y, z = youth(), youth()
    await signals.apply(event(HOUSING + "eviction-threatened", y, {"eviction_id": "e-1"}))
    assert await signals.of(y) == [("uitzetting_zonder_schuldhulp", "open", None)]
    await signals.apply(event(DEBTS + "debt-help-requested", y, {"trajectory_id": "t-1"}))
    assert await signals.of(y) == [("uitzetting_zonder_schuldhulp", "opgelost", None)]
    await signals.apply(event(DEBTS + "debt-trajectory-ended", y, {"trajectory_id": "t-1"}))
    assert await signals.of(y) == [("uitzetting_zonder_schuldhulp", "open", None)]
    # The debt help applied first (another topic) still counts.
    await signals.apply(event(DEBTS + "debt-help-requested", z, {"trajectory_id": "t-2"}))
    await signals.apply(event(HOUSING + "eviction-threatened", z, {"eviction_id": "e-2"}))
    assert await signals.of(z) == [("uitzetting_zonder_schuldhulp", "opgelost", None)]


async def test_eviction_prevented_resolves(signals):
    """The threat itself going away resolves it too."""
    y = youth()
    await signals.apply(event(HOUSING + "eviction-threatened", y, {"eviction_id": "e-1"}))
    await signals.apply(event(HOUSING + "eviction-prevented", y, {"eviction_id": "e-1"}))
    assert await signals.of(y) == [("uitzetting_zonder_schuldhulp", "opgelost", None)]


@pytest.mark.parametrize(
    ("blocked", "data", "ended", "ended_data"),
    [
        (
            "nl.regie.debts.debt-closure-blocked",
            {"trajectory_id": "t", "reason": "schulden_openstaand"},
            "nl.regie.debts.debt-trajectory-ended",
            {"trajectory_id": "t"},
        ),
        (
            "nl.regie.housing.housing-attention-needed",
            {"open_items": ["in_opvang"]},
            "nl.regie.housing.housing-ended",
            {},
        ),
    ],
)
async def test_blocked_policy_until_the_domain_ends(signals, blocked, data, ended, ended_data):
    """A blocked closure is te laat until the domain's trajectory ends."""
    y = youth()
    await signals.apply(event(blocked, y, data, role="systeem"))
    assert await signals.of(y) == [("beleid_geblokkeerd", "open", None)]
    await signals.apply(event(ended, y, ended_data))
    assert await signals.of(y) == [("beleid_geblokkeerd", "opgelost", None)]


async def test_duplicate_and_breakthrough_until_erasure_or_resolution(signals):
    """A duplicate stays until erasure; a Doorbraak until that Doorbraak is resolved."""
    y = youth()
    await signals.apply(
        event(
            INTAKE + "possible-duplicate-found",
            y,
            {"other_youth_id": youth(), "matched_on": "naam_geboortedatum"},
        ),
        event(
            INTAKE + "breakthrough-requested",
            y,
            {"breakthrough_id": "b-1", "obstruction": "kostendelersnorm"},
        ),
        event(
            INTAKE + "breakthrough-resolved",
            y,
            {"breakthrough_id": "b-2", "outcome": "niet_opgelost"},
        ),
    )
    assert {("mogelijk_dubbel", "open"), ("doorbraak_open", "open")} == {
        (k, s) for k, s, _ in await signals.of(y)
    }
    await signals.apply(
        event(
            INTAKE + "breakthrough-resolved",
            y,
            {"breakthrough_id": "b-1", "outcome": "opgelost_maatwerk"},
        )
    )
    assert {("mogelijk_dubbel", "open"), ("doorbraak_open", "opgelost")} == {
        (k, s) for k, s, _ in await signals.of(y)
    }
    await signals.apply(event(INTAKE + "personal-data-erased", y, {}))
    assert {("mogelijk_dubbel", "opgelost"), ("doorbraak_open", "opgelost")} == {
        (k, s) for k, s, _ in await signals.of(y)
    }


async def test_deadline_within_n_days_comes_and_goes_with_the_day(signals):
    """A due day shows as 'binnenkort' from seven days ahead; gone when met or past."""
    y, due = youth(), DAY + timedelta(days=10)
    await signals.apply(
        event(HOUSING + "homelessness-registered", y, {"first_week_due": due.isoformat()})
    )
    assert await signals.of(y) == []
    assert [("termijn_nadert", "open", due)] == await signals.of(y, today=due - timedelta(days=7))
    assert [("termijn_nadert", "open", due)] == await signals.of(y, today=due)
    assert await signals.of(y, today=due + timedelta(days=1)) == []
    await signals.apply(event(HOUSING + "shelter-admitted", y, {}))
    assert await signals.of(y, today=due) == []


async def test_no_contact_in_six_weeks_counts_people_not_systems(signals):
    """Six weeks after the last event a person recorded; a timer's event is no contact."""
    y, last = youth(), DAY - timedelta(days=60)
    await signals.apply(
        event(INTAKE + "youth-registered", y, {"registered_on": "2030-01-01"}, on=last)
    )
    await signals.apply(
        event(
            DEBTS + "debt-closure-blocked",
            y,
            {"trajectory_id": "t"},
            on=DAY - timedelta(days=1),
            role="systeem",
        )
    )
    kinds = [k for k, _, _ in await signals.of(y, contact=True)]
    assert "geen_contact" in kinds
    assert "geen_contact" not in [
        k for k, _, _ in await signals.of(y, today=last + timedelta(days=41), contact=True)
    ]
    await signals.apply(event(HOUSING + "housed", y, {}, on=DAY - timedelta(days=2)))
    assert "geen_contact" not in [k for k, _, _ in await signals.of(y, contact=True)]


async def test_a_failed_reaction_of_a_policy_is_a_signal_a_projections_is_not(pool, schema):
    """Dead letters of `*-policies` consumers raise a signal for that domain; others do not."""
    async with pool.acquire() as conn:
        await migrate(conn, schema, directory_migrations(MIGRATIONS))
    y = youth()
    failed = event(HOUSING + "eviction-threatened", y, {"eviction_id": "e"})
    by_policy = failed.model_copy(update={"dlqconsumer": "t1-debts-policies", "dlqreason": "boom"})
    by_projection = event(HOUSING + "housed", y, {}).model_copy(
        update={"dlqconsumer": "timeline", "dlqreason": "apply failed"}
    )
    async with pool.acquire() as conn, conn.transaction():
        await DeadLetterSignals(schema, "dl").apply(conn, [by_policy, by_projection])
    found = await signals_seen(
        pool, schema, AUDITOR, today=DAY, soon_days=7, silent_days=42, youth_id=y
    )
    assert [(s.kind, s.domain) for s in found] == [("reactie_mislukt", "debts")]
    await pool.execute(f"DROP SCHEMA {schema} CASCADE")


async def test_a_young_person_s_request_is_the_privacy_officer_s_until_answered(
    pool, schema, signals
):
    """Open with its due day, late once overdue, resolved by the answer; no worker sees it."""
    y, request = youth(), str(uuid.uuid4())
    due = DAY + timedelta(days=20)
    about = {"request_id": request, "kind": "verwijdering", "due_on": due.isoformat()}
    officer = Viewer("privacy-1", frozenset({"privacy_officer"}), "0518")
    regisseur = Viewer("medewerker-1", frozenset({"regisseur", "intake"}), "0518")

    async def seen(viewer):
        found = await signals_seen(pool, schema, viewer, today=DAY, soon_days=7, silent_days=42,
                                   youth_id=y)  # fmt: skip
        return [(s.kind, s.state, s.urgency, s.due_on, s.explanation) for s in found
                if s.kind.startswith("verzoek")]  # fmt: skip

    await signals.apply(
        event(INTAKE + "director-assigned", y, {"director_id": "medewerker-1"}),
        event(INTAKE + "subject-request-made", y, about, role="jongere"),
    )
    asked = "verwijdering van gegevens (AVG art. 17)"
    assert await seen(officer) == [
        ("verzoek_betrokkene", "open", 2, due,
         f"De jongere vraagt om {asked}: beantwoorden uiterlijk {due:%d-%m-%Y}."),
    ]  # fmt: skip
    assert await seen(regisseur) == []

    await signals.apply(event(INTAKE + "subject-request-overdue", y, about, role="systeem"))
    assert [(k, s, u) for k, s, u, _, _ in await seen(officer)] == [
        ("verzoek_betrokkene_te_laat", "open", 1), ("verzoek_betrokkene", "opgelost", 2),
    ]  # fmt: skip

    await signals.apply(event(INTAKE + "subject-request-handled", y,
                              {"request_id": request, "outcome": "toegewezen"}))  # fmt: skip
    assert {(k, s) for k, s, *_ in await seen(officer)} == {
        ("verzoek_betrokkene_te_laat", "opgelost"), ("verzoek_betrokkene", "opgelost"),
    }  # fmt: skip
    assert await seen(regisseur) == []
