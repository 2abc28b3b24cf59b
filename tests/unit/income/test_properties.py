"""Whatever commands arrive in any order: one open benefit, no grant in a running search period.

Random sequences of commands (two benefit ids, dates up to today) go through `decide` and
`evolve`; refusals are skipped, as a handler would answer them and carry on. The accepted events
are then read by a second, naive bookkeeper that knows only the rules of the issue (one open
benefit at a time, no grant while a search period runs, dates in order and not ahead), so the
rules and their fold are checked against something that was not written the same way.
"""

from __future__ import annotations

import uuid
from datetime import date
from functools import reduce

from hypothesis import given, settings
from hypothesis import strategies as st

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
    BenefitApplied,
    BenefitEnded,
    BenefitGranted,
    BenefitRefused,
    BenefitResumed,
    BenefitSuspended,
    SearchPeriodEnded,
    SearchPeriodStarted,
    SearchPeriodWaived,
)
from services.income.domain.model import Income, RuleViolationError, decide, evolve
from tests.unit.income.givens import TODAY, YOUTH

# A narrow window, and often today itself, so that dates often fall in order and the happy
# paths (search period ended, benefit suspended, resumed, ended) are walked too.
DAYS = st.one_of(st.just(TODAY), st.dates(min_value=date(2026, 11, 1), max_value=TODAY))
IDS = st.sampled_from([uuid.UUID(int=1), uuid.UUID(int=2)])
KINDS = st.sampled_from(["huurtoeslag", "zorgtoeslag", "studiefinanciering", "woontoelage"])
AMOUNTS = st.integers(min_value=1, max_value=2_000)
Y = st.just(YOUTH)

STEPS: st.SearchStrategy[Command] = st.one_of(
    st.builds(ApplyForBenefit, youth_id=Y, benefit_id=IDS, applied_on=DAYS),
    st.builds(StartSearchPeriod, youth_id=Y, started_on=DAYS),
    st.builds(EndSearchPeriod, youth_id=Y, ended_on=DAYS),
    # A search period started over four weeks ago, and its timer's end at its term.
    st.builds(StartSearchPeriod, youth_id=Y, started_on=st.dates(date(2026, 9, 1), TODAY)),
    st.builds(EndSearchPeriodAtTerm, youth_id=Y, benefit_id=IDS),
    st.builds(WaiveSearchPeriod, youth_id=Y, reason=st.just("dakloosheid"), waived_on=DAYS),
    st.builds(
        GrantBenefit,
        youth_id=Y,
        norm=st.just("kostendeler"),
        cost_sharers=st.integers(min_value=1, max_value=3),
        monthly_amount=AMOUNTS,
        granted_on=DAYS,
        from_on=DAYS,
    ),
    st.builds(
        GrantBenefit,
        youth_id=Y,
        norm=st.just("alleenstaand"),
        monthly_amount=AMOUNTS,
        granted_on=DAYS,
        from_on=DAYS,
    ),
    st.builds(RefuseBenefit, youth_id=Y, reason=st.just("anders"), refused_on=DAYS),
    st.builds(SuspendBenefit, youth_id=Y, reason=st.just("onderzoek"), suspended_on=DAYS),
    st.builds(ResumeBenefit, youth_id=Y, resumed_on=DAYS),
    st.builds(EndBenefit, youth_id=Y, reason=st.just("werk"), ended_on=DAYS),
    st.builds(ApplyForAllowance, youth_id=Y, allowance_id=IDS, kind=KINDS, applied_on=DAYS),
    st.builds(GrantAllowance, youth_id=Y, kind=KINDS, monthly_amount=AMOUNTS, granted_on=DAYS),
    st.builds(RefuseAllowance, youth_id=Y, kind=KINDS, reason=st.just("anders"), refused_on=DAYS),
    st.builds(RecordIncomeFromWork, youth_id=Y, amount=AMOUNTS, received_on=DAYS),
)


def _walk() -> list[Command]:
    """Two benefits the rules accept when nothing interferes, every step dated today."""
    on = {"youth_id": YOUTH}
    return [
        ApplyForBenefit(**on, benefit_id=uuid.UUID(int=1), applied_on=TODAY),
        StartSearchPeriod(**on, started_on=TODAY),
        EndSearchPeriod(**on, ended_on=TODAY),
        GrantBenefit(**on, norm="alleenstaand", monthly_amount=900, granted_on=TODAY,
                     from_on=TODAY),
        SuspendBenefit(**on, reason="onderzoek", suspended_on=TODAY),
        ResumeBenefit(**on, resumed_on=TODAY),
        EndBenefit(**on, reason="werk", ended_on=TODAY),
        ApplyForBenefit(**on, benefit_id=uuid.UUID(int=2), applied_on=TODAY),
        StartSearchPeriod(**on, started_on=TODAY),
        WaiveSearchPeriod(**on, reason="kwetsbare_situatie", waived_on=TODAY),
        GrantBenefit(**on, norm="kostendeler", cost_sharers=1, monthly_amount=700,
                     granted_on=TODAY, from_on=TODAY),
        EndBenefit(**on, reason="opleiding", ended_on=TODAY),
    ]  # fmt: skip


@st.composite
def sequences(draw: st.DrawFn) -> list[Command]:
    """Noise with the walk interleaved, so the noise lands before, inside and after benefits."""
    noise = draw(st.lists(STEPS, max_size=30))
    merged: list[Command] = []
    for step in _walk():
        take = draw(st.integers(min_value=0, max_value=min(3, len(noise))))
        merged.extend(noise[:take])
        noise = noise[take:]
        merged.append(step)
    return [*merged, *noise]


_DATE_FIELDS = (
    "applied_on", "started_on", "ended_on", "waived_on", "granted_on", "from_on", "refused_on",
    "suspended_on", "resumed_on",
)  # fmt: skip


class Bookkeeper:
    """The issue's rules, naively: checks each accepted benefit event as it comes."""

    def __init__(self) -> None:
        """Nothing open yet."""
        self.open = False
        self.granted = False
        self.searching = False
        self.last_day: date | None = None  # the latest date of the open benefit's facts

    def check(self, event: object) -> None:
        """Fail on an event that breaks a rule; then take it in."""
        days = [getattr(event, f) for f in _DATE_FIELDS if hasattr(event, f)]
        assert all(day <= TODAY for day in days), event
        if isinstance(event, BenefitApplied):
            assert not self.open, "a second benefit opened while one was open"
            assert self.last_day is None or event.applied_on >= self.last_day
            self.open, self.granted, self.searching = True, False, False
            self.last_day = event.applied_on
            return
        if isinstance(event, BenefitGranted):
            assert not self.searching, "granted while the search period ran"
            assert self.open
            assert not self.granted
            self.granted = True
        if isinstance(event, SearchPeriodStarted):
            self.searching = True
        if isinstance(event, (SearchPeriodEnded, SearchPeriodWaived)):
            self.searching = False
        if isinstance(event, (BenefitSuspended, BenefitResumed, BenefitEnded)):
            assert self.granted, "a benefit step without a grant"
        if isinstance(event, (BenefitRefused, BenefitEnded)):
            self.open = False
        if isinstance(event, (BenefitSuspended, BenefitResumed, BenefitEnded, BenefitRefused)):
            assert self.last_day is not None
            assert min(days) >= self.last_day, "a benefit fact before an earlier one"
        if days and self.last_day is not None and not isinstance(event, BenefitGranted):
            self.last_day = max(self.last_day, *days)
        elif isinstance(event, BenefitGranted):
            self.last_day = max(self.last_day or event.from_on, event.from_on)


@settings(max_examples=300, deadline=None)
@given(sequences())
def test_random_commands_never_open_two_benefits_nor_grant_in_a_search_period(
    commands: list[Command],
):
    """Every accepted event keeps the rules; the fold agrees with the bookkeeper."""
    state, keeper, accepted = Income(), Bookkeeper(), []
    for cmd in commands:
        try:
            events = decide(state, cmd, TODAY)
        except RuleViolationError:
            continue
        for event in events:
            keeper.check(event)
        accepted.extend(events)
        state = reduce(evolve, events, state)
    assert state.open == keeper.open
    assert state.search_running == keeper.searching
    assert state.benefits == sum(isinstance(e, BenefitGranted) for e in accepted)
