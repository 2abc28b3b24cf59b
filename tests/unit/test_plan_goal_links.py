"""Goals of coaching, debts and housing name the toekomstplan goal they serve (optional)."""

from __future__ import annotations

import pydantic
import pytest

from services.coaching.domain.commands import SetGoal
from services.debts.domain.commands import RequestDebtHelp
from services.housing.domain.commands import AgreeHousingPlan
from tests.unit.coaching import givens as coaching
from tests.unit.debts import givens as debts
from tests.unit.housing import givens as housing


def test_each_domain_carries_the_plan_goal_from_its_command_onto_its_event():
    """The id the worker names reaches the published event, where intake reads it."""
    goal = coaching.when(coaching.given(*coaching.coached()),
                         coaching.command(SetGoal, plan_goal_id="doel-2"))  # fmt: skip
    trajectory = debts.when(debts.given(), debts.command(RequestDebtHelp, plan_goal_id="doel-1"))
    plan = housing.when(housing.given(*housing.homeless()),
                        housing.command(AgreeHousingPlan, plan_goal_id="doel-3"))  # fmt: skip
    assert [e.plan_goal_id for e in (*goal, *trajectory, *plan)] == ["doel-2", "doel-1", "doel-3"]


def test_without_a_plan_goal_the_events_name_none():
    """The field is optional: an old client and an event recorded before it read as None."""
    [plan] = housing.when(housing.given(*housing.homeless()), housing.command(AgreeHousingPlan))
    assert plan.plan_goal_id is None


@pytest.mark.parametrize("bad", ["Doel 1", "", "doel_1", "x" * 41, "doel-1; drop"])
@pytest.mark.parametrize("kind", [SetGoal, RequestDebtHelp, AgreeHousingPlan])
def test_a_plan_goal_id_must_be_a_plain_id(kind, bad):
    """Lower-case letters, digits and hyphens, at most 40, as intake's goal ids: else refused."""
    module = {SetGoal: coaching, RequestDebtHelp: debts, AgreeHousingPlan: housing}[kind]
    with pytest.raises(pydantic.ValidationError) as refused:
        module.command(kind, plan_goal_id=bad)
    assert refused.value.errors()[0]["loc"] == ("plan_goal_id",)
