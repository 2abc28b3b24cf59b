"""Headlines of nazorg (intake's aftercare after the last exit): Dutch, from clear fields only.

A follow-up's outcome reads as its flags; a relapse is named, never its life domains, which
intake seals as special-category data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from services.timeline.read_model.vocabularies import label

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["aftercare_ended", "aftercare_started", "follow_up_missed", "follow_up_recorded"]

# The outcome flags of a follow-up, in the order a headline names them.
OUTCOMES = (
    ("still_housed", "woont nog", "zonder woonplek"),
    ("in_work", "werkt", None),
    ("in_education", "leert", None),
    ("debt_free", "schuldenvrij", "met schulden"),
    ("in_contact", "in contact", "geen contact"),
)


def _months(month: object) -> str:
    return f"{month} maand{'' if month == 1 else 'en'}"


def _listed(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} en {parts[-1]}"


def aftercare_started(data: Mapping[str, Any]) -> str:
    """E.g. "Nazorg gestart: contact na 3, 6 en 12 maanden"."""
    ups = [f.get("month") for f in data.get("follow_ups") or [] if isinstance(f, dict)]
    if not ups:
        return "Nazorg gestart"
    return f"Nazorg gestart: contact na {_listed([str(m) for m in ups[:-1]] + [_months(ups[-1])])}"


def follow_up_recorded(data: Mapping[str, Any]) -> str:
    """E.g. "Nazorgcontact na 3 maanden: woont nog, werkt, schuldenvrij, in contact"."""
    said = [word for flag, yes, no in OUTCOMES if (word := yes if data.get(flag) else no)]
    if data.get("relapsed"):
        said.append("terugval")
    return f"Nazorgcontact na {_months(data.get('month'))}: {', '.join(said)}"


def follow_up_missed(data: Mapping[str, Any]) -> str:
    """The day passed without a follow-up recorded."""
    return f"Nazorgcontact na {_months(data.get('month'))} niet op tijd vastgelegd"


def aftercare_ended(data: Mapping[str, Any]) -> str:
    """E.g. "Nazorg beëindigd (opnieuw ingestroomd)"."""
    reason = label("intake.AftercareEndReason", data.get("reason"), "onbekende reden")
    return f"Nazorg beëindigd ({reason})"
