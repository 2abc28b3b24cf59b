"""Erasure on fakes: record first, then destroy the key; a crash in between is finished later.

For the services that follow intake's erasure (policy 5: `ConfirmErasure` through their
pipeline, shared/policy/erasure.py) and for intake's own erasure (`erase_youth`). The same
over PostgreSQL and Kafka: tests/integration/privacy/test_reactions.py.
"""

from __future__ import annotations

import uuid

import pytest

from services.intake.bootstrap import DECLARATION as INTAKE
from services.intake.domain.commands import EraseYouth
from services.intake.handlers import erase_youth
from shared.personal_data import ERASED, personal_fields
from shared.policy import reaction_id
from shared.rules import NotPermittedError
from shared.subject_rights import ConfirmErasure
from tests.support.cloudevents import cloud_event
from tests.support.fakes import OTHER_TENANT, InMemoryKeyStore, Wired, metadata
from tests.support.scenario import TODAY
from tests.unit.service_layer.services import FOLLOWING_INTAKE, SERVICES, ids

YOUNG = uuid.UUID("00000000-0000-4000-8000-0000000e7a5e")
INTAKE_ERASED = "nl.regie.intake.personal-data-erased"
CONFIRMED = "erasure-confirmed"
each_following = pytest.mark.parametrize("service", FOLLOWING_INTAKE, ids=ids)


class Witness(InMemoryKeyStore):
    """Keys that note what the young person's stream held when the key was destroyed."""

    def __init__(self) -> None:
        """No keys yet, nothing witnessed; `wired` is set once the service is wired."""
        super().__init__()
        self.wired: Wired | None = None
        self.held_at_erasure: list[list[str]] = []

    async def erase(self, subject, reason, actor):
        """Note the stream, then destroy."""
        assert self.wired is not None
        self.held_at_erasure.append(await self.wired.kinds(uuid.UUID(subject)))
        await super().erase(subject, reason, actor)


class Crashing(InMemoryKeyStore):
    """Keys whose first destruction fails, as a crash between record and destroy would."""

    crashed = False

    async def erase(self, subject, reason, actor):
        """Fail the first time, as a crash would."""
        if not self.crashed:
            self.crashed = True
            raise ConnectionResetError("crash between recording and destroying")
        await super().erase(subject, reason, actor)


def witnessed(service) -> Wired:
    keys = Witness()
    keys.wired = Wired(service.declaration, keys=keys)
    return keys.wired


def trigger(youth_id=YOUNG, gemeente="0518"):
    """Intake's erasure as the policies read it from intake's topic."""
    data = {"reason": "verzoek_art17", "erased_on": TODAY.isoformat()}
    return cloud_event(INTAKE_ERASED, str(youth_id), data, gemeente=gemeente)


async def with_personal_data(service, wired: Wired) -> None:
    for command in service.commands(YOUNG):
        await wired.when(command)


async def confirmations(wired: Wired) -> list[str]:
    return [k for k in await wired.kinds(YOUNG) if k == CONFIRMED]


def test_every_service_but_intake_follows_intakes_erasure():
    """Intake erases itself (below); a new service joins the parametrised tests by its policy."""
    assert {s.name for s in FOLLOWING_INTAKE} == {s.name for s in SERVICES} - {"intake"}


# --- the services that confirm intake's erasure ------------------------------------------------


@each_following
async def test_the_confirmation_is_recorded_before_the_key_is_destroyed(service):
    wired = witnessed(service)
    await with_personal_data(service, wired)

    outcome = await wired.when(ConfirmErasure(youth_id=YOUNG, erased_on=TODAY))

    assert outcome.appended
    [held] = wired.keys.held_at_erasure
    assert held[-1] == CONFIRMED
    assert await wired.keys.is_erased(str(YOUNG))
    last_personal = (await wired.opened(YOUNG))[-2]
    sealed = personal_fields(type(last_personal))
    assert {getattr(last_personal, n) for n in sealed} == {ERASED}


@each_following
async def test_a_crash_between_record_and_destroy_is_finished_by_the_redelivery(service):
    """The trigger comes again (same reaction id): the key goes, nothing is recorded twice."""
    wired = Wired(service.declaration, keys=Crashing())
    await with_personal_data(service, wired)
    reactions = wired.reactions()
    erased = trigger()

    with pytest.raises(ConnectionResetError):
        await reactions.apply(None, [erased])  # recorded; the key is still there
    assert await confirmations(wired) == [CONFIRMED]
    assert await wired.keys.for_reading(str(YOUNG)) is not None

    await reactions.apply(None, [erased])  # the redelivery after the crash
    await reactions.apply(None, [erased])  # and a plain duplicate

    assert await confirmations(wired) == [CONFIRMED]
    assert await wired.keys.is_erased(str(YOUNG))
    assert await wired.keys.for_reading(str(YOUNG)) is None
    confirmation = (await wired.recorded(YOUNG))[-1]
    policy = f"{service.name}.erasure"
    assert confirmation.event_id == reaction_id(f"{service.name}/{policy}", erased.id)
    assert confirmation.metadata.causation_id == str(erased.id)
    assert confirmation.metadata.actor == f"beleid.{policy}"


@each_following
async def test_another_erasure_trigger_after_a_crash_also_finishes_it(service):
    """A new trigger id is "already confirmed": the key is destroyed, nothing recorded."""
    wired = Wired(service.declaration, keys=Crashing())
    await with_personal_data(service, wired)
    reactions = wired.reactions()
    with pytest.raises(ConnectionResetError):
        await reactions.apply(None, [trigger()])

    await reactions.apply(None, [trigger()])  # intake's event published again, a new id

    assert await confirmations(wired) == [CONFIRMED]
    assert await wired.keys.for_reading(str(YOUNG)) is None


@each_following
async def test_a_young_person_never_heard_of_is_confirmed_and_stays_erased(service):
    wired = Wired(service.declaration)
    await wired.reactions().apply(None, [trigger()])

    assert await wired.kinds(YOUNG) == [CONFIRMED]
    assert await wired.keys.is_erased(str(YOUNG))


@each_following
async def test_another_municipalitys_trigger_is_refused_and_the_key_kept(service):
    """The runner parks it on the dead-letter topic; here: refused, nothing done."""
    wired = Wired(service.declaration)
    await with_personal_data(service, wired)

    with pytest.raises(NotPermittedError) as refused:
        await wired.reactions().apply(None, [trigger(gemeente=OTHER_TENANT)])

    assert refused.value.other_municipality
    assert await confirmations(wired) == []
    assert await wired.keys.for_reading(str(YOUNG)) is not None


# --- intake's own erasure ----------------------------------------------------------------------


async def intake_with_personal_data(keys: InMemoryKeyStore) -> Wired:
    wired = Wired(INTAKE, keys=keys)
    intake = next(s for s in SERVICES if s.name == "intake")
    for command in intake.commands(YOUNG):
        await wired.when(command)
    return wired


ERASE = EraseYouth(youth_id=YOUNG, reason="verzoek_art17")
PRIVACY_OFFICER = metadata(actor="privacy-officer-1")


async def test_intake_records_the_erasure_before_destroying_the_key():
    keys = Witness()
    wired = keys.wired = await intake_with_personal_data(keys)

    outcome = await erase_youth(wired.deps, keys, ERASE, PRIVACY_OFFICER)

    assert outcome.appended
    held = ["youth-registered", "identity-verified", "personal-data-erased"]
    assert keys.held_at_erasure == [held]
    registered = (await wired.opened(YOUNG))[0]
    assert registered.full_name == ERASED


async def test_intake_finishes_an_interrupted_erasure_on_a_repeat_without_recording_twice():
    keys = Crashing()
    wired = await intake_with_personal_data(keys)
    with pytest.raises(ConnectionResetError):
        await erase_youth(wired.deps, keys, ERASE, PRIVACY_OFFICER)
    assert await keys.for_reading(str(YOUNG)) is not None

    again = await erase_youth(wired.deps, keys, ERASE, PRIVACY_OFFICER)

    assert not again.appended
    assert (await wired.kinds(YOUNG)).count("personal-data-erased") == 1
    assert await keys.for_reading(str(YOUNG)) is None


async def test_intake_refuses_to_erase_another_municipalitys_young_person():
    keys = InMemoryKeyStore()
    wired = await intake_with_personal_data(keys)
    stranger = metadata(OTHER_TENANT, "privacy-officer-9")
    with pytest.raises(NotPermittedError) as refused:
        await erase_youth(wired.deps, keys, ERASE, stranger)
    assert refused.value.other_municipality
    assert await keys.for_reading(str(YOUNG)) is not None
    assert len(await wired.recorded(YOUNG)) == 2

    await erase_youth(wired.deps, keys, ERASE, PRIVACY_OFFICER)
    with pytest.raises(NotPermittedError) as refused:  # nor learn that it was erased
        await erase_youth(wired.deps, keys, ERASE, stranger)
    assert refused.value.other_municipality
    assert keys.erasures[str(YOUNG)] == ("verzoek_art17", "privacy-officer-1")
