"""Given events, when a command, then events (or a refusal): intake's rules after registration."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from services.intake.domain.commands import (
    AgreeFuturePlan,
    ApplyCustomisation,
    AssessSelfReliance,
    AssignDirector,
    Command,
    EnrolInProgramme,
    EraseYouth,
    ExitProgramme,
    GiveConsent,
    HoldCaseConference,
    ReferYouth,
    RegisterYouth,
    ReviewFuturePlan,
    VerifyIdentity,
    WithdrawConsent,
)
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
from services.intake.domain.model import (
    AlreadyDoneError,
    ErasedError,
    RuleViolationError,
    UnknownYouthError,
    Youth,
    decide,
    evolve,
)
from shared.eventstore import Checkpoint, Metadata, RecordedEvent
from tests.unit.intake.givens import (
    COMMAND_DEFAULTS,
    START,
    TODAY,
    TOMORROW,
    command,
    event,
    given,
    goals,
    in_the_thick_of_it,
    plan_goals,
    when,
)

DASH = "\N{EN DASH}"
ALL_COMMANDS = list(COMMAND_DEFAULTS)
NEED_REGISTRATION = [c for c in ALL_COMMANDS if c not in {ReferYouth, RegisterYouth, EraseYouth}]


def refusal(state: Youth, cmd: Command, *, age: int | None = 20) -> RuleViolationError:
    """The error `cmd` is refused with; fails the test if it is accepted."""
    with pytest.raises(RuleViolationError) as refused:
        when(state, cmd, age=age)
    return refused.value


# --- facts lie in the past -------------------------------------------------------------------

FACT_DATES = [
    (ReferYouth, "received_on"),
    (RegisterYouth, "date_of_birth"),
    (RegisterYouth, "registered_on"),
    (VerifyIdentity, "verified_on"),
    (GiveConsent, "given_on"),
    (WithdrawConsent, "withdrawn_on"),
    (AssessSelfReliance, "assessed_on"),
    (EnrolInProgramme, "start_on"),
    (AssignDirector, "from_on"),
    (AgreeFuturePlan, "agreed_on"),
    (ReviewFuturePlan, "reviewed_on"),
    (HoldCaseConference, "held_on"),
    (ApplyCustomisation, "applied_on"),
    (ExitProgramme, "exit_on"),
]


def ready_for(cls: type[Command], youth_id: uuid.UUID) -> Youth:
    """A state in which the default `cls` command is accepted."""
    return Youth() if cls is RegisterYouth else given(*in_the_thick_of_it(youth_id))


@pytest.mark.parametrize(("cls", "field"), FACT_DATES, ids=[f for _, f in FACT_DATES])
def test_a_fact_dated_tomorrow_is_refused(cls, field):
    """Every date of something that happened must be today or earlier, naming the field."""
    youth_id = uuid.uuid4()
    error = refusal(ready_for(cls, youth_id), command(cls, youth_id, **{field: TOMORROW}))
    assert error.field == field
    assert "ligt in de toekomst" in error.nl
    assert "is in the future" in error.en


@pytest.mark.parametrize(("cls", "field"), FACT_DATES, ids=[f for _, f in FACT_DATES])
def test_a_fact_dated_today_is_accepted(cls, field):
    """Today is not the future: the same command dated today yields its event."""
    youth_id = uuid.uuid4()
    dated = TODAY if field != "date_of_birth" else date(2004, 11, 22)
    assert when(ready_for(cls, youth_id), command(cls, youth_id, **{field: dated}))


def test_a_registration_recorded_afterwards_keeps_its_day_and_the_age_rules_apply_on_it():
    """A registration entered late is dated on its own day, not on the day it was typed in."""
    youth_id = uuid.uuid4()
    earlier = TODAY - timedelta(days=200)
    [registered] = when(Youth(), command(RegisterYouth, youth_id, registered_on=earlier))
    assert isinstance(registered, YouthRegistered)
    assert registered.registered_on == earlier
    # Sixteen today, but fifteen on that day: too young to have been registered then.
    sixteen_today = TODAY.replace(year=TODAY.year - 16) - timedelta(days=30)
    error = refusal(
        Youth(),
        command(RegisterYouth, youth_id, date_of_birth=sixteen_today, registered_on=earlier),
    )
    assert error.field == "date_of_birth"
    assert "Leeftijd 15" in error.nl


# --- who the commands are for ----------------------------------------------------------------


@pytest.mark.parametrize("cls", NEED_REGISTRATION, ids=lambda c: c.__name__)
@pytest.mark.parametrize("history", ["unknown", "referred"])
def test_commands_for_an_unregistered_young_person_are_refused(cls, history):
    """Everything but a referral, registration or erasure needs a registered young person."""
    youth_id = uuid.uuid4()
    before = [event(YouthReferred, youth_id)] if history == "referred" else []
    error = refusal(given(*before), command(cls, youth_id))
    assert isinstance(error, UnknownYouthError)
    assert (error.nl, error.en) == ("Onbekende jongere", "Unknown young person")


def test_erasing_an_unknown_young_person_is_refused():
    """There is nothing to erase about someone never referred or registered."""
    error = refusal(Youth(), command(EraseYouth, uuid.uuid4()))
    assert isinstance(error, UnknownYouthError)


@pytest.mark.parametrize(
    "cls", [c for c in ALL_COMMANDS if c is not EraseYouth], ids=lambda c: c.__name__
)
def test_an_erased_young_person_refuses_every_command_but_erasure(cls):
    """After erasure nothing new is recorded about the young person."""
    youth_id = uuid.uuid4()
    state = given(*in_the_thick_of_it(youth_id), event(PersonalDataErased, youth_id))
    error = refusal(state, command(cls, youth_id))
    assert isinstance(error, ErasedError)
    assert error.nl == "De gegevens van deze jongere zijn vernietigd"
    assert error.en == "This young person's data was erased"
    assert str(error) == error.nl


def test_erasing_a_registered_young_person_records_the_erasure():
    """Erasure is a fact dated today, with the reason."""
    youth_id = uuid.uuid4()
    cmd = command(EraseYouth, youth_id, reason="bewaartermijn_verlopen")
    [erased] = when(given(event(YouthRegistered, youth_id)), cmd)
    assert erased == PersonalDataErased(
        youth_id=youth_id, reason="bewaartermijn_verlopen", erased_on=TODAY
    )


def test_erasing_twice_is_already_done():
    """A second erasure repeats what already holds."""
    youth_id = uuid.uuid4()
    state = given(event(YouthRegistered, youth_id), event(PersonalDataErased, youth_id))
    error = refusal(state, command(EraseYouth, youth_id))
    assert isinstance(error, AlreadyDoneError)
    assert error.nl == "De gegevens van deze jongere zijn al vernietigd"


def test_a_command_without_rules_is_a_programming_error():
    """A command class nobody registered rules for fails loudly, not as a refusal."""

    class Unheard(Command):
        pass

    with pytest.raises(TypeError, match="Unheard"):
        decide(Youth(), Unheard(youth_id=uuid.uuid4()), TODAY)


# --- identity ---------------------------------------------------------------------------------


def test_a_bsn_passing_the_elfproef_verifies_the_identity():
    """A valid BSN is recorded in the event (which the handler seals)."""
    youth_id = uuid.uuid4()
    cmd = command(VerifyIdentity, youth_id, bsn="123456782", method="id_document")
    [verified] = when(given(event(YouthRegistered, youth_id)), cmd)
    assert verified == IdentityVerified(
        youth_id=youth_id, method="id_document", bsn="123456782", verified_on=TODAY
    )


@pytest.mark.parametrize(
    ("bsn", "nl"),
    [
        ("12345678", "Een BSN bestaat uit 9 cijfers"),
        ("1234567820", "Een BSN bestaat uit 9 cijfers"),
        ("12345678a", "Een BSN bestaat uit 9 cijfers"),
        ("123456789", "Dit BSN voldoet niet aan de elfproef"),
        ("000000000", "Dit BSN voldoet niet aan de elfproef"),
    ],
)
def test_a_bsn_that_is_not_nine_digits_or_fails_the_elfproef_is_refused(bsn, nl):
    """The BSN is checked for its form and its eleven test, naming the field but not the number."""
    youth_id = uuid.uuid4()
    error = refusal(
        given(event(YouthRegistered, youth_id)), command(VerifyIdentity, youth_id, bsn=bsn)
    )
    assert (error.field, error.nl) == ("bsn", nl)
    assert bsn not in error.nl
    assert bsn not in error.en


# --- consent -----------------------------------------------------------------------------------


@pytest.mark.parametrize("valid_until", [TODAY, TODAY - timedelta(days=1)])
def test_consent_valid_until_on_or_before_the_day_it_was_given_is_refused(valid_until):
    """A consent must hold for at least a day after it is given."""
    youth_id = uuid.uuid4()
    cmd = command(GiveConsent, youth_id, valid_until=valid_until)
    error = refusal(given(event(YouthRegistered, youth_id)), cmd)
    assert error.field == "valid_until"


def test_consent_is_recorded_for_its_purpose_and_domains():
    """A consent names its purpose, the life domains it covers and when it lapses."""
    youth_id = uuid.uuid4()
    cmd = command(
        GiveConsent,
        youth_id,
        purpose="gegevens_uitwisselen",
        leefgebieden=["wonen", "financien"],
        valid_until=date(2027, 11, 22),
    )
    [given_] = when(given(event(YouthRegistered, youth_id)), cmd)
    assert given_ == ConsentGiven(
        youth_id=youth_id,
        purpose="gegevens_uitwisselen",
        leefgebieden=["wonen", "financien"],
        given_on=TODAY,
        valid_until=date(2027, 11, 22),
    )


def test_withdrawing_an_active_consent_is_recorded():
    """A consent given earlier can be withdrawn."""
    youth_id = uuid.uuid4()
    [withdrawn] = when(given(*in_the_thick_of_it(youth_id)), command(WithdrawConsent, youth_id))
    assert withdrawn == ConsentWithdrawn(
        youth_id=youth_id, purpose="tijdlijn_delen", leefgebieden=["wonen"], withdrawn_on=TODAY
    )


def test_a_withdrawal_for_some_life_domains_leaves_the_consent_for_the_others():
    """Version 2 of the event: the consent keeps holding for what was not withdrawn."""
    youth_id = uuid.uuid4()
    state = given(
        event(YouthRegistered, youth_id),
        event(ConsentGiven, youth_id, leefgebieden=["wonen", "financien", "werk"]),
    )
    [withdrawn] = when(state, command(WithdrawConsent, youth_id, leefgebieden=["werk", "wonen"]))
    assert withdrawn.leefgebieden == ["werk", "wonen"]
    still = evolve(state, withdrawn)
    assert still.consents["tijdlijn_delen"] == frozenset({"financien"})
    [rest] = when(still, command(WithdrawConsent, youth_id))
    assert rest.leefgebieden == ["financien"]
    assert "tijdlijn_delen" not in evolve(still, rest).consents


def test_withdrawing_a_life_domain_the_consent_does_not_cover_is_refused():
    youth_id = uuid.uuid4()
    state = given(event(YouthRegistered, youth_id), event(ConsentGiven, youth_id))
    error = refusal(state, command(WithdrawConsent, youth_id, leefgebieden=["wonen", "justitie"]))
    assert error.field == "leefgebieden"
    assert error.en == "The consent for tijdlijn_delen does not cover justitie"


def test_a_version_1_withdrawal_in_history_still_withdraws_the_whole_consent():
    """Stored before version 2: read through the upcaster, it names every life domain."""
    youth_id = uuid.uuid4()
    v1 = RecordedEvent(
        event_id=uuid.uuid4(), stream_id=f"youth-{youth_id}", stream_version=3,
        event_type="nl.regie.intake.consent-withdrawn", schema_version=1,
        subject=str(youth_id), data=json.dumps({
            "youth_id": str(youth_id), "purpose": "tijdlijn_delen", "withdrawn_on": "2026-01-05",
        }),
        metadata=Metadata(tenant="0518", actor="a", actor_role="intake", correlation_id="c"),
        recorded_at=datetime(2026, 1, 5, tzinfo=UTC), checkpoint=Checkpoint(1, 1),
    )  # fmt: skip
    withdrawn = CATALOGUE.decode(v1)
    assert isinstance(withdrawn, ConsentWithdrawn)
    assert "financien" in withdrawn.leefgebieden
    assert "justitie" in withdrawn.leefgebieden
    state = given(
        event(YouthRegistered, youth_id),
        event(ConsentGiven, youth_id, leefgebieden=["wonen", "financien"]),
    )
    assert "tijdlijn_delen" not in evolve(state, withdrawn).consents


@pytest.mark.parametrize("history", ["never given", "other purpose", "already withdrawn"])
def test_withdrawing_a_consent_that_is_not_active_is_refused(history):
    """Only a consent that holds for that purpose can be withdrawn."""
    youth_id = uuid.uuid4()
    before = {
        "never given": [],
        "other purpose": [event(ConsentGiven, youth_id, purpose="netwerk_betrekken")],
        "already withdrawn": [event(ConsentGiven, youth_id), event(ConsentWithdrawn, youth_id)],
    }[history]
    state = given(event(YouthRegistered, youth_id), *before)
    error = refusal(state, command(WithdrawConsent, youth_id))
    assert error.field == "purpose"
    assert error.nl == "Er is geen geldende toestemming voor tijdlijn_delen"
    assert error.en == "There is no active consent for tijdlijn_delen"


# --- self-reliance ----------------------------------------------------------------------------


def test_health_addiction_and_justice_scores_are_kept_apart():
    """Special-category scores go into `sensitive_scores`, to be sealed; the rest stays clear."""
    youth_id = uuid.uuid4()
    scores = {
        "wonen": 2,
        "financien": 1,
        "verslaving": 3,
        "justitie": 4,
        "psychische_gezondheid": 2,
    }
    cmd = command(AssessSelfReliance, youth_id, scores=scores)
    [assessed] = when(given(event(YouthRegistered, youth_id)), cmd)
    assert assessed == SelfRelianceAssessed(
        youth_id=youth_id,
        scores={"wonen": 2, "financien": 1},
        sensitive_scores={"verslaving": 3, "justitie": 4, "psychische_gezondheid": 2},
        assessed_on=TODAY,
    )


# --- programmes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("programma", "age"), [("jpf", 18), ("jpf", 27), ("dtj", 18), ("dtj", 27), ("rodeloper", 16)]
)
def test_enrolment_within_the_programmes_ages_is_accepted(programma, age):
    """The programme's limits are inclusive."""
    youth_id = uuid.uuid4()
    cmd = command(EnrolInProgramme, youth_id, programma=programma)
    [enrolled] = when(given(event(YouthRegistered, youth_id)), cmd, age=age)
    assert enrolled == ProgrammeEnrolled(youth_id=youth_id, programma=programma, start_on=TODAY)


@pytest.mark.parametrize(
    ("programma", "age", "span"),
    [("jpf", 17, f"18{DASH}27"), ("jpf", 28, f"18{DASH}27"), ("dtj", 28, f"18{DASH}27")],
)
def test_enrolment_outside_the_programmes_ages_is_refused(programma, age, span):
    """Programmes jpf and dtj take 18 to 27; a year outside is refused on programma."""
    youth_id = uuid.uuid4()
    cmd = command(EnrolInProgramme, youth_id, programma=programma)
    error = refusal(given(event(YouthRegistered, youth_id)), cmd, age=age)
    assert error.field == "programma"
    assert error.nl == f"Leeftijd {age} valt buiten het programma {programma} ({span})"
    assert error.en == f"Age {age} is outside programme {programma} ({span})"


def test_enrolment_without_a_known_age_is_refused():
    """The programme's ages cannot be checked without the age."""
    youth_id = uuid.uuid4()
    error = refusal(
        given(event(YouthRegistered, youth_id)), command(EnrolInProgramme, youth_id), age=None
    )
    assert error.nl.startswith("Leeftijd onbekend: ")
    assert error.en.startswith("Age unknown: ")


def test_enrolling_twice_at_once_is_already_done():
    """No enrolment in a programme the young person is already in."""
    youth_id = uuid.uuid4()
    state = given(*in_the_thick_of_it(youth_id))
    error = refusal(state, command(EnrolInProgramme, youth_id, programma="jpf"))
    assert isinstance(error, AlreadyDoneError)
    assert error.field == "programma"


def test_enrolling_in_a_second_programme_is_accepted():
    """Programmes run side by side: jpf and rodeloper at once is fine."""
    youth_id = uuid.uuid4()
    cmd = command(EnrolInProgramme, youth_id, programma="rodeloper")
    assert when(given(*in_the_thick_of_it(youth_id)), cmd)


def test_an_exit_closes_the_programme_so_enrolling_again_is_accepted():
    """After leaving jpf, a young person may start in it again."""
    youth_id = uuid.uuid4()
    state = given(*in_the_thick_of_it(youth_id), event(ProgrammeExited, youth_id))
    assert "jpf" not in state.active_programmes
    [enrolled] = when(state, command(EnrolInProgramme, youth_id, programma="jpf"))
    assert isinstance(enrolled, ProgrammeEnrolled)


def test_exiting_a_programme_is_recorded():
    """The exit carries the reason and the destination."""
    youth_id = uuid.uuid4()
    cmd = command(ExitProgramme, youth_id, reason="zelf_gestopt", destination="geen")
    [exited, _aftercare] = when(given(*in_the_thick_of_it(youth_id)), cmd)  # the last exit
    assert exited == ProgrammeExited(
        youth_id=youth_id, programma="jpf", reason="zelf_gestopt", destination="geen", exit_on=TODAY
    )


def test_an_exit_names_the_programmes_still_running_and_none_after_the_last():
    """In jpf and rodeloper: leaving jpf leaves rodeloper; leaving rodeloper then leaves none."""
    youth_id = uuid.uuid4()
    both = [
        *in_the_thick_of_it(youth_id),
        event(ProgrammeEnrolled, youth_id, programma="rodeloper"),
    ]
    [first] = when(given(*both), command(ExitProgramme, youth_id, programma="jpf"))
    assert isinstance(first, ProgrammeExited)
    assert first.still_enrolled_in == ["rodeloper"]
    [last, _aftercare] = when(
        given(*both, first), command(ExitProgramme, youth_id, programma="rodeloper")
    )
    assert isinstance(last, ProgrammeExited)
    assert (last.programma, last.still_enrolled_in) == ("rodeloper", [])


def test_the_programmes_still_running_are_named_in_a_stable_order():
    """Sorted, whatever the order of enrolment: a retried decision records the same event."""
    youth_id = uuid.uuid4()
    state = given(
        *in_the_thick_of_it(youth_id),
        event(ProgrammeEnrolled, youth_id, programma="toekomstgesprek"),
        event(ProgrammeEnrolled, youth_id, programma="dtj"),
        event(ProgrammeEnrolled, youth_id, programma="rodeloper"),
    )
    [exited] = when(state, command(ExitProgramme, youth_id, programma="toekomstgesprek"))
    assert isinstance(exited, ProgrammeExited)
    assert exited.still_enrolled_in == ["dtj", "jpf", "rodeloper"]


@pytest.mark.parametrize(
    "history",
    ["left earlier", "registered for another programme"],
)
def test_only_programmes_still_running_count_as_still_enrolled(history):
    """A programme left before, or registered for but never enrolled in, does not count."""
    youth_id = uuid.uuid4()
    before = {
        "left earlier": [
            event(YouthRegistered, youth_id),
            event(ProgrammeEnrolled, youth_id, programma="rodeloper"),
            event(ProgrammeExited, youth_id, programma="rodeloper"),
            event(ProgrammeEnrolled, youth_id, programma="jpf"),
        ],
        "registered for another programme": [
            event(YouthRegistered, youth_id, programma="dtj"),
            event(ProgrammeEnrolled, youth_id, programma="jpf"),
        ],
    }[history]
    [exited, _aftercare] = when(given(*before), command(ExitProgramme, youth_id, programma="jpf"))
    assert isinstance(exited, ProgrammeExited)
    assert exited.still_enrolled_in == []


def test_an_exit_stored_before_the_field_existed_reads_as_the_last_and_folds_as_before():
    """Without `still_enrolled_in` it reads as empty; the state still drops only that one."""
    youth_id = uuid.uuid4()
    old = RecordedEvent(
        event_id=uuid.uuid4(), stream_id=f"youth-{youth_id}", stream_version=4,
        event_type="nl.regie.intake.programme-exited", schema_version=1,
        subject=str(youth_id), data=json.dumps({
            "youth_id": str(youth_id), "programma": "jpf", "reason": "verhuisd",
            "destination": "geen", "exit_on": "2026-01-05",
        }),
        metadata=Metadata(tenant="0518", actor="a", actor_role="intake", correlation_id="c"),
        recorded_at=datetime(2026, 1, 5, tzinfo=UTC), checkpoint=Checkpoint(1, 1),
    )  # fmt: skip
    exited = CATALOGUE.decode(old)
    assert isinstance(exited, ProgrammeExited)
    assert exited.still_enrolled_in == []
    state = given(
        *in_the_thick_of_it(youth_id), event(ProgrammeEnrolled, youth_id, programma="rodeloper")
    )
    assert evolve(state, exited).active_programmes == {"rodeloper"}


@pytest.mark.parametrize("history", ["never enrolled", "already exited"])
def test_exiting_a_programme_one_is_not_in_is_refused(history):
    """Only an active programme can be left."""
    youth_id = uuid.uuid4()
    before = [event(ProgrammeEnrolled, youth_id), event(ProgrammeExited, youth_id)]
    state = given(
        event(YouthRegistered, youth_id), *(before if history == "already exited" else [])
    )
    error = refusal(state, command(ExitProgramme, youth_id))
    assert error.field == "programma"
    assert error.nl == "Deze jongere zit niet in programma jpf"


def test_exiting_before_the_programme_started_is_refused():
    """The last day in a programme cannot lie before its first."""
    youth_id = uuid.uuid4()
    cmd = command(ExitProgramme, youth_id, exit_on=START - timedelta(days=1))
    error = refusal(given(*in_the_thick_of_it(youth_id)), cmd)
    assert error.field == "exit_on"


def test_exiting_on_the_day_the_programme_started_is_accepted():
    """A programme of one day is short, but possible."""
    youth_id = uuid.uuid4()
    assert when(
        given(*in_the_thick_of_it(youth_id)), command(ExitProgramme, youth_id, exit_on=START)
    )


# --- the jongerenregisseur --------------------------------------------------------------------


def test_a_first_director_has_no_predecessor():
    """The first assignment replaces nobody."""
    youth_id = uuid.uuid4()
    cmd = command(AssignDirector, youth_id, director_id="regisseur-1", team="Centrum")
    [assigned] = when(given(event(YouthRegistered, youth_id)), cmd)
    assert assigned == DirectorAssigned(
        youth_id=youth_id,
        director_id="regisseur-1",
        team="Centrum",
        previous_director_id=None,
        from_on=TODAY,
    )


def test_a_reassignment_carries_the_previous_director():
    """There is one director at a time: a new one replaces the current one, explicitly."""
    youth_id = uuid.uuid4()
    state = given(*in_the_thick_of_it(youth_id))
    [assigned] = when(state, command(AssignDirector, youth_id, director_id="regisseur-2"))
    assert assigned.previous_director_id == "regisseur-1"
    assert given(*in_the_thick_of_it(youth_id), assigned).director_id == "regisseur-2"


def test_assigning_the_same_director_again_is_already_done():
    """The current director cannot be assigned a second time."""
    youth_id = uuid.uuid4()
    cmd = command(AssignDirector, youth_id, director_id="regisseur-1")
    error = refusal(given(*in_the_thick_of_it(youth_id)), cmd)
    assert isinstance(error, AlreadyDoneError)
    assert error.field == "director_id"


# --- the toekomstplan -------------------------------------------------------------------------


def test_a_plan_is_agreed_with_its_goals_and_their_texts():
    """The goals' ids, owners and days in clear; their life domains and texts, to be sealed."""
    youth_id = uuid.uuid4()
    state = given(event(YouthRegistered, youth_id), event(DirectorAssigned, youth_id))
    cmd = command(AgreeFuturePlan, youth_id, with_network=True)
    [agreed] = when(state, cmd)
    assert agreed == FuturePlanAgreed(
        youth_id=youth_id,
        plan_id="plan-2",
        goals=plan_goals("g1"),
        goal_leefgebieden={"g1": "wonen"},
        goal_texts={"g1": "Een eigen kamer"},
        agreed_on=TODAY,
        with_network=True,
    )


def test_a_plan_without_a_director_is_refused():
    """The jongerenregisseur owns the plan, so there is none without one."""
    youth_id = uuid.uuid4()
    error = refusal(given(event(YouthRegistered, youth_id)), command(AgreeFuturePlan, youth_id))
    assert error.nl == "Geen toekomstplan zonder jongerenregisseur"
    assert error.en == "No future plan without a youth director"
    assert error.field is None


def test_a_plan_with_two_goals_of_one_id_is_refused():
    """Goal ids are unique within a plan, or a review could not tell them apart."""
    youth_id = uuid.uuid4()
    cmd = command(AgreeFuturePlan, youth_id, goals=goals("g1", "g1"))
    error = refusal(given(*in_the_thick_of_it(youth_id)), cmd)
    assert error.field == "goals"
    assert "g1" in error.nl


@pytest.mark.parametrize(
    "goal_texts",
    [{}, {"g1": "Een kamer"}, {"g1": "Een kamer", "g2": "Werk", "g3": "Extra"}],
    ids=["none", "missing one", "one too many"],
)
def test_goal_texts_that_do_not_match_the_goals_are_refused(goal_texts):
    """Every goal has exactly one text, under its own id."""
    youth_id = uuid.uuid4()
    cmd = command(AgreeFuturePlan, youth_id, goals=goals("g1", "g2"), goal_texts=goal_texts)
    error = refusal(given(*in_the_thick_of_it(youth_id)), cmd)
    assert error.field == "goal_texts"


@pytest.mark.parametrize("later_plans", [[], ["plan-2"]], ids=["current", "earlier"])
def test_agreeing_a_plan_id_again_is_already_done(later_plans):
    """A plan id is agreed once, whether it is the current plan or an earlier one."""
    youth_id = uuid.uuid4()
    later = [event(FuturePlanAgreed, youth_id, plan_id=p) for p in later_plans]
    state = given(*in_the_thick_of_it(youth_id), *later)
    error = refusal(state, command(AgreeFuturePlan, youth_id, plan_id="plan-1"))
    assert isinstance(error, AlreadyDoneError)
    assert error.field == "plan_id"


def test_a_new_plan_replaces_the_current_one_with_open_goals():
    """The newest plan is the one leading plan; its goals start open."""
    youth_id = uuid.uuid4()
    [agreed] = when(given(*in_the_thick_of_it(youth_id)), command(AgreeFuturePlan, youth_id))
    state = given(*in_the_thick_of_it(youth_id), agreed)
    assert state.plan_id == "plan-2"
    assert dict(state.goal_statuses) == {"g1": "open"}


def test_a_review_records_the_goals_statuses():
    """A review gives the status of some or all goals of the current plan."""
    youth_id = uuid.uuid4()
    cmd = command(ReviewFuturePlan, youth_id, statuses={"g2": "bereikt"})
    [reviewed] = when(given(*in_the_thick_of_it(youth_id)), cmd)
    assert reviewed == FuturePlanReviewed(
        youth_id=youth_id, plan_id="plan-1", statuses={"g2": "bereikt"}, reviewed_on=TODAY
    )


@pytest.mark.parametrize("with_plan", [True, False], ids=["another plan", "no plan"])
def test_reviewing_a_plan_that_is_not_the_current_one_is_refused(with_plan):
    """Only the current plan is reviewed."""
    youth_id = uuid.uuid4()
    history = in_the_thick_of_it(youth_id) if with_plan else [event(YouthRegistered, youth_id)]
    cmd = command(ReviewFuturePlan, youth_id, plan_id="plan-9")
    error = refusal(given(*history), cmd)
    assert error.field == "plan_id"
    assert error.nl == "Toekomstplan plan-9 is niet het huidige plan"


def test_reviewing_an_unknown_goal_is_refused():
    """Every goal id in a review belongs to the plan."""
    youth_id = uuid.uuid4()
    cmd = command(ReviewFuturePlan, youth_id, statuses={"g1": "loopt", "g7": "bereikt"})
    error = refusal(given(*in_the_thick_of_it(youth_id)), cmd)
    assert error.field == "statuses"
    assert error.nl == "Onbekend doel in het plan: g7"
    assert error.en == "Unknown goal in the plan: g7"


# --- conferences and maatwerk -----------------------------------------------------------------


def test_a_case_conference_is_recorded():
    """A case conference names the organisations present and what they decided."""
    youth_id = uuid.uuid4()
    [held] = when(given(event(YouthRegistered, youth_id)), command(HoldCaseConference, youth_id))
    assert held == CaseConferenceHeld(
        youth_id=youth_id,
        participants=["gemeente", "wijkteam"],
        decisions="Schuldhulp start volgende week",
        held_on=TODAY,
    )


def test_a_customisation_is_recorded():
    """Maatwerk names the rule, the deviation and why."""
    youth_id = uuid.uuid4()
    [applied] = when(given(event(YouthRegistered, youth_id)), command(ApplyCustomisation, youth_id))
    assert applied == CustomisationApplied(
        youth_id=youth_id,
        rule="pw_zoektermijn",
        deviation="geen zoektermijn",
        rationale="Dakloos; eerst een dak",
        applied_on=TODAY,
    )


# --- the messages -----------------------------------------------------------------------------


def test_every_refusal_speaks_dutch_and_english():
    """Each refusal has both texts; the Dutch one is what `str` shows the user."""
    youth_id = uuid.uuid4()
    busy = given(*in_the_thick_of_it(youth_id))
    refusals = [
        refusal(Youth(), command(RegisterYouth, youth_id, date_of_birth=date(1990, 1, 1))),
        refusal(busy, command(RegisterYouth, youth_id)),
        refusal(Youth(), command(GiveConsent, youth_id)),
        refusal(busy, command(VerifyIdentity, youth_id, bsn="123456789")),
        refusal(busy, command(GiveConsent, youth_id, valid_until=START)),
        refusal(busy, command(WithdrawConsent, youth_id, purpose="netwerk_betrekken")),
        refusal(busy, command(EnrolInProgramme, youth_id, programma="dtj"), age=None),
        refusal(busy, command(ExitProgramme, youth_id, programma="dtj")),
        refusal(busy, command(AssignDirector, youth_id, director_id="regisseur-1")),
        refusal(busy, command(AgreeFuturePlan, youth_id, plan_id="plan-1")),
        refusal(busy, command(ReviewFuturePlan, youth_id, statuses={"g9": "open"})),
        refusal(busy, command(HoldCaseConference, youth_id, held_on=TOMORROW)),
        refusal(given(*in_the_thick_of_it(youth_id), event(PersonalDataErased, youth_id)),
                command(EraseYouth, youth_id)),
    ]  # fmt: skip
    for error in refusals:
        assert error.nl
        assert error.en
        assert error.nl != error.en
        assert str(error) == error.nl
