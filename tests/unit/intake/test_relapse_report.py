"""Relapse by life domain per enrolment cohort: counted where the key is, counts only."""

from __future__ import annotations

from datetime import date

from services.intake.domain.events import AftercareStarted, FollowUpRecorded, ProgrammeEnrolled
from services.intake.relapse_report import RelapseCohort, count_relapses, protect_cohorts

START, END = date(2024, 1, 1), date(2024, 3, 31)


def enrolled(on: str, programma: str = "jpf") -> ProgrammeEnrolled:
    return ProgrammeEnrolled.model_construct(programma=programma, start_on=date.fromisoformat(on))


def aftercare(on: str, programma: str = "jpf") -> AftercareStarted:
    return AftercareStarted.model_construct(programma=programma, started_on=date.fromisoformat(on))


def follow_up(started: str, month: int, domains: object, *, relapsed: bool = True):
    return FollowUpRecorded.model_construct(
        aftercare_started_on=date.fromisoformat(started), month=month, relapsed=relapsed,
        relapse_leefgebieden=domains,
    )  # fmt: skip


def test_each_nazorg_counts_once_and_each_of_its_domains_once():
    history = [
        ("a", enrolled("2024-01-15")), ("a", enrolled("2024-05-01")),  # the first start counts
        ("a", aftercare("2024-06-01")),
        ("a", follow_up("2024-06-01", 3, ["justitie", "verslaving"])),
        ("a", follow_up("2024-06-01", 6, ["justitie"])),
        ("b", enrolled("2024-01-20")), ("b", aftercare("2024-05-01")),
        ("b", follow_up("2024-05-01", 6, [], relapsed=False)),
        ("c", enrolled("2024-02-03", "dtj")), ("c", aftercare("2024-04-01", "dtj")),
        ("c", follow_up("2024-04-01", 18, ["wonen"])),  # after 12 months: not counted
        ("d", enrolled("2024-02-10", "dtj")), ("d", aftercare("2024-03-01", "dtj")),
        ("d", follow_up("2024-03-01", 12, "gegevens vernietigd")),  # erased: domain unknown
        ("e", enrolled("2023-12-31")), ("e", aftercare("2024-02-01")),  # another cohort
        ("e", follow_up("2024-02-01", 3, ["wonen"])),
    ]  # fmt: skip

    cohorts = count_relapses(history, start=START, end=END)

    assert [(c.cohort, c.programma, c.in_aftercare, c.relapsed, c.by_leefgebied)
            for c in cohorts] == [
        (date(2024, 1, 1), "jpf", 2, 1, {"justitie": 1, "verslaving": 1}),
        (date(2024, 2, 1), "dtj", 2, 1, {"onbekend": 1}),
    ]  # fmt: skip


def test_a_young_person_in_nazorg_twice_counts_in_each_period():
    history = [
        ("a", enrolled("2024-01-15")), ("a", aftercare("2024-03-01")),
        ("a", follow_up("2024-03-01", 3, ["wonen"])),
        ("a", aftercare("2024-09-01")),
    ]  # fmt: skip

    [cohort] = count_relapses(history, start=START, end=END)

    assert (cohort.in_aftercare, cohort.relapsed, cohort.by_leefgebied) == (2, 1, {"wonen": 1})


def test_outside_the_auditor_small_counts_are_protected_per_measure():
    """A cohort of 2 in nazorg reads "<5"; its complement in the same table is hidden too."""
    cohorts = [
        RelapseCohort(cohort=date(2024, 1, 1), programma="jpf", in_aftercare=2, relapsed=0,
                      by_leefgebied={}),
        RelapseCohort(cohort=date(2024, 1, 1), programma="dtj", in_aftercare=30, relapsed=12,
                      by_leefgebied={"wonen": 9, "justitie": 3}),
        RelapseCohort(cohort=date(2024, 2, 1), programma="jpf", in_aftercare=40, relapsed=20,
                      by_leefgebied={"wonen": 20}),
    ]  # fmt: skip
    shown = protect_cohorts(cohorts, threshold=4)
    assert [(c.in_aftercare, c.relapsed, c.by_leefgebied) for c in shown] == [
        ("<5", 0, {}),
        ("x", 12, {"wonen": "x", "justitie": "<5"}),
        ("x", 20, {"wonen": 20}),  # else 42 in jpf over both months, less 40, gives 2
    ]
