"""What each service states of its types' extensions holds for the extensions it computes.

The statement (`published_extensions`) is what integrators read in the catalogue before they
filter on an extension; the computation (`extensions_for`) is what events carry. Every type is
run through the computation in the states that change its outcome and compared.
"""

from __future__ import annotations

from datetime import date
from typing import get_args

import pytest

from services.coaching import classification as coaching
from services.coaching.domain.events import CATALOGUE as COACHING
from services.coaching.domain.events import CoachAssigned
from services.coaching.domain.model import Coaching
from services.debts import classification as debts
from services.debts.domain.events import CATALOGUE as DEBTS
from services.debts.domain.model import Trajectory
from services.housing import classification as housing
from services.housing.domain.events import CATALOGUE as HOUSING
from services.income import classification as income
from services.income.domain.events import CATALOGUE as INCOME
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


def debts_cases():
    for cls in DEBTS:
        for state in (Trajectory(), Trajectory(privacy=NOT_SHARED)):
            yield DEBTS.type_name(cls), debts.extensions_for(state)


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


def income_cases():
    for cls in INCOME:
        for privacy in (None, Privacy(), NOT_SHARED):
            yield INCOME.type_name(cls), income.extensions_for(privacy)


SERVICES = {
    "intake": (intake_cases, intake.published_extensions),
    "debts": (debts_cases, debts.published_extensions),
    "housing": (housing_cases, housing.published_extensions),
    "coaching": (coaching_cases, coaching.published_extensions),
    "income": (income_cases, income.published_extensions),
}


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_computed_extension_is_stated_in_the_catalogue(service):
    """No event carries an extension or a code its type's statement does not mention."""
    cases, stated = SERVICES[service]
    computed = list(cases())
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
