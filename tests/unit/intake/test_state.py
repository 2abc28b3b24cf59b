"""Folding events into the young person's state: what the rules and the views can rely on."""

from __future__ import annotations

import uuid
from datetime import date

from services.intake.domain.commands import Command
from services.intake.domain.events import (
    CATALOGUE,
    CaseConferenceHeld,
    ConsentGiven,
    ConsentWithdrawn,
    CustomisationApplied,
    DirectorAssigned,
    FuturePlanAgreed,
    FuturePlanReviewed,
    IdentityVerified,
    PersonalDataErased,
    ProgrammeEnrolled,
    ProgrammeExited,
    SelfRelianceAssessed,
    YouthReferred,
    YouthRegistered,
)
from services.intake.domain.model import FrozenMap, Youth, evolve
from services.intake.domain.rules import DECIDERS
from shared.events import DomainEvent
from shared.integrity import IntegrityEvents
from shared.personal_data import ERASED
from tests.unit.intake.givens import START, event, given


def test_a_whole_history_folds_into_the_state():
    """Each event leaves its mark; the state holds codes, dates and counts, never personal data."""
    y = uuid.uuid4()
    state = given(
        event(YouthReferred, y),
        event(YouthRegistered, y, programma="dtj", age_band="18-22"),
        event(IdentityVerified, y),
        event(ConsentGiven, y, purpose="tijdlijn_delen", leefgebieden=["wonen", "werk"]),
        event(ConsentGiven, y, purpose="netwerk_betrekken"),
        event(ConsentWithdrawn, y, purpose="netwerk_betrekken"),
        event(SelfRelianceAssessed, y, assessed_on=date(2026, 10, 5)),
        event(SelfRelianceAssessed, y, assessed_on=date(2026, 10, 2)),  # entered late
        event(ProgrammeEnrolled, y, programma="dtj", start_on=date(2026, 10, 3)),
        event(ProgrammeEnrolled, y, programma="rodeloper", start_on=date(2026, 10, 4)),
        event(ProgrammeExited, y, programma="rodeloper", exit_on=date(2026, 11, 1)),
        event(DirectorAssigned, y, director_id="regisseur-1"),
        event(DirectorAssigned, y, director_id="regisseur-2", previous_director_id="regisseur-1"),
        event(FuturePlanAgreed, y),
        event(FuturePlanReviewed, y, statuses={"g2": "bereikt"}),
        event(CaseConferenceHeld, y),
        event(CaseConferenceHeld, y),
        event(CustomisationApplied, y),
    )
    assert state == Youth(
        referred=True,
        registered=True,
        erased=False,
        programma="dtj",
        age_band="18-22",
        identity_verified=True,
        active_programmes=frozenset({"dtj"}),
        programme_starts=FrozenMap({"dtj": date(2026, 10, 3)}),
        exits=(("rodeloper", "doel_bereikt", "werk", date(2026, 11, 1)),),
        director_id="regisseur-2",
        consents=FrozenMap({"tijdlijn_delen": frozenset({"wonen", "werk"})}),
        plan_id="plan-1",
        agreed_plans=frozenset({"plan-1"}),
        goal_statuses=FrozenMap({"g1": "open", "g2": "bereikt"}),
        goals=FrozenMap({g: date(2027, 6, 1) for g in ("g1", "g2")}),
        last_assessed_on=date(2026, 10, 5),
        conferences=2,
        customisations=1,
    )


def test_events_whose_personal_fields_were_erased_fold_the_same():
    """The state never reads personal fields, so "gegevens vernietigd" in them changes nothing."""
    y = uuid.uuid4()
    clear = [event(YouthRegistered, y), event(FuturePlanAgreed, y), event(SelfRelianceAssessed, y)]
    erased = [
        event(YouthRegistered, y, full_name=ERASED, date_of_birth=ERASED, phone=ERASED),
        event(FuturePlanAgreed, y, goal_texts=ERASED, goal_leefgebieden=ERASED),
        event(SelfRelianceAssessed, y, sensitive_scores=ERASED),
    ]
    assert given(*erased) == given(*clear)


def test_erasure_marks_the_state_and_keeps_the_history_without_personal_data():
    """After erasure the codes and counts stay, for reports; only `erased` changes."""
    y = uuid.uuid4()
    before = given(event(YouthRegistered, y), event(ProgrammeEnrolled, y))
    after = evolve(before, event(PersonalDataErased, y))
    assert after.erased
    assert after.active_programmes == before.active_programmes


def test_an_event_intake_does_not_know_leaves_the_state_alone():
    """Folding is total: a foreign event is no error."""

    class Foreign(DomainEvent):
        name = "foreign"

    state = given(event(YouthRegistered, uuid.uuid4()))
    assert evolve(state, Foreign()) is state


def test_every_event_and_every_command_has_its_rules():
    """The registries cover the whole catalogue and every command class."""
    from services.intake.domain.model import EVOLVERS  # noqa: PLC0415 - only this test needs it

    # The integrity events live in the service's own integrity stream, never a young person's.
    assert set(EVOLVERS) == {e for e in CATALOGUE if not issubclass(e, IntegrityEvents)}
    # Only intake's own: a test's throw-away subclass lives until the garbage collector runs.
    commands = {c for c in Command.__subclasses__() if c.__module__.startswith("services.")}
    assert set(DECIDERS) == commands


def test_the_state_is_a_hashable_value():
    """Two equal histories give equal, hashable states, whatever the order of map keys."""
    one = Youth(consents=FrozenMap({"a": frozenset({"wonen"}), "b": frozenset()}))
    two = Youth(consents=FrozenMap({"b": frozenset(), "a": frozenset({"wonen"})}))
    assert one == two
    assert hash(one) == hash(two)
    assert {one, two} == {one}


def test_frozen_maps_change_only_by_copy():
    """`set` and `without` return new maps and leave the original as it was."""
    start = FrozenMap({"jpf": START})
    assert start.set("dtj", START) == {"jpf": START, "dtj": START}
    assert start.without("jpf") == {}
    assert start.without("dtj") == start
    assert dict(start) == {"jpf": START}
    assert repr(start) == f"FrozenMap({{'jpf': {START!r}}})"
