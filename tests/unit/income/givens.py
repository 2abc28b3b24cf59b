"""The income rule tests' examples: a valid command and event of each kind, and the stages.

The language (given / when / refusal on the fixed day) is the shared one,
tests/support/scenario.py.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from services.income.domain.commands import (
    ApplyForAllowance,
    ApplyForBenefit,
    Command,
    EndBenefit,
    EndSearchPeriod,
    EndSearchPeriodAtTerm,
    GrantAllowance,
    GrantBenefit,
    RecordIncomeFromWork,
    RefuseAllowance,
    RefuseBenefit,
    ResumeBenefit,
    StartSearchPeriod,
    SuspendBenefit,
    WaiveSearchPeriod,
)
from services.income.domain.events import (
    AllowanceApplied,
    AllowanceGranted,
    AllowanceRefused,
    BenefitApplied,
    BenefitEnded,
    BenefitGranted,
    BenefitRefused,
    BenefitResumed,
    BenefitSuspended,
    IncomeFromWorkRecorded,
    SearchPeriodEnded,
    SearchPeriodStarted,
    SearchPeriodWaived,
)
from services.income.domain.model import Income, decide, evolve
from tests.support.over_http import OverHttp
from tests.support.scenario import START, TODAY, TOMORROW, YOUTH, Scenario

if TYPE_CHECKING:
    from shared.events import DomainEvent

__all__ = ["START", "TODAY", "TOMORROW", "YOUTH"]  # re-exported: the tests import them here

BENEFIT = uuid.UUID("00000000-0000-4000-8000-0000000000b1")
NEXT_BENEFIT = uuid.UUID("00000000-0000-4000-8000-0000000000b2")
ALLOWANCE = uuid.UUID("00000000-0000-4000-8000-0000000000a1")
SEARCH_END = START + timedelta(days=28)

# A valid command of each kind, dated today; tests override what they are about.
COMMAND_DEFAULTS: dict[type[Command], dict[str, Any]] = {
    ApplyForBenefit: {"benefit_id": NEXT_BENEFIT, "applied_on": TODAY},
    StartSearchPeriod: {"started_on": TODAY},
    EndSearchPeriod: {"ended_on": TODAY},
    WaiveSearchPeriod: {"reason": "dakloosheid", "waived_on": TODAY},
    EndSearchPeriodAtTerm: {"benefit_id": BENEFIT},
    GrantBenefit: {
        "norm": "alleenstaand",
        "monthly_amount": 1100,
        "granted_on": TODAY,
        "from_on": TODAY,
    },
    RefuseBenefit: {"reason": "voldoende_inkomen", "refused_on": TODAY},
    SuspendBenefit: {"reason": "inlichtingen_ontbreken", "suspended_on": TODAY},
    ResumeBenefit: {"resumed_on": TODAY},
    EndBenefit: {"reason": "werk", "ended_on": TODAY},
    ApplyForAllowance: {"allowance_id": ALLOWANCE, "kind": "huurtoeslag", "applied_on": TODAY},
    GrantAllowance: {"kind": "huurtoeslag", "monthly_amount": 300, "granted_on": TODAY},
    RefuseAllowance: {"kind": "huurtoeslag", "reason": "inkomen_te_hoog", "refused_on": TODAY},
    RecordIncomeFromWork: {"amount": 640, "received_on": TODAY},
}

EVENT_DEFAULTS: dict[type[DomainEvent], dict[str, Any]] = {
    BenefitApplied: {
        "benefit_id": BENEFIT,
        "regeling": "participatiewet_bijstand",
        "applied_on": START,
    },
    SearchPeriodStarted: {"benefit_id": BENEFIT, "started_on": START, "ends_on": SEARCH_END},
    SearchPeriodEnded: {"benefit_id": BENEFIT, "ended_on": SEARCH_END},
    SearchPeriodWaived: {"benefit_id": BENEFIT, "reason": "dakloosheid", "waived_on": START},
    BenefitGranted: {
        "benefit_id": BENEFIT,
        "norm": "alleenstaand",
        "cost_sharers": None,
        "monthly_amount": 1100,
        "granted_on": SEARCH_END,
        "from_on": SEARCH_END,
    },
    BenefitRefused: {"benefit_id": BENEFIT, "reason": "voldoende_inkomen", "refused_on": START},
    BenefitSuspended: {
        "benefit_id": BENEFIT,
        "reason": "inlichtingen_ontbreken",
        "suspended_on": SEARCH_END,
    },
    BenefitResumed: {"benefit_id": BENEFIT, "resumed_on": SEARCH_END},
    BenefitEnded: {"benefit_id": BENEFIT, "reason": "werk", "ended_on": SEARCH_END},
    AllowanceApplied: {"allowance_id": ALLOWANCE, "kind": "huurtoeslag", "applied_on": START},
    AllowanceGranted: {
        "allowance_id": ALLOWANCE,
        "kind": "huurtoeslag",
        "monthly_amount": 300,
        "granted_on": START,
    },
    AllowanceRefused: {
        "allowance_id": ALLOWANCE,
        "kind": "huurtoeslag",
        "reason": "inkomen_te_hoog",
        "refused_on": START,
    },
    IncomeFromWorkRecorded: {"amount": 640, "received_on": START},
}

SCENARIO = Scenario(
    initial=Income(),
    evolve=evolve,
    decide=decide,
    commands=COMMAND_DEFAULTS,
    events=EVENT_DEFAULTS,
)
# The shared tests' story (tests/unit/service_layer/services.py): commands valid one after
# the other on a young person with no history here, the last recording personal data.
STORY = (ApplyForBenefit, RecordIncomeFromWork)
# The domain over HTTP, for the cross-domain tests (tests/support/over_http.py): the worker's
# first command and its read, the listing a regisseur is refused, the roles the fuzzing sends.
OVER_HTTP = OverHttp(
    role="inkomensconsulent",
    path="/benefit-applications",
    body=lambda day: {"applied_on": day},
    read="/income",
    listing="/benefits",
    listing_activity="income.uitkeringen",
    fuzz_roles=("inkomensconsulent", "klantmanager", "auditor"),
)
command, event, given, when, refusal = (
    SCENARIO.command, SCENARIO.event, SCENARIO.given, SCENARIO.when, SCENARIO.refusal,
)  # fmt: skip


# --- the stages of a young person's benefit, each building on the one before -----------------


def applied() -> list[DomainEvent]:
    """Applied for bijstand on START: the application BENEFIT waits for a decision."""
    return [event(BenefitApplied)]


def searching() -> list[DomainEvent]:
    """Applied, and the search period started on START: it runs."""
    return [*applied(), event(SearchPeriodStarted)]


def granted() -> list[DomainEvent]:
    """The search period ended after four weeks, and bijstand granted from that day."""
    return [*searching(), event(SearchPeriodEnded), event(BenefitGranted)]


def suspended() -> list[DomainEvent]:
    """Granted, then suspended on the day it started."""
    return [*granted(), event(BenefitSuspended)]
