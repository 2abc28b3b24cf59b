"""The timeline's headlines of passed deadlines: what lacked and the last day in time."""

from __future__ import annotations

from services.timeline.read_model.catalogue import HEADLINES


def render(name: str, data: dict[str, object]) -> str:
    return HEADLINES[f"nl.regie.{name}"].render(data)


def test_a_missed_first_week_names_what_lacked_and_the_day_in_dutch():
    """Roof and address, or only one of them; the day as '9 maart'."""
    both = {"lacking": ["dak", "briefadres"], "due_on": "2026-03-09"}
    address = {"lacking": ["briefadres"], "due_on": "2026-03-09"}

    assert render("housing.first-week-shelter-missed", both) == (
        "Eerste week: geen dak of postadres op tijd (uiterlijk 9 maart)"
    )
    assert render("housing.first-week-shelter-missed", address) == (
        "Eerste week: geen postadres op tijd (uiterlijk 9 maart)"
    )


def test_a_missed_housing_plan_is_on_the_housing_domain_even_with_an_unreadable_day():
    """A bad date leaves out the day rather than failing the timeline."""
    headline = HEADLINES["nl.regie.housing.housing-plan-deadline-missed"]

    assert headline.leefgebied == "wonen"
    assert headline.render({"due_on": "2026-04-13"}) == "Woonplan niet op tijd (uiterlijk 13 april)"
    assert headline.render({"due_on": "gegevens vernietigd"}) == "Woonplan niet op tijd"
