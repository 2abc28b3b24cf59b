"""Tijdreis: what a viewer saw then beside what they see today, each difference marked.

Pure: two timelines (or two summaries) in, rows out. An entry is matched by its event id, a
domain card by its domain; what only today holds is `nieuw` (recorded since, or opened up by
a consent), what only then held is `verdwenen` (hidden since, or erased), and what both hold
with another headline or shielding is `gewijzigd`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from services.timeline.read_model.queries import (
        DomainSummary,
        Entry,
        Timeline,
        YouthSummary,
    )

Mark = Literal["gelijk", "nieuw", "verdwenen", "gewijzigd"]
MARK_LABELS: dict[Mark, str] = {
    "gelijk": "Gelijk",
    "nieuw": "Alleen vandaag",
    "verdwenen": "Alleen toen",
    "gewijzigd": "Gewijzigd",
}


@dataclass(frozen=True)
class ComparedEntry:
    """One timeline entry as seen then and today (None where that side lacks it)."""

    then: Entry | None
    now: Entry | None
    mark: Mark

    @property
    def shown(self) -> Entry:
        """The side that holds it, today's first."""
        found = self.now or self.then
        if found is None:  # pragma: no cover - a row always has a side
            raise ValueError("a compared entry needs a side")
        return found


@dataclass(frozen=True)
class ComparedDomain:
    """One life domain's card as seen then and today."""

    domain: str
    then: DomainSummary | None
    now: DomainSummary | None
    mark: Mark


def _mark(then: object | None, now: object | None, same: bool) -> Mark:  # noqa: FBT001 - internal
    if then is None:
        return "nieuw"
    if now is None:
        return "verdwenen"
    return "gelijk" if same else "gewijzigd"


def compare_timelines(then: Timeline | None, now: Timeline | None) -> list[ComparedEntry]:
    """Every entry of either side, in the order it happened, marked; a missing side is empty."""
    earlier = {e.event_id: e for e in then.entries} if then else {}
    today = {e.event_id: e for e in now.entries} if now else {}
    rows = []
    for event_id in dict.fromkeys([*earlier, *today]):
        old, new = earlier.get(event_id), today.get(event_id)
        same = (
            old is not None
            and new is not None
            and (old.headline, old.redacted) == (new.headline, new.redacted)
        )
        rows.append(ComparedEntry(old, new, _mark(old, new, same)))
    return sorted(rows, key=lambda r: (r.shown.occurred_at, r.shown.recorded_at))


def compare_summaries(then: YouthSummary | None, now: YouthSummary | None) -> list[ComparedDomain]:
    """Every life domain's card of either side, marked, in the order given (then's first)."""
    earlier = {d.domain: d for d in then.domains} if then else {}
    today = {d.domain: d for d in now.domains} if now else {}
    rows = []
    for domain in dict.fromkeys([*earlier, *today]):
        old, new = earlier.get(domain), today.get(domain)
        same = (
            old is not None
            and new is not None
            and (old.code, old.label, old.redacted) == (new.code, new.label, new.redacted)
        )
        rows.append(ComparedDomain(domain, old, new, _mark(old, new, same)))
    return rows


def differences(rows: list[ComparedEntry] | list[ComparedDomain]) -> int:
    """How many rows differ between then and today."""
    return sum(1 for r in rows if r.mark != "gelijk")
