"""Intake's rule about rights on fakes: only the young person's own jongerenregisseur may.

The routes hand `PIPELINE.directed_by(actor)` to the pipeline for a caller who may act only
for their own young people (shared/command_http.py); intake knows the director from its own
stream. The other services learn the director from intake's registrations (shared/tenancy)
and check it at the HTTP edge, so their pipelines say nothing (`directed_by` is None).
"""

from __future__ import annotations

import uuid

import pytest

from services.intake.bootstrap import DECLARATION
from services.intake.domain.commands import AssessSelfReliance, AssignDirector
from services.intake.domain.events import DirectorAssigned, YouthRegistered
from shared.rules import NotPermittedError
from tests.support.fakes import wire
from tests.unit.intake.givens import command, event
from tests.unit.service_layer.services import SERVICES, ids

YOUNG = uuid.UUID("00000000-0000-4000-8000-00000000d1ec")
PIPELINE = DECLARATION.pipeline


async def directed_by(director: str):
    wired = wire(DECLARATION)
    await wired.given(
        YOUNG, event(YouthRegistered, YOUNG), event(DirectorAssigned, YOUNG, director_id=director)
    )
    return wired


async def test_the_assigned_director_may_act():
    wired = await directed_by("regisseur-1")
    done = await wired.when(
        command(AssessSelfReliance, YOUNG), may_act=PIPELINE.directed_by("regisseur-1")
    )
    assert done.appended
    assert await wired.kinds(YOUNG) == [
        "youth-registered",
        "director-assigned",
        "self-reliance-assessed",
    ]


async def test_another_director_of_the_same_municipality_may_not_and_nothing_is_recorded():
    wired = await directed_by("regisseur-1")
    with pytest.raises(NotPermittedError) as refused:
        await wired.when(
            command(AssessSelfReliance, YOUNG), may_act=PIPELINE.directed_by("regisseur-2")
        )
    assert not refused.value.other_municipality
    assert len(await wired.recorded(YOUNG)) == 2


async def test_after_a_hand_over_the_new_director_may_and_the_old_one_may_not():
    wired = await directed_by("regisseur-1")
    hand_over = command(AssignDirector, YOUNG, director_id="regisseur-2")
    await wired.when(hand_over, may_act=PIPELINE.directed_by("regisseur-1"))

    assess = command(AssessSelfReliance, YOUNG)
    with pytest.raises(NotPermittedError):
        await wired.when(assess, may_act=PIPELINE.directed_by("regisseur-1"))
    assert (await wired.when(assess, may_act=PIPELINE.directed_by("regisseur-2"))).appended


@pytest.mark.parametrize(
    "service", [s for s in SERVICES if s.declaration.pipeline.director_of is None], ids=ids
)
def test_services_that_learn_the_director_from_intake_have_no_rule_of_their_own(service):
    assert service.declaration.pipeline.directed_by("regisseur-1") is None
