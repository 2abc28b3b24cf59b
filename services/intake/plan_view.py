"""The toekomstplan as one reader may see it: goals for every allowed reader, texts on a basis.

Built from intake's own stream (the plan, its reviews, the consents) and the domains'
progress for its goals (projections/involvement.py); the rules are in domain/plan_access.py.
Each goal's life domain is sealed (special category when it is health, addiction or justice):
intake, the keyholder, opens the plan to group the goals by it, as version 1 plans showed it.
"""

from __future__ import annotations

import uuid  # noqa: TC003 - pydantic needs it at runtime
from dataclasses import dataclass
from datetime import date  # noqa: TC003 - pydantic needs it at runtime
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from services.intake.domain.events import (
    FuturePlanAgreed,
    FuturePlanReviewed,
    PersonalDataErased,
    PlanGoal,
)
from services.intake.domain.plan_access import (
    REDACTED,
    Opening,
    PlanAccess,
    consented_leefgebieden,
    grondslag,
    text_opening,
)
from shared.personal_data import ERASED

if TYPE_CHECKING:
    from services.intake.projections.involvement import Progress
    from shared.events import DomainEvent
    from shared.eventstore import RecordedEvent
    from shared.privacy import Sealer


class GoalReview(BaseModel):
    """A goal's status as one review set it."""

    reviewed_on: date
    status: str = Field(examples=["loopt"])


class DomainProgress(BaseModel):
    """What a domain did for the goal: one of its items and that item's latest status."""

    domain: str = Field(examples=["coaching"])
    item_id: str = Field(description="The domain's own id: its goal, trajectory or plan.")
    status: str = Field(
        description="coaching: gesteld, bereikt, vervallen; debts: loopt, schuldenvrij,"
        " beeindigd; housing: afgesproken, gehuisvest, beeindigd.",
        examples=["gesteld"],
    )
    status_on: date | None


class PlanGoalView(BaseModel):
    """One goal: visible to every reader of the plan; its text only on a basis."""

    goal_id: str
    leefgebied: str
    owner: str
    due_on: date
    status: str = Field(description="open, loopt, bereikt or vervallen.", examples=["loopt"])
    text: str = Field(
        description="The young person's words; 'afgeschermd' without a basis to read them,"
        " 'gegevens vernietigd' after erasure.",
    )
    text_open: bool
    reviews: list[GoalReview]
    progress: list[DomainProgress]


class LeefgebiedGoals(BaseModel):
    """The goals of one life domain, in the plan's order."""

    leefgebied: str
    goals: list[PlanGoalView]


class PlanReviewView(BaseModel):
    """One review of the plan: the day, and the statuses it set."""

    reviewed_on: date
    statuses: dict[str, str]


class PlanView(BaseModel):
    """The current toekomstplan; `plan_id` None while none was agreed."""

    youth_id: uuid.UUID
    plan_id: str | None
    agreed_on: date | None
    with_network: bool | None
    leefgebieden: list[LeefgebiedGoals]
    reviews: list[PlanReviewView]


@dataclass(frozen=True)
class ShownPlan:
    """The view, and the legal basis the read rested on (for the processing log)."""

    view: PlanView
    grondslag: str


async def plan_view(  # noqa: PLR0913 - the facts of one read, each named at the call site
    sealer: Sealer,
    *,
    youth_id: uuid.UUID,
    recorded: list[RecordedEvent],
    access: PlanAccess,
    progress: list[Progress],
    today: date,
) -> ShownPlan:
    """The plan as `access` may see it; its texts show only where one may read them."""
    events = [sealer.open_without_personal_data(r) for r in recorded]
    agreed_at = _last_agreed(events)
    if agreed_at is None:
        empty = PlanView(youth_id=youth_id, plan_id=None, agreed_on=None, with_network=None,
                         leefgebieden=[], reviews=[])  # fmt: skip
        return ShownPlan(empty, grondslag([], access))
    plan = events[agreed_at]
    assert isinstance(plan, FuturePlanAgreed)  # noqa: S101 - _last_agreed found this type
    erased = any(isinstance(e, PersonalDataErased) for e in events)
    opened = plan if erased else await sealer.open(recorded[agreed_at])
    assert isinstance(opened, FuturePlanAgreed)  # noqa: S101 - the record's own type
    domains = _domains(opened)
    consented = consented_leefgebieden(events, today)
    openings = {g.goal_id: text_opening(access, domains[g.goal_id], consented) for g in plan.goals}
    if erased:
        openings = dict.fromkeys(openings)  # nothing to open: every text reads as erased
        texts = dict.fromkeys(openings, ERASED)
    else:
        texts = _texts(opened, openings)
    reviews = [e for e in events if isinstance(e, FuturePlanReviewed) and e.plan_id == plan.plan_id]
    goals = [
        _goal(g, domains[g.goal_id], texts=texts, openings=openings, reviews=reviews,
              progress=progress)
        for g in plan.goals
    ]  # fmt: skip
    grouped: dict[str, list[PlanGoalView]] = {}
    for goal in goals:
        grouped.setdefault(goal.leefgebied, []).append(goal)
    view = PlanView(
        youth_id=youth_id, plan_id=plan.plan_id, agreed_on=plan.agreed_on,
        with_network=plan.with_network,
        leefgebieden=[LeefgebiedGoals(leefgebied=k, goals=v) for k, v in grouped.items()],
        reviews=[PlanReviewView(reviewed_on=r.reviewed_on, statuses=dict(r.statuses))
                 for r in reviews],
    )  # fmt: skip
    shown = (o for k, o in openings.items() if _shows(texts.get(k)))
    return ShownPlan(view, grondslag(shown, access))


def _last_agreed(events: list[DomainEvent]) -> int | None:
    """The position of the current plan: the last one agreed."""
    found = [n for n, e in enumerate(events) if isinstance(e, FuturePlanAgreed)]
    return found[-1] if found else None


def _domains(plan: FuturePlanAgreed) -> dict[str, str]:
    """Each goal's life domain: sealed by goal id from version 2, in the goal in version 1.

    "gegevens vernietigd" once the key is gone (a version 1 plan's clear domain stays).
    """
    sealed = plan.goal_leefgebieden
    return {
        g.goal_id: sealed.get(g.goal_id, ERASED)
        if isinstance(sealed, dict)
        else g.leefgebied or ERASED
        for g in plan.goals
    }


def _texts(opened: FuturePlanAgreed, openings: dict[str, Opening | None]) -> dict[str, str]:
    """The texts that may show, of the plan opened with the young person's key."""
    if isinstance(opened.goal_texts, str):  # the key is gone: erased
        return dict.fromkeys(openings, ERASED)
    return {k: v for k, v in opened.goal_texts.items() if openings.get(k)}


def _shows(text: str | None) -> bool:
    return text is not None and text != ERASED


def _goal(  # noqa: PLR0913 - one goal's facts, each from its own source
    goal: PlanGoal,
    leefgebied: str,
    *,
    texts: dict[str, str],
    openings: dict[str, Opening | None],
    reviews: list[FuturePlanReviewed],
    progress: list[Progress],
) -> PlanGoalView:
    history = [GoalReview(reviewed_on=r.reviewed_on, status=r.statuses[goal.goal_id])
               for r in reviews if goal.goal_id in r.statuses]  # fmt: skip
    text = texts.get(goal.goal_id)
    return PlanGoalView(
        goal_id=goal.goal_id, leefgebied=leefgebied, owner=goal.owner, due_on=goal.due_on,
        status=history[-1].status if history else "open",
        text=text if text == ERASED or (_shows(text) and openings.get(goal.goal_id)) else REDACTED,
        text_open=_shows(text) and openings.get(goal.goal_id) is not None,
        reviews=history,
        progress=[DomainProgress(domain=p.domain, item_id=p.item_id, status=p.status,
                                 status_on=p.status_on)
                  for p in progress if p.plan_goal_id == goal.goal_id],
    )  # fmt: skip
