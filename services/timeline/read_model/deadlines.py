"""Headlines of the deadlines that passed (the durable timers' facts) and of the Doorbraak.

Rendered from clear fields only, like every headline (catalogue.py): a missed deadline names
what lacked and the last day it was still in time, in Dutch ("uiterlijk 9 maart"); a Doorbraak
names the rule that stood in the way, never its description (sealed free text).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from services.timeline.read_model.vocabularies import label

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "breakthrough_requested",
    "breakthrough_resolved",
    "first_week_missed",
    "future_plan_overdue",
    "goal_overdue",
    "housing_plan_missed",
    "plan_review_due",
]

_MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip


def _by(data: Mapping[str, Any]) -> str:
    """` (uiterlijk 9 maart)`, or nothing when the day is not readable."""
    try:
        due = date.fromisoformat(str(data.get("due_on")))
    except ValueError:
        return ""
    return f" (uiterlijk {due.day} {_MONTHS[due.month - 1]})"


def first_week_missed(data: Mapping[str, Any]) -> str:
    """E.g. `Eerste week: geen dak of postadres op tijd (uiterlijk 9 maart)`."""
    lacking = data.get("lacking")
    listed = lacking if isinstance(lacking, list) else []
    named = " of ".join(label("housing.FirstWeekNeed", n, "onbekend") for n in listed)
    return f"Eerste week: geen {named or 'dak of postadres'} op tijd{_by(data)}"


def housing_plan_missed(data: Mapping[str, Any]) -> str:
    """E.g. `Woonplan niet op tijd (uiterlijk 13 april)`."""
    return f"Woonplan niet op tijd{_by(data)}"


def future_plan_overdue(data: Mapping[str, Any]) -> str:
    """E.g. `Toekomstplan te laat (Jongeren Perspectief Fonds, uiterlijk 27 april)`."""
    programma = label("intake.Programma", data.get("programma"), "programma")
    by = _by(data)
    return f"Toekomstplan te laat ({programma}{', ' + by[2:-1] if by else ''})"


def plan_review_due(data: Mapping[str, Any]) -> str:
    """E.g. `Evaluatie toekomstplan te laat (uiterlijk 30 juni)`."""
    return f"Evaluatie toekomstplan te laat{_by(data)}"


def goal_overdue(data: Mapping[str, Any]) -> str:
    """E.g. `Doel over tijd (uiterlijk 1 september)`.

    Never the goal's life domain (sealed in the plan; version 1 named it in clear): the plan
    page shows which goal, to those intake lets read the plan.
    """
    return f"Doel over tijd{_by(data)}"


def breakthrough_requested(data: Mapping[str, Any]) -> str:
    """E.g. `Doorbraak gevraagd: kostendelersnorm`."""
    return f"Doorbraak gevraagd: {label('intake.Obstruction', data.get('obstruction'), 'regel')}"


def breakthrough_resolved(data: Mapping[str, Any]) -> str:
    """E.g. `Doorbraak: opgelost met maatwerk`."""
    outcome = label("intake.BreakthroughOutcome", data.get("outcome"), "afgehandeld")
    return f"Doorbraak: {outcome}"
