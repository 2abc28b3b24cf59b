"""Coaching's special-category data stays sealed, and its life domains are intake's.

The scan's obstacles and a relapse's life domain say who struggles with addiction, mental
health or justice contact (AVG art. 9/10): version 2 seals them, and no CloudEvents extension
names such a domain. Version 1 events, stored and published before, read as version 2.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import get_args

import pytest

from services.coaching.classification import extensions_for
from services.coaching.domain.events import CATALOGUE, GoalSet, RelapseSignalled
from services.coaching.domain.model import Coaching, evolve
from services.coaching.domain.vocabulary import Leefgebied
from services.intake.domain.vocabulary import Leefgebied as IntakeLeefgebied
from shared.event_contracts.released import released_contracts
from shared.personal_data import ERASED, personal_fields

YOUTH = uuid.UUID("6f0b8c1e-3a52-4d7e-9b1a-2c4d5e6f7a8b")
SCAN = "nl.regie.coaching.talent-scan-completed"
RELAPSE = "nl.regie.coaching.relapse-signalled"
GOAL = "nl.regie.coaching.goal-set"
V1 = {
    SCAN: {
        "youth_id": str(YOUTH), "strengths": ["praktisch"], "completed_on": "2026-04-22",
        "obstacles": {"huiselijke_relaties": "negatief_netwerk", "verslaving": "verslaving"},
        "notes": None,
    },
    RELAPSE: {
        "youth_id": str(YOUTH), "leefgebied": "huiselijke_relaties",
        "signalled_on": "2026-07-14", "phase": "match", "returns_to": None,
    },
    GOAL: {
        "youth_id": str(YOUTH), "goal_id": "doel-1", "leefgebied": "huiselijke_relaties",
        "set_on": "2026-04-22", "due_on": None, "text": "enc:v1:x:eA",
    },
}  # fmt: skip


def test_coachings_life_domains_are_intakes():
    """One code list across the platform: no `huiselijke_relaties`, and `vrije_tijd`, `zorg`."""
    assert set(get_args(Leefgebied)) == set(get_args(IntakeLeefgebied))


@pytest.mark.parametrize(
    ("type_name", "field", "version"),
    [(SCAN, "obstacles", 2), (RELAPSE, "leefgebied", 2), (GOAL, "leefgebied", 3)],
)
def test_obstacles_and_the_life_domain_of_a_relapse_or_goal_are_sealed_special_category(
    type_name, field, version
):
    """Encrypted with the young person's key, so a subscriber without it never reads them."""
    cls = CATALOGUE.newest_class(type_name)
    assert cls is not None
    assert cls.schema_version == version
    assert personal_fields(cls)[field].category == "SPD"


def test_a_version_2_goal_reads_as_version_3_its_clear_domain_as_it_is():
    """Sealed where it stood: the code v2 published in clear opens as itself."""
    v2 = {**V1[GOAL], "leefgebied": "justitie"}
    from_code = CATALOGUE.current(GOAL, 2, v2)[1]
    assert released_contracts().upcasters.upcast(GOAL, 2, v2) == (3, from_code)
    assert from_code == v2
    assert GoalSet.model_validate(from_code).leefgebied == "justitie"


@pytest.mark.parametrize("type_name", [SCAN, RELAPSE, GOAL])
def test_version_1_reads_as_the_newest_with_intakes_codes_in_code_and_in_the_snapshots(type_name):
    """The producer's catalogue and the released snapshots (what consumers use) agree."""
    from_code = CATALOGUE.current(type_name, 1, V1[type_name])[1]
    from_snapshots = released_contracts().upcasters.upcast(type_name, 1, V1[type_name])
    cls = CATALOGUE.newest_class(type_name)
    assert cls is not None
    assert from_snapshots == (cls.schema_version, from_code)
    event = cls.model_validate(from_code)
    if type_name == SCAN:
        assert event.obstacles == {
            "sociaal_netwerk": "negatief_netwerk",
            "verslaving": "verslaving",
        }
    else:
        assert event.leefgebied == "sociaal_netwerk"


def test_a_relapse_names_no_life_domain_in_its_extensions():
    """A relapse in justitie would tell every subscriber of justice contact from the envelope."""
    relapse = RelapseSignalled(
        youth_id=YOUTH, leefgebied="justitie", signalled_on=date(2026, 7, 14), phase="match"
    )
    extensions = extensions_for(relapse, Coaching())
    assert "leefgebied" not in extensions
    assert extensions["vertrouwelijkheid"] == "confidentieel"


@pytest.mark.parametrize(
    ("leefgebied", "extension"),
    [("onderwijs", "onderwijs"), ("vrije_tijd", "vrije_tijd"), ("verslaving", None),
     ("psychische_gezondheid", None), ("justitie", None)],
)  # fmt: skip
def test_a_goal_names_its_life_domain_in_the_envelope_only_when_it_is_not_special(
    leefgebied, extension
):
    """Integrators filter goals by domain, but never learn of an addiction goal from it."""
    goal = GoalSet(
        youth_id=YOUTH, goal_id="doel-1", leefgebied=leefgebied, set_on=date(2026, 4, 22),
        text="Een doel",
    )  # fmt: skip
    assert extensions_for(goal, Coaching()).get("leefgebied") == extension


def test_a_relapse_folds_without_its_sealed_life_domain():
    """Deciding and folding never need the domain: erased, the relapse still counts."""
    erased = RelapseSignalled(
        youth_id=YOUTH, leefgebied=ERASED, signalled_on=date(2026, 7, 14), phase=None
    )
    assert evolve(Coaching(), erased).relapses == 1
