"""Report facts: which event counts for which metric, and which fields it reads."""

from __future__ import annotations

from datetime import date
from typing import get_args

import pytest

from contracts.registry import CATALOGUES
from services.intake.domain.vocabulary import AgeBand as IntakeAgeBand
from services.intake.domain.vocabulary import Programma as IntakeProgramma
from services.timeline.reports.awaited import MET, MISSED
from services.timeline.reports.model import METRICS, AgeBand, Programma
from services.timeline.reports.projection import FACTS, Fact, facts_of
from services.timeline.settings import TimelineSettings
from tests.support.cloudevents import cloud_event

YOUTH = "0f6b1e4c-0000-4000-8000-000000000001"


def one(type_name: str, data: dict[str, object]) -> list[tuple[object, ...]]:
    event = cloud_event(f"nl.regie.{type_name}", YOUTH, data)
    return [(f.metric, f.dimension, f.occurred_on, f.value) for f in facts_of(event)]


@pytest.mark.parametrize(
    ("type_name", "data", "expected"),
    [
        ("intake.youth-referred", {"referrer_type": "wijkteam", "received_on": "2026-01-05"},
         ("aanmelding", "wijkteam", date(2026, 1, 5), None)),
        ("intake.programme-exited", {"destination": "werk", "exit_on": "2026-03-31"},
         ("uitstroom", "werk", date(2026, 3, 31), None)),
        ("debts.debts-settled", {"solution_kind": "saneringskrediet", "settled_on": "2026-02-01",
                                 "amount_settled": "enc:v1:k:abc"},
         ("schulden_geregeld", "saneringskrediet", date(2026, 2, 1), None)),
        ("debts.counterpart-completed", {"completed_on": "2026-02-10"},
         ("jpf_tegenprestatie_afgerond", None, date(2026, 2, 10), None)),
        ("coaching.relapse-signalled", {"signalled_on": "2026-04-02", "returns_to": "scan"},
         ("terugval", "scan", date(2026, 4, 2), None)),
    ],
)  # fmt: skip
def test_an_event_counts_once_for_its_metric_on_the_day_it_happened(type_name, data, expected):
    """Metric, dimension and day come from the event's clear fields, never its sealed ones."""
    assert one(type_name, data) == [expected]


def test_housed_out_of_homelessness_also_counts_its_days():
    """`days_homeless` is summed into a metric of its own; housed without it counts once."""
    out_of_homelessness = {"form": "kamer", "from_on": "2026-05-04", "days_homeless": 40}
    assert one("housing.housed", out_of_homelessness) == [
        ("gehuisvest", "kamer", date(2026, 5, 4), None),
        ("dagen_dakloos_tot_gehuisvest", None, date(2026, 5, 4), 40),
    ]
    moved = {"form": "zelfstandig", "from_on": "2026-05-04", "days_homeless": None}
    assert one("housing.housed", moved) == [("gehuisvest", "zelfstandig", date(2026, 5, 4), None)]


def test_a_missing_or_malformed_day_falls_back_to_the_recorded_day():
    """Counted in the month it was recorded rather than lost."""
    event = cloud_event("nl.regie.debts.counterpart-completed", YOUTH, {"completed_on": "gisteren"})
    [fact] = facts_of(event)
    assert fact == Fact(event.id, "jpf_tegenprestatie_afgerond", YOUTH, "0518", None,
                        event.time.date(), None)  # fmt: skip


def test_events_no_metric_is_about_count_for_nothing():
    """A consent or a debt recorded is no flow of any report."""
    assert one("intake.consent-given", {"purpose": "tijdlijn_delen"}) == []
    assert one("debts.debt-recorded", {"recorded_on": "2026-01-01"}) == []


def test_every_metric_and_the_timers_deadlines_have_a_dutch_label():
    """The CSV and the web view label every code they can meet."""
    counted = {c.metric for rule in FACTS.values() for c in rule} | {MET, MISSED}
    assert counted <= set(METRICS)


def test_every_field_read_exists_in_the_producing_services_contract():
    """A renamed field in any domain's newest version fails here, not silently in a report.

    The catalogues are every declared service's (contracts/registry.py), so a domain's facts
    are checked from its first line in the reports, income's included.
    """
    for type_name, rules in FACTS.items():
        domain = type_name.split(".")[2]
        cls = CATALOGUES[domain].newest_class(type_name)
        assert cls is not None, type_name
        for rule in rules:
            names = [getattr(rule, f, None) for f in ("on", "dimension", "value")]
            assert {n for n in names if n} <= set(cls.model_fields), (type_name, rule)


def test_report_filters_accept_intakes_codes_and_onbekend():
    """Narrowing to a programme or age band uses intake's vocabulary, plus the unregistered."""
    assert set(get_args(Programma)) == {*get_args(IntakeProgramma), "onbekend"}
    assert set(get_args(AgeBand)) == {*get_args(IntakeAgeBand), "onbekend"}


def test_the_reports_group_follows_the_timelines_unless_named():
    """Isolating the timeline's group isolates the reports' too; the default is documented."""
    assert TimelineSettings().reports_consumer_group == "timeline-reports"
    assert TimelineSettings(consumer_group="t1").reports_consumer_group == "t1-reports"
    assert TimelineSettings(reports_consumer_group="r").reports_consumer_group == "r"
