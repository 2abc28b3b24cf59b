"""The consents that hold today, per purpose: what the young person reads on Mijn toestemming.

Read from the events rather than the fold (`state.consents`) because the young person must
also see when a consent lapses (`valid_until`) and since when it holds, which the rules do not
need. The same reading as the fold and `plan_access.consented_leefgebieden`: a consent given
replaces the one before for its purpose, a withdrawal takes its life domains away, and one
that lapsed (or is dated after today) covers nothing today.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from services.intake.domain.events import ConsentGiven, ConsentWithdrawn

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import date

    from shared.events import DomainEvent

__all__ = ["CurrentConsent", "current_consents"]


@dataclass(frozen=True)
class CurrentConsent:
    """One purpose's consent as it holds today: the life domains it still covers."""

    purpose: str
    leefgebieden: frozenset[str]
    given_on: date
    valid_until: date | None


def current_consents(events: Iterable[DomainEvent], today: date) -> dict[str, CurrentConsent]:
    """Per purpose, the consent that holds today; a purpose with no life domain left is absent."""
    found: dict[str, CurrentConsent] = {}
    for event in events:
        if isinstance(event, ConsentGiven):
            found[event.purpose] = CurrentConsent(
                event.purpose, frozenset(event.leefgebieden), event.given_on, event.valid_until
            )
        elif isinstance(event, ConsentWithdrawn) and event.purpose in found:
            given = found[event.purpose]
            left = given.leefgebieden - set(event.leefgebieden)
            found[event.purpose] = CurrentConsent(
                given.purpose, left, given.given_on, given.valid_until
            )
    return {
        purpose: consent
        for purpose, consent in found.items()
        if consent.leefgebieden
        and consent.given_on <= today
        and (consent.valid_until is None or today <= consent.valid_until)
    }
