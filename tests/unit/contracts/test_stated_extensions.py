"""What each service states of its types' extensions holds for the extensions it computes.

The statement (`published_extensions`) is what integrators read in the catalogue before they
filter on an extension; the computation (`extensions_for`) is what events carry. Every type is
run through the computation in the states that change its outcome and compared.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import get_args

import pytest

from contracts.services import declarations
from services.coaching import classification as coaching
from services.coaching.domain.events import CATALOGUE as COACHING
from services.coaching.domain.events import CoachAssigned
from services.coaching.domain.model import Coaching
from services.debts import classification as debts
from services.housing import classification as housing
from services.housing.domain.events import CATALOGUE as HOUSING
from services.intake import classification as intake
from services.intake.domain.events import CATALOGUE as INTAKE
from services.intake.domain.vocabulary import Programma
from shared.event_contracts.examples import example_data
from shared.subject_rights import Privacy

NOT_SHARED = Privacy(timeline_shared=False)


def disagreements(stated, computed):
    """Extensions computed but not stated, codes not stated, and stated-always ones missing."""
    found = [f"{k}={v} not stated" for k, v in computed.items() if k not in stated]
    found += [
        f"{k}={v} is not one of {stated[k].values}"
        for k, v in computed.items()
        if k in stated and v not in stated[k].values
    ]
    found += [
        f"{k} is stated always {s.values[0]} but is {computed.get(k)}"
        for k, s in stated.items()
        if s.always and computed.get(k) != s.values[0]
    ]
    return found


def intake_cases():
    for cls in INTAKE:
        name = INTAKE.type_name(cls)
        for programma in (None, *get_args(Programma)):
            yield name, intake.extensions_for(name, programma)


def housing_cases():
    for cls in HOUSING:
        name = HOUSING.type_name(cls)
        for privacy in (None, Privacy(), NOT_SHARED):
            yield name, housing.extensions_for(name, privacy)


def coaching_cases():
    rode_loper = (("rodeloper_coach", "coach-1", date(2026, 3, 2)),)
    extended = Coaching(age_band="18-22", youth_care_extended=True)
    states = [Coaching(), Coaching(coaches=rode_loper), Coaching(privacy=NOT_SHARED),
              Coaching(age_band="16-17"), extended]  # fmt: skip
    for cls in COACHING:
        variants = [example_data(cls)]
        if cls is CoachAssigned:
            variants.append(example_data(cls) | {"kind": "klantmanager"})
        for data in variants:
            for state in states:
                event = cls.model_validate(data)
                yield COACHING.type_name(cls), coaching.extensions_for(event, state)


def pipeline_cases(declaration):
    """Any declared service: each type's example as its pipeline computes it, empty and unshared.

    The unshared state is the empty one with sharing stopped, where the state holds consent.
    """
    pipeline, initial = declaration.pipeline, declaration.pipeline.initial
    states = [initial]
    if isinstance(getattr(initial, "privacy", None), Privacy):
        states.append(replace(initial, privacy=NOT_SHARED))
    for cls in declaration.catalogue:
        event = cls.model_validate(example_data(cls))
        for state in states:
            yield declaration.catalogue.type_name(cls), pipeline.extensions(event, state, None)


# The states and inputs that change a service's outcome beyond its pipeline's cases.
DEEPER_CASES = {
    "intake": intake_cases,
    "housing": housing_cases,
    "coaching": coaching_cases,
}
# Every commanding service found by its declaration, with the deeper cases it has.
SERVICES = {name: (name, d.extensions) for name, d in declarations().items()}


def all_cases(name):
    """The pipeline's cases of the service, and its deeper ones if it has them."""
    yield from pipeline_cases(declarations()[name])
    yield from DEEPER_CASES.get(name, list)()


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_computed_extension_is_stated_in_the_catalogue(service):
    """No event carries an extension or a code its type's statement does not mention."""
    name, stated = SERVICES[service]
    computed = list(all_cases(name))
    assert len(computed) > 10
    problems = {
        f"{name}: {problem}"
        for name, extensions in computed
        for problem in disagreements(stated(name), extensions)
    }
    assert sorted(problems) == []


def test_a_code_the_statement_does_not_mention_is_found():
    """The comparison itself catches an unstated code, an unstated name and a missing constant."""
    stated = debts.published_extensions("nl.regie.debts.debts-settled")
    computed = {"grondslag": "pw", "leefgebied": "financien", "extra": "x"}
    assert sorted(disagreements(stated, computed)) == [
        "extra=x not stated",
        "grondslag is stated always wgs but is pw",
        "grondslag=pw is not one of ('wgs',)",
        "vertrouwelijkheid is stated always vertrouwelijk but is None",
    ]
