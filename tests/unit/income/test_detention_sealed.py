"""Detention never travels in clear: a bijstand suspended or ended for it says `anders`.

A benefit stopped because the young person is detained tells every subscriber of the topic of
justice contact (criminal-law data, AVG art. 10), as a police referral did in intake. Version 2
of `benefit-suspended` and `benefit-ended` keeps it out of the clear `reason` and seals the
exact reason; a version 1 reads as version 2 in the producer's code and in the released
snapshots alike.
"""

from __future__ import annotations

import pytest

from services.income.domain.commands import EndBenefit, SuspendBenefit
from services.income.domain.events import CATALOGUE, BenefitEnded, BenefitSuspended
from shared.event_contracts.released import released_contracts
from shared.personal_data import personal_fields
from tests.unit.income.givens import BENEFIT, TODAY, YOUTH, command, given, granted, when

SUSPENDED = "nl.regie.income.benefit-suspended"
ENDED = "nl.regie.income.benefit-ended"
V1 = {
    SUSPENDED: {"youth_id": str(YOUTH), "benefit_id": str(BENEFIT), "reason": "detentie",
                "suspended_on": "2026-07-01"},
    ENDED: {"youth_id": str(YOUTH), "benefit_id": str(BENEFIT), "reason": "detentie",
            "ended_on": "2026-07-31"},
}  # fmt: skip


@pytest.mark.parametrize(
    ("cls", "reason"),
    [(SuspendBenefit, "detentie"), (SuspendBenefit, "onderzoek"), (EndBenefit, "detentie"),
     (EndBenefit, "werk")],
)  # fmt: skip
def test_the_clear_reason_never_says_detention_and_the_exact_one_is_sealed(cls, reason):
    """Detention reads `anders` in clear; every other reason as it is; the exact one sealed."""
    [event] = when(given(*granted()), command(cls, reason=reason))
    assert event.reason == ("anders" if reason == "detentie" else reason)
    assert event.exact_reason == reason
    assert personal_fields(type(event))["exact_reason"].category == "SPD"
    assert "reason" not in personal_fields(type(event))


@pytest.mark.parametrize(
    ("type_name", "cls"), [(SUSPENDED, BenefitSuspended), (ENDED, BenefitEnded)]
)
def test_version_1_reads_as_version_2_in_code_and_in_the_snapshots(type_name, cls):
    """A v1 detention reads `anders`, with no exact reason; producer and consumers agree."""
    from_code = CATALOGUE.current(type_name, 1, V1[type_name])[1]
    from_snapshots = released_contracts().upcasters.upcast(type_name, 1, V1[type_name])
    assert cls.schema_version == 2
    assert from_snapshots == (2, from_code)
    event = cls.model_validate(from_code)
    assert (event.reason, event.exact_reason) == ("anders", None)


def test_an_end_for_work_still_reads_as_work_in_clear():
    """Coaching counts a bijstand ended for work from the clear reason: it stays `werk`."""
    [ended] = when(given(*granted()), command(EndBenefit, reason="werk", ended_on=TODAY))
    assert ended.model_dump(mode="json")["reason"] == "werk"
