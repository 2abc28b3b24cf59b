"""Policies 5 and 6 in every domain that follows intake: event in, commands out; the rules after."""

from __future__ import annotations

import uuid
from datetime import date
from functools import reduce
from importlib import import_module
from typing import TYPE_CHECKING, Any

import pytest

from contracts.services import declarations
from services.coaching.classification import extensions_for as coaching_extensions
from services.coaching.domain.commands import AssignCoach
from services.coaching.domain.model import Coaching
from services.coaching.domain.model import decide as coaching_decide
from services.debts.classification import extensions_for as debts_extensions
from services.debts.domain import events as debts_events
from services.debts.domain.commands import RecordDebt, RequestDebtHelp
from services.debts.domain.model import ErasedError, Trajectory
from services.debts.domain.model import decide as debts_decide
from services.housing.classification import extensions_for as housing_extensions
from shared.event_contracts.released import released_contracts
from shared.policy import SharingPolicy
from shared.projection import upcast_event
from shared.rules import AlreadyDoneError
from shared.subject_rights import (
    ConfirmErasure,
    Privacy,
    ResumeTimelineSharing,
    StopTimelineSharing,
)
from tests.support.cloudevents import cloud_event

if TYPE_CHECKING:
    from collections.abc import Callable

    from shared.envelope import CloudEvent
    from shared.events import DomainEvent

TODAY = date(2026, 11, 23)
YOUTH = uuid.UUID("00000000-0000-4000-8000-000000000005")
ERASED = "nl.regie.intake.personal-data-erased"
GIVEN = "nl.regie.intake.consent-given"
WITHDRAWN = "nl.regie.intake.consent-withdrawn"


Following = tuple[Any, str, Any, "Callable[..., Any]", "Callable[..., Any]", Any]


def _following_intake() -> dict[str, Following]:
    """Every service whose declared policies follow intake's sharing consent (policy 6).

    service -> (policies, its life domain, empty state, decide, evolve, its events module),
    read from its declaration (contracts/services.py), so a new domain is tested unlisted.
    """
    found: dict[str, Following] = {}
    for name, declaration in declarations().items():
        sharing = [p for p in declaration.policies if isinstance(p, SharingPolicy)]
        if sharing:
            pipeline, events = declaration.pipeline, import_module(f"services.{name}.domain.events")
            found[name] = (
                declaration.policies, sharing[0].leefgebied, pipeline.initial, pipeline.decide,
                pipeline.evolve, events,
            )  # fmt: skip
    return found


SERVICES = _following_intake()


def reactions(service: str, type_name: str, data: dict[str, object]) -> list[object]:
    event = cloud_event(type_name, str(YOUTH), {"youth_id": str(YOUTH), **data})
    return react_to(service, event)


def react_to(service: str, event: CloudEvent) -> list[object]:
    return [c for p in SERVICES[service][0] for c in p.react(event)]


def fold(service: str, events: list[DomainEvent]) -> Any:
    _, _, empty, _, evolve, _ = SERVICES[service]
    return reduce(evolve, events, empty)


@pytest.mark.parametrize("service", SERVICES)
def test_intake_erasure_asks_to_confirm_on_the_erasure_day(service):
    commands = reactions(service, ERASED, {"reason": "verzoek_art17", "erased_on": "2026-11-20"})
    assert commands == [ConfirmErasure(youth_id=YOUTH, erased_on=date(2026, 11, 20))]


@pytest.mark.parametrize("service", SERVICES)
def test_withdrawn_sharing_consent_stops_only_its_life_domains(service):
    leefgebied = SERVICES[service][1]
    withdrawn = {
        "purpose": "tijdlijn_delen",
        "leefgebieden": [leefgebied],
        "withdrawn_on": "2026-11-21",
    }
    stop = reactions(service, f"{WITHDRAWN}.v2", withdrawn)
    assert stop == [StopTimelineSharing(youth_id=YOUTH, stopped_on=date(2026, 11, 21))]
    other = reactions(service, f"{WITHDRAWN}.v2", {**withdrawn, "purpose": "netwerk_betrekken"})
    assert other == []
    elsewhere = reactions(service, f"{WITHDRAWN}.v2", {**withdrawn, "leefgebieden": ["zorg"]})
    assert elsewhere == []


@pytest.mark.parametrize("service", SERVICES)
def test_a_version_1_withdrawal_read_from_kafka_stops_every_domain(service):
    """As the runner reads it: upcast with the released upcaster, to every life domain."""
    v1 = {"purpose": "tijdlijn_delen", "withdrawn_on": "2026-11-21"}
    event = cloud_event(WITHDRAWN, str(YOUTH), {"youth_id": str(YOUTH), **v1})
    reading = upcast_event(event, released_contracts())
    assert reading.upcast_from == 1
    assert reading.event is not None
    assert reading.event.type == f"{WITHDRAWN}.v2"
    stop = react_to(service, reading.event)
    assert stop == [StopTimelineSharing(youth_id=YOUTH, stopped_on=date(2026, 11, 21))]


@pytest.mark.parametrize("service", SERVICES)
def test_given_sharing_consent_resumes_only_when_it_covers_the_domain(service):
    leefgebied = SERVICES[service][1]
    given = {"purpose": "tijdlijn_delen", "given_on": "2026-11-22"}
    covering = reactions(service, GIVEN, {**given, "leefgebieden": [leefgebied, "zorg"]})
    assert covering == [ResumeTimelineSharing(youth_id=YOUTH, resumed_on=date(2026, 11, 22))]
    assert reactions(service, GIVEN, {**given, "leefgebieden": ["zorg"]}) == []
    other_purpose = {**given, "purpose": "gegevens_uitwisselen", "leefgebieden": [leefgebied]}
    assert reactions(service, GIVEN, other_purpose) == []


@pytest.mark.parametrize("service", SERVICES)
def test_unrelated_intake_events_call_for_nothing(service):
    assert reactions(service, "nl.regie.intake.programme-enrolled", {"programma": "dtj"}) == []


@pytest.mark.parametrize("service", SERVICES)
def test_erasure_is_confirmed_once_also_for_a_young_person_never_heard_of(service):
    _, _, empty, decide, _, events = SERVICES[service]
    command = ConfirmErasure(youth_id=YOUTH, erased_on=TODAY)
    confirmed = decide(empty, command, TODAY)
    assert confirmed == [events.ErasureConfirmed(youth_id=YOUTH, service=service, erased_on=TODAY)]
    with pytest.raises(AlreadyDoneError):
        decide(fold(service, confirmed), command, TODAY)


@pytest.mark.parametrize("service", SERVICES)
def test_sharing_stops_resumes_and_refuses_what_already_holds(service):
    _, _, empty, decide, _, events = SERVICES[service]
    stop = StopTimelineSharing(youth_id=YOUTH, stopped_on=TODAY)
    resume = ResumeTimelineSharing(youth_id=YOUTH, resumed_on=TODAY)
    with pytest.raises(AlreadyDoneError):
        decide(empty, resume, TODAY)
    stopped = decide(empty, stop, TODAY)
    assert stopped == [events.TimelineSharingStopped(youth_id=YOUTH, stopped_on=TODAY)]
    state = fold(service, stopped)
    assert state.privacy == Privacy(timeline_shared=False)
    with pytest.raises(AlreadyDoneError):
        decide(state, stop, TODAY)
    resumed = decide(state, resume, TODAY)
    assert fold(service, [*stopped, *resumed]).privacy == Privacy()


def test_debts_hears_privacy_commands_even_after_its_amounts_were_erased():
    requested = debts_decide(
        Trajectory(),
        RequestDebtHelp(youth_id=YOUTH, trajectory_id=uuid.uuid4(), requested_on=TODAY),
        TODAY,
    )
    erased = debts_events.DebtRecorded(
        youth_id=YOUTH, trajectory_id=requested[0].trajectory_id, debt_id="d1",
        creditor_type="overig", creditor_name="gegevens vernietigd",
        amount="gegevens vernietigd", recorded_on=TODAY,
    )  # fmt: skip
    state = fold("debts", [*requested, erased])
    record = RecordDebt(
        youth_id=YOUTH, debt_id="d2", creditor_type="zorg", creditor_name="X", amount=1,
        recorded_on=TODAY,
    )  # fmt: skip
    with pytest.raises(ErasedError):
        debts_decide(state, record, TODAY)
    assert debts_decide(state, ConfirmErasure(youth_id=YOUTH, erased_on=TODAY), TODAY)


def test_a_new_debt_trajectory_keeps_the_stopped_sharing():
    stopped = [debts_events.TimelineSharingStopped(youth_id=YOUTH, stopped_on=TODAY)]
    command = RequestDebtHelp(youth_id=YOUTH, trajectory_id=uuid.uuid4(), requested_on=TODAY)
    state = fold("debts", [*stopped, *debts_decide(fold("debts", stopped), command, TODAY)])
    assert state.open
    assert not state.privacy.timeline_shared


def test_each_domain_flags_its_events_while_not_sharing():
    not_shared = Privacy(timeline_shared=False)
    assert "delen" not in debts_extensions(Trajectory())
    assert debts_extensions(Trajectory(privacy=not_shared))["delen"] == "nee"
    housed = "nl.regie.housing.housed"
    assert "delen" not in housing_extensions(housed, Privacy())
    assert housing_extensions(housed, not_shared) == {
        "grondslag": "wmo", "leefgebied": "wonen", "vertrouwelijkheid": "vertrouwelijk",
        "delen": "nee",
    }  # fmt: skip
    assigned = coaching_decide(
        Coaching(),
        AssignCoach(youth_id=YOUTH, kind="klantmanager", coach_id="c-1", from_on=TODAY),
        TODAY,
    )[0]
    assert "delen" not in coaching_extensions(assigned, Coaching())
    assert coaching_extensions(assigned, Coaching(privacy=not_shared))["delen"] == "nee"
