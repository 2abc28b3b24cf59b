"""Every commanding service's pipeline on fakes: the story, retries, tenant, versions, rights.

What the pipeline promises the HTTP routes and the policies, checked per service in
milliseconds (tests/support/fakes.py): the real declaration, an in-memory store and key
store, a fixed day. The same promises against PostgreSQL are the integration tests'.
"""

from __future__ import annotations

import dataclasses
import uuid

import pytest
from pydantic_core import from_json

from shared.command_http import event_id_for
from shared.command_pipeline import Outcome
from shared.eventstore import ConcurrencyError, InMemoryEventStore, NewEvent
from shared.personal_data import personal_fields
from shared.privacy.fields import is_ciphertext
from shared.rules import NotPermittedError
from tests.support.fakes import OTHER_TENANT, TENANT, Wired, wire
from tests.support.scenario import TODAY
from tests.unit.service_layer.services import SERVICES, ids

YOUNG = uuid.UUID("00000000-0000-4000-8000-00000000c0de")
each_service = pytest.mark.parametrize("service", SERVICES, ids=ids)


def told(service) -> tuple[Wired, list]:
    """The service on fakes, and its story's commands for YOUNG."""
    return wire(service.declaration), service.commands(YOUNG)


# --- given / when / then through the whole pipeline ------------------------------------------


@each_service
async def test_the_story_is_recorded_in_order_with_personal_data_sealed(service):
    """Each command appends one event; the store holds ciphertext, opening gives it back."""
    wired, commands = told(service)
    outcomes = [await wired.when(c) for c in commands]

    assert [(o.stream_version, o.appended) for o in outcomes] == [(1, True), (2, True)]
    recorded = await wired.recorded(YOUNG)
    assert [r.event_id for r in recorded] == [o.event_id for o in outcomes]
    assert {r.metadata.tenant for r in recorded} == {TENANT}
    assert {r.subject for r in recorded} == {str(YOUNG)}
    last = (await wired.opened(YOUNG))[-1]
    sealed = personal_fields(type(last))
    assert sealed, "the story's last command must record personal data"
    stored = from_json(recorded[-1].data)
    assert all(is_ciphertext(stored[name]) for name in sealed if stored[name] is not None)
    given = {n: getattr(commands[-1], n) for n in sealed if hasattr(commands[-1], n)}
    assert given
    assert {n: getattr(last, n) for n in given} == given


@each_service
async def test_the_pipeline_decides_on_the_day_of_its_clock(service):
    """The rules are told the injected clock's day, never the system's."""
    day = TODAY.replace(year=TODAY.year + 1)
    seen = []
    pipeline = service.declaration.pipeline

    def spying(state, command, today, **facts):
        seen.append(today)
        return pipeline.decide(state, command, today, **facts)

    spied = dataclasses.replace(
        service.declaration, pipeline=dataclasses.replace(pipeline, decide=spying)
    )
    wired = wire(spied, day)
    await wired.when(service.commands(YOUNG)[0])
    assert seen == [day]


# --- idempotency: a retry records nothing twice -----------------------------------------------


@each_service
async def test_a_retry_with_the_same_idempotency_key_records_nothing_twice(service):
    """The route's scheme (`event_id_for`) gives the retry the same id: the same answer."""
    wired, commands = told(service)
    event_id = event_id_for(wired.pipeline.service, TENANT, "verzoek-1")
    assert event_id == event_id_for(wired.pipeline.service, TENANT, "verzoek-1")

    first = await wired.when(commands[0], event_id=event_id)
    again = await wired.when(commands[0], event_id=event_id)

    assert first == Outcome(1, event_id, appended=True)
    assert again == Outcome(1, event_id, appended=False)
    assert [r.event_id for r in await wired.recorded(YOUNG)] == [event_id]


@each_service
async def test_a_retry_is_recognised_after_the_stream_moved_on(service):
    """Another command came between: the retry still records nothing, at today's version."""
    wired, commands = told(service)
    event_id = event_id_for(wired.pipeline.service, TENANT, "verzoek-1")
    await wired.when(commands[0], event_id=event_id)
    await wired.when(commands[1])

    again = await wired.when(commands[0], event_id=event_id)

    assert again == Outcome(2, event_id, appended=False)
    assert len(await wired.recorded(YOUNG)) == 2


@each_service
async def test_a_retry_with_its_original_if_match_is_an_answer_not_a_conflict(service):
    """The retry's If-Match is stale by its own first attempt; it is recognised first."""
    wired, commands = told(service)
    event_id = event_id_for(wired.pipeline.service, TENANT, "verzoek-1")
    await wired.when(commands[0], event_id=event_id, expected_version=0)

    again = await wired.when(commands[0], event_id=event_id, expected_version=0)

    assert again == Outcome(1, event_id, appended=False)


@each_service
def test_idempotency_keys_are_scoped_to_the_service_and_municipality(service):
    """One key never gives two services or two municipalities the same event id."""
    key = "verzoek-1"
    mine = event_id_for(service.declaration.pipeline.service, TENANT, key)
    others = {event_id_for(s.declaration.pipeline.service, TENANT, key) for s in SERVICES}
    assert len(others) == len(SERVICES)
    assert mine != event_id_for(service.declaration.pipeline.service, OTHER_TENANT, key)
    assert event_id_for(service.declaration.pipeline.service, TENANT, None) is None


# --- tenant: another municipality's young person ----------------------------------------------


@each_service
async def test_another_municipalitys_young_person_is_refused_and_nothing_recorded(service):
    wired, commands = told(service)
    await wired.when(commands[0])

    with pytest.raises(NotPermittedError) as refused:
        await wired.when(commands[1], tenant=OTHER_TENANT)

    assert refused.value.other_municipality
    assert len(await wired.recorded(YOUNG)) == 1


@each_service
async def test_a_retry_id_tells_another_municipality_nothing(service):
    """The municipality is checked before the retry: no "already recorded" for a stranger."""
    wired, commands = told(service)
    event_id = event_id_for(wired.pipeline.service, TENANT, "verzoek-1")
    await wired.when(commands[0], event_id=event_id)

    with pytest.raises(NotPermittedError) as refused:
        await wired.when(commands[0], event_id=event_id, tenant=OTHER_TENANT)

    assert refused.value.other_municipality


# --- expected version: a stale change is refused ----------------------------------------------


@each_service
async def test_a_stale_expected_version_is_refused_with_the_current_one(service):
    wired, commands = told(service)
    await wired.when(commands[0])

    with pytest.raises(ConcurrencyError) as stale:
        await wired.when(commands[1], expected_version=0)

    assert (stale.value.expected, stale.value.actual) == (0, 1)
    assert len(await wired.recorded(YOUNG)) == 1
    current = await wired.when(commands[1], expected_version=1)
    assert (current.stream_version, current.appended) == (2, True)


class Interloping(InMemoryEventStore):
    """A store where someone else appends between the pipeline's load and its append."""

    interloper: tuple[str, NewEvent] | None = None

    async def load(self, stream_id, after_version=0):
        """The history as it was; the interloper appends right after it is read."""
        loaded = await super().load(stream_id, after_version)
        if self.interloper is not None:
            stream, event = self.interloper
            self.interloper = None
            await self.append(stream, [event], len(await super().load(stream)))
        return loaded


@each_service
async def test_a_concurrent_append_between_deciding_and_appending_is_a_conflict(service):
    """Decided on a history that moved on: ConcurrencyError, and only the other's event."""
    commands = service.commands(YOUNG)
    wired = Wired(service.declaration, store=Interloping())
    await wired.when(commands[0])
    [first] = await wired.recorded(YOUNG)
    other = NewEvent(
        uuid.uuid4(), first.event_type, first.schema_version, first.subject, first.data,
        first.metadata,
    )  # fmt: skip
    wired.store.interloper = (first.stream_id, other)

    with pytest.raises(ConcurrencyError):
        await wired.when(commands[1])

    assert [r.event_id for r in await wired.recorded(YOUNG)] == [first.event_id, other.event_id]


# --- rights: a rule about who may act on the young person ------------------------------------


@each_service
async def test_a_rule_about_rights_is_asked_the_folded_state_and_refuses_before_recording(
    service,
):
    wired, commands = told(service)
    await wired.when(commands[0])
    asked = []

    def nobody(state):
        asked.append(state)
        return False

    with pytest.raises(NotPermittedError) as refused:
        await wired.when(commands[1], may_act=nobody)

    assert not refused.value.other_municipality
    assert len(await wired.recorded(YOUNG)) == 1
    assert [type(s) for s in asked] == [type(service.declaration.pipeline.initial)]
    allowed = await wired.when(commands[1], may_act=lambda _: True)
    assert allowed.appended


@each_service
async def test_a_young_person_new_to_the_service_has_nobody_to_refuse_for(service):
    """No history, no state to ask: the rule is not consulted (the first command opens)."""
    wired, commands = told(service)
    opened = await wired.when(commands[0], may_act=lambda _: False)
    assert opened.appended
