"""Doorbraak: asked once, settled once, never before it was asked; bilingual refusals."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from services.intake.domain.commands import RequestBreakthrough, ResolveBreakthrough
from services.intake.domain.events import CATALOGUE, BreakthroughRequested, BreakthroughResolved
from services.intake.domain.model import AlreadyDoneError, RuleViolationError, decide
from shared.event_contracts.released import released_contracts
from shared.personal_data import personal_fields
from shared.rules import NotFoundError
from tests.unit.intake.givens import START, TODAY, TOMORROW, given, in_the_thick_of_it

Y = uuid.UUID("00000000-0000-4000-8000-0000000000c2")
B = uuid.UUID("00000000-0000-4000-8000-0000000000b7")
RESOLVED = "nl.regie.intake.breakthrough-resolved"
ASK = RequestBreakthrough(
    youth_id=Y, breakthrough_id=B, obstruction="kostendelersnorm", organisation="gemeente",
    description="Woont bij tante; de norm maakt de kamer onbetaalbaar.", requested_on=START,
)  # fmt: skip
SETTLE = ResolveBreakthrough(
    youth_id=Y, breakthrough_id=B, outcome="opgelost_maatwerk",
    maatwerk="kostendelersnorm_6_maanden_niet_toegepast", resolved_on=TODAY,
)  # fmt: skip


def asked() -> list:
    state = given(*in_the_thick_of_it(Y))
    return [*in_the_thick_of_it(Y), *decide(state, ASK, TODAY)]


def test_a_breakthrough_is_asked_and_settled():
    """Both facts carry the same id; the description is the request's own."""
    history = asked()
    (settled,) = decide(given(*history), SETTLE, TODAY)

    assert history[-1] == BreakthroughRequested(**ASK.model_dump())
    assert settled == BreakthroughResolved(**SETTLE.model_dump())
    assert given(*history, settled).breakthroughs[str(B)] == (START, True)


def test_settling_twice_is_already_done():
    """Once settled, it stays so: 409, in Dutch and English."""
    history = asked()
    history.append(*decide(given(*history), SETTLE, TODAY))

    with pytest.raises(AlreadyDoneError) as refused:
        decide(given(*history), SETTLE, TODAY)
    assert refused.value.nl == "Deze doorbraak is al afgehandeld"
    assert refused.value.en == "This breakthrough was already resolved"


def test_settling_one_never_asked_is_not_found():
    """An unknown id: 404, not a new fact."""
    with pytest.raises(NotFoundError):
        decide(given(*in_the_thick_of_it(Y)), SETTLE, TODAY)


def test_asking_the_same_breakthrough_twice_is_already_done():
    """The id is the client's: a repeat names the field."""
    with pytest.raises(AlreadyDoneError) as refused:
        decide(given(*asked()), ASK, TODAY)
    assert refused.value.field == "breakthrough_id"


@pytest.mark.parametrize(
    ("cmd", "field"),
    [
        (ASK.model_copy(update={"requested_on": TOMORROW}), "requested_on"),
        (SETTLE.model_copy(update={"resolved_on": TOMORROW}), "resolved_on"),
        (SETTLE.model_copy(update={"resolved_on": START - timedelta(days=1)}), "resolved_on"),
    ],
)
def test_dates_lie_not_ahead_and_a_settlement_not_before_its_request(cmd, field):
    """A future date, or a settlement before the request: 422 naming the field."""
    with pytest.raises(RuleViolationError) as refused:
        decide(given(*asked()), cmd, TODAY)
    assert not isinstance(refused.value, AlreadyDoneError)
    assert refused.value.field == field


def test_the_maatwerk_applied_is_sealed_free_text():
    """Version 2 seals it: the regisseur's words about the case never travel in clear."""
    assert personal_fields(BreakthroughResolved)["maatwerk"].category == "FT"
    assert BreakthroughResolved.schema_version == 2
    assert "obstruction" not in personal_fields(BreakthroughRequested)  # the reports' code
    assert personal_fields(BreakthroughRequested)["description"].category == "FT"


def test_a_version_1_resolution_reads_without_its_clear_maatwerk_everywhere():
    """The producer and every consumer (the released snapshots) drop the old clear text alike."""
    v1 = {
        "youth_id": str(Y), "breakthrough_id": str(B), "outcome": "opgelost_maatwerk",
        "maatwerk": "Sam mag zes maanden bij zijn tante blijven wonen", "resolved_on": "2026-04-20",
    }  # fmt: skip
    from_code = CATALOGUE.current(RESOLVED, 1, v1)[1]
    assert released_contracts().upcasters.upcast(RESOLVED, 1, v1) == (2, from_code)
    assert "maatwerk" not in from_code
    read = BreakthroughResolved.model_validate(from_code)
    assert (read.outcome, read.maatwerk) == ("opgelost_maatwerk", None)
