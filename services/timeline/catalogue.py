"""Which events go on the timeline, and the Dutch headline each one gets.

Headlines are rendered from the event type and its clear fields only, never from free text
or personal data. A new domain joins the timeline by adding its entries here: the topics the
timeline consumes are derived from this catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

PROGRAMMA_LABELS = {
    "jpf": "Jongeren Perspectief Fonds",
    "dtj": "dak- en thuisloze jongeren",
    "toekomstgesprek": "Toekomstgesprek",
    "rodeloper": "Rode loper",
    "regulier": "regulier",
}


@dataclass(frozen=True)
class Headline:
    """How one event type appears on the timeline."""

    render: Callable[[Mapping[str, Any]], str]
    leefgebied: str | None = None
    phase: Callable[[Mapping[str, Any]], str | None] | None = None


def _registered(data: Mapping[str, Any]) -> str:
    programma = PROGRAMMA_LABELS.get(str(data.get("programma")), "onbekend programma")
    band = data.get("age_band")
    suffix = f" (leeftijd {band})" if band else ""
    return f"Ingeschreven voor {programma}{suffix}"


ERASURE_REASONS = {
    "verzoek_art17": "verzoek AVG art. 17",
    "bewaartermijn_verlopen": "bewaartermijn verlopen",
    "toestemming_ingetrokken": "toestemming ingetrokken",
}
ERASED_HEADLINE = "gegevens vernietigd"
ERASURE = "nl.regie.intake.personal-data-erased"


def _erased(data: Mapping[str, Any]) -> str:
    reason = ERASURE_REASONS.get(str(data.get("reason")), "onbekende reden")
    return f"Persoonsgegevens vernietigd ({reason})"


HEADLINES: dict[str, Headline] = {
    "nl.regie.intake.youth-registered": Headline(_registered),
    ERASURE: Headline(_erased),
}


def domains() -> list[str]:
    """The domains whose events the timeline shows."""
    return sorted({name.split(".")[2] for name in HEADLINES})


def domain_of(type_name: str) -> str:
    """`nl.regie.<domain>.<name>` -> `<domain>`."""
    return type_name.split(".")[2]
