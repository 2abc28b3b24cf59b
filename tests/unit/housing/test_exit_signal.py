"""Leaving the programme closes nothing in housing: what stands open is signalled."""

from __future__ import annotations

import pytest

from services.housing.domain.commands import ReviewForExit
from services.housing.domain.events import HousingAttentionNeeded
from services.housing.domain.model import Housing, NothingOpenError
from tests.unit.housing.givens import (
    TODAY,
    TOMORROW,
    YOUTH,
    evicted,
    given,
    homeless,
    housed,
    in_shelter,
    refusal,
    threatened,
    when,
)


def review(**overrides) -> ReviewForExit:
    return ReviewForExit(youth_id=YOUTH, **({"exited_on": TODAY} | overrides))


@pytest.mark.parametrize(
    ("history", "open_items"),
    [
        (threatened, ["huisuitzetting_dreigt"]),
        (in_shelter, ["in_opvang"]),
        (homeless, ["dakloos"]),
    ],
)
def test_something_open_is_signalled_by_code_and_nothing_is_closed(history, open_items):
    """The signal names what stands open; the threat, stay or homelessness stays open."""
    state = given(*history())
    assert when(state, review()) == [
        HousingAttentionNeeded(youth_id=YOUTH, open_items=open_items, signalled_on=TODAY)
    ]
    after = given(*history(), *when(state, review()))
    assert (after.status, after.open_eviction_id, after.attention_on) == (
        state.status,
        state.open_eviction_id,
        TODAY,
    )


@pytest.mark.parametrize("history", [list, housed, evicted])
def test_nothing_open_is_nothing_to_do(history):
    """Nothing known, housed without a threat, or evicted and gone: 'nothing open' (404)."""
    with pytest.raises(NothingOpenError):
        when(given(*history()), review())


def test_the_exit_cannot_lie_ahead():
    """Tomorrow's exit is refused on its field."""
    assert refusal(Housing(), review(exited_on=TOMORROW)).field == "exited_on"
