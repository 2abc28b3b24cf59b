"""The timeline filter form: domains and a period, read from the query string with Dutch errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from services.timeline.read_model.catalogue import domains as known_domains
from services.timeline.read_model.queries import Period


@dataclass(frozen=True)
class Filters:
    """What the form shows back, the period it asks for, and what was wrong with it."""

    domains: tuple[str, ...]
    start: str
    end: str
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        """Does the form narrow the timeline at all?"""
        return bool(self.start or self.end) or set(self.domains) != set(known_domains())

    def period(self) -> Period:
        """The period to query; only meaningful without errors."""
        chosen = None if set(self.domains) == set(known_domains()) else self.domains
        return Period(
            chosen,
            date.fromisoformat(self.start) if self.start else None,
            date.fromisoformat(self.end) if self.end else None,
        )


def _day(value: str, errors: dict[str, str], name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors[name] = "Vul een geldige datum in, bijvoorbeeld 2025-03-01."
        return None


def read_filters(domains: list[str] | None, start: str | None, end: str | None) -> Filters:
    """Validate the form; no domain ticked means every domain."""
    errors: dict[str, str] = {}
    chosen = tuple(d for d in known_domains() if d in set(domains or ())) or tuple(known_domains())
    unknown = sorted(set(domains or ()) - set(known_domains()))
    if unknown:
        errors["domein"] = f"Onbekend leefgebied: {', '.join(unknown)}."
    start, end = (start or "").strip(), (end or "").strip()
    first, last = _day(start, errors, "van"), _day(end, errors, "tot")
    if first and last and first > last:
        errors["tot"] = "De einddatum ligt vóór de begindatum."
    return Filters(chosen, start, end, errors)
