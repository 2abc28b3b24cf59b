"""An exit from one of two programmes is not an exit from the platform."""

from __future__ import annotations

from datetime import date

from services.timeline.read_model.summary import RULES
from services.timeline.read_model.youths import _empty, _fold
from tests.support.cloudevents import cloud_event

EXITED = "nl.regie.intake.programme-exited"


def test_the_last_exit_says_uitgestroomd_with_its_destination():
    status = RULES[EXITED]({"programma": "jpf", "destination": "werk", "exit_on": "2026-03-31",
                            "still_enrolled_in": []}, {})  # fmt: skip
    assert (status.code, status.label, status.since) == (
        "uitgestroomd", "Uitgestroomd, naar werk", "2026-03-31"
    )  # fmt: skip


def test_an_exit_with_a_programme_left_keeps_the_young_person_in():
    status = RULES[EXITED]({"programma": "jpf", "destination": "werk", "exit_on": "2026-03-31",
                            "still_enrolled_in": ["rodeloper"]}, {})  # fmt: skip
    assert status.code == "in_programma"
    assert status.label.startswith("Jongeren Perspectief Fonds afgerond; nog in ")
    assert "uitgestroomd" not in status.label.lower()


def test_an_exit_recorded_before_the_field_existed_reads_as_the_last():
    status = RULES[EXITED]({"programma": "jpf", "destination": "werk"}, {})
    assert status.code == "uitgestroomd"


def test_the_young_persons_row_is_closed_only_by_the_last_exit():
    row = _empty(cloud_event(EXITED, "y-1", {}))
    _fold(row, "programme-exited", {"exit_on": "2026-03-01", "still_enrolled_in": ["rodeloper"]})
    assert (row["exited_on"], row["exit_set"]) == (None, False)
    _fold(row, "programme-exited", {"exit_on": "2026-04-01", "still_enrolled_in": []})
    assert (row["exited_on"], row["exit_set"]) == (date(2026, 4, 1), True)
