"""Intake's life domains never tell every subscriber of health, addiction or justice contact.

A referral's domains, a plan goal's domain, an overdue goal's domain and the ZRM scores could
carry `justitie` or `verslaving` in clear beside the young person's id (AVG art. 9/10). Their
new versions seal them, or leave them out, and the older versions still read: in the producer
(aggregate load, relay) and in every consumer (the released snapshots) alike.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, get_args

import pytest

from services.intake.domain.commands import AgreeFuturePlan, AssessSelfReliance
from services.intake.domain.events import (
    CATALOGUE,
    DirectorAssigned,
    FuturePlanAgreed,
    GoalOverdue,
    SelfRelianceAssessed,
    YouthReferred,
    YouthRegistered,
)
from services.intake.domain.vocabulary import (
    SENSITIVE_LEEFGEBIEDEN,
    ClearLeefgebied,
    Leefgebied,
)
from shared.event_contracts.released import released_contracts
from shared.personal_data import ERASED, personal_fields
from tests.unit.intake.givens import command, event, given, goals, when

YOUTH = "6f0b8c1e-3a52-4d7e-9b1a-2c4d5e6f7a8b"
INTAKE = "nl.regie.intake."


def newest(type_name: str, version: int, data: dict[str, Any]) -> dict[str, Any]:
    """`data` read as the newest version, the producer's way; the consumers' way must agree."""
    cls, from_code = CATALOGUE.current(INTAKE + type_name, version, data)
    from_snapshots = released_contracts().upcasters.upcast(INTAKE + type_name, version, data)
    assert from_snapshots == (cls.schema_version, from_code)
    return cls.model_validate(from_code).model_dump(mode="json")


@pytest.mark.parametrize(
    ("cls", "field"),
    [(YouthReferred, "leefgebieden"), (FuturePlanAgreed, "goal_leefgebieden")],
)
def test_the_life_domains_of_a_referral_and_of_a_plans_goals_are_sealed_special_category(
    cls, field
):
    """Encrypted with the young person's key: no subscriber without it reads them."""
    assert personal_fields(cls)[field].category == "SPD"


def test_an_overdue_goal_names_no_life_domain_and_scores_in_clear_hold_no_special_one():
    """The overdue goal by plan and goal id only; clear ZRM scores only on clear domains."""
    assert "leefgebied" not in GoalOverdue.model_fields
    assert set(get_args(ClearLeefgebied)) == set(get_args(Leefgebied)) - SENSITIVE_LEEFGEBIEDEN


def test_a_plan_agreed_seals_each_goals_domain_by_goal_id_and_keeps_the_deadlines_clear():
    """The command names each goal's domain; the event keeps it apart, as it does the texts."""
    youth_id = uuid.uuid4()
    state = given(*_registered_with_director(youth_id))
    asked = goals("g1", "g2")
    asked[1] = asked[1].model_copy(update={"leefgebied": "justitie"})
    [agreed] = when(
        state,
        command(AgreeFuturePlan, youth_id, goals=asked, goal_texts={"g1": "a", "g2": "b"}),
    )
    assert isinstance(agreed, FuturePlanAgreed)
    assert agreed.goal_leefgebieden == {"g1": "wonen", "g2": "justitie"}
    assert [(g.goal_id, g.leefgebied, g.due_on) for g in agreed.goals] == [
        ("g1", None, date(2027, 6, 1)),
        ("g2", None, date(2027, 6, 1)),
    ]


def test_the_zrm_keeps_the_special_scores_sealed_apart_and_the_clear_ones_in_clear():
    """As it always did; the type now says so too."""
    youth_id = uuid.uuid4()
    scores = {"wonen": 2, "justitie": 3, "verslaving": 4}
    [assessed] = when(
        given(*_registered_with_director(youth_id)),
        command(AssessSelfReliance, youth_id, scores=scores),
    )
    assert isinstance(assessed, SelfRelianceAssessed)
    assert (assessed.scores, assessed.sensitive_scores) == (
        {"wonen": 2},
        {"justitie": 3, "verslaving": 4},
    )


def test_a_referral_of_versions_1_and_2_reads_as_version_3_with_its_domains_as_they_were():
    """v1 (the police in clear) and v2 alike: the domains, published in clear then, stay."""
    v1 = {
        "youth_id": YOUTH, "referrer_type": "politie_veiligheidshuis", "programma": "rodeloper",
        "leefgebieden": ["werk", "justitie"], "crisis": False, "received_on": "2026-02-23",
        "reason": None,
    }  # fmt: skip
    v2 = {**v1, "referrer_type": "overig", "referrer": ERASED}
    assert newest("youth-referred", 1, v1) == {**v1, "referrer_type": "overig", "referrer": None}
    assert newest("youth-referred", 2, v2) == v2


def test_a_version_1_plan_reads_as_version_2_its_goals_still_naming_their_domain():
    """No sealed domains (v1 had none): the plan view takes each goal's own clear one."""
    goal = {"goal_id": "doel-1", "leefgebied": "justitie", "owner": "regisseur-1",
            "due_on": "2026-09-01"}  # fmt: skip
    v1 = {
        "youth_id": YOUTH, "plan_id": "plan-1", "goals": [goal], "goal_texts": ERASED,
        "agreed_on": "2026-03-30", "with_network": False, "review_due_on": None,
    }  # fmt: skip
    assert newest("future-plan-agreed", 1, v1) == {**v1, "goal_leefgebieden": None}


def test_a_version_1_overdue_goal_reads_as_version_2_without_its_domain():
    """The domain v1 published in clear is not passed on by any reader."""
    v1 = {"youth_id": YOUTH, "plan_id": "plan-1", "goal_id": "doel-1", "leefgebied": "justitie",
          "due_on": "2026-09-01"}  # fmt: skip
    assert newest("goal-overdue", 1, v1) == {k: v for k, v in v1.items() if k != "leefgebied"}


def test_a_version_1_assessment_reads_as_version_2_as_it_is():
    """Its clear scores never held a special domain: nothing to convert."""
    v1 = {"youth_id": YOUTH, "instrument": "zrm", "scores": {"wonen": 1, "werk": 3},
          "sensitive_scores": ERASED, "assessed_on": "2026-03-09"}  # fmt: skip
    assert newest("self-reliance-assessed", 1, v1) == v1


def _registered_with_director(youth_id: uuid.UUID) -> list[Any]:
    return [event(YouthRegistered, youth_id), event(DirectorAssigned, youth_id)]
