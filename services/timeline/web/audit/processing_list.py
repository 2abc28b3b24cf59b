"""Verwerkingen: one young person's processing log across every service, filtered and exported.

Pure: the entries of each service in, one list out, newest first. The export is CSV in the
field names of the VNG Verwerkingenlogging API (shared/processing_log/vng.py), one row per
entry, its `verwerkteObjecten` flattened (always one: the young person), `;`-separated with a
byte order mark like the report's export so a Dutch Excel opens it into columns. A cell that
a spreadsheet would run as a formula is prefixed with `'`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Final, get_args
from zoneinfo import ZoneInfo

from shared.processing_log import Action, Result, VngSource
from shared.processing_log.vng import verwerkingsactie

if TYPE_CHECKING:
    from collections.abc import Iterable

    from shared.processing_log import ProcessingEntry

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SEPARATOR = ";"
ACTIONS: Final = get_args(Action)
RESULTS: Final = get_args(Result)
VNG_FIELDS: Final = (
    "actieId", "actieNaam", "handelingNaam", "verwerkingNaam", "verwerkingId",
    "verwerkingsactiviteitId", "vertrouwelijkheid", "bewaartermijn", "uitvoerder", "systeem",
    "gebruiker", "gegevensbron", "tijdstip", "tijdstipRegistratie", "objecttype",
    "soortObjectId", "objectId", "betrokkenheid", "resultaat", "grondslag", "traceId", "spanId",
)  # fmt: skip
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Logged:
    """One entry of one service's processing log."""

    service: str
    entry: ProcessingEntry


@dataclass(frozen=True)
class ListFilter:
    """What the auditor narrowed the list to; `errors` per field (nl, en) when input is bad."""

    services: tuple[str, ...] = ()
    action: str | None = None
    result: str | None = None
    start: date | None = None
    end: date | None = None
    errors: dict[str, tuple[str, str]] = field(default_factory=dict)

    def window(self) -> tuple[datetime | None, datetime | None]:
        """The period as instants: from the first day's start to the start of the day after."""
        since = datetime.combine(self.start, time(), AMSTERDAM) if self.start else None
        until = self.end + timedelta(days=1) if self.end else None
        return since, datetime.combine(until, time(), AMSTERDAM) if until else None

    def keeps(self, item: Logged) -> bool:
        """Whether the entry passes every filter (days in Dutch time, both ends inclusive)."""
        entry = item.entry
        day = entry.logged_at.astimezone(AMSTERDAM).date()
        return (
            (not self.services or item.service in self.services)
            and (self.action is None or entry.action == self.action)
            and (self.result is None or entry.result == self.result)
            and (self.start is None or day >= self.start)
            and (self.end is None or day <= self.end)
        )


def read_filter(  # noqa: PLR0913 - one per form field
    services: list[str] | None,
    action: str | None,
    result: str | None,
    start: str | None,
    end: str | None,
    *,
    known: Iterable[str],
) -> ListFilter:
    """The filter from the form's fields; unknown values name their field, in Dutch and English."""
    errors: dict[str, tuple[str, str]] = {}
    chosen = tuple(s for s in services or [] if s)
    if unknown := [s for s in chosen if s not in set(known)]:
        errors["dienst"] = (f"Onbekende dienst: {', '.join(unknown)}.",
                            f"Unknown service: {', '.join(unknown)}.")  # fmt: skip
    if action and action not in ACTIONS:
        errors["actie"] = ("Kies een bestaande actie.", "Choose an existing action.")
    if result and result not in RESULTS:
        errors["resultaat"] = ("Kies een bestaand resultaat.", "Choose an existing result.")
    first, last = _day(start, "van", errors), _day(end, "tot", errors)
    if first and last and last < first:
        errors["tot"] = ("De einddatum ligt voor de begindatum.", "The end lies before the start.")
    return ListFilter(chosen, action or None, result or None, first, last, errors)


def _day(text: str | None, name: str, errors: dict[str, tuple[str, str]]) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors[name] = ("Vul een datum in als jjjj-mm-dd.", "Enter a date as yyyy-mm-dd.")
        return None


def merged(per_service: dict[str, list[ProcessingEntry]], keep: ListFilter) -> list[Logged]:
    """Every service's entries that pass the filter in one list, newest first."""
    items = [Logged(s, e) for s, entries in per_service.items() for e in entries]
    return sorted(
        (i for i in items if keep.keeps(i)),
        key=lambda i: (i.entry.logged_at, i.service, i.entry.seq),
        reverse=True,
    )


def vng_source(service: str, uitvoerder: str, bewaartermijn: str = "P20Y") -> VngSource:
    """Where a service's entries come from, as the VNG fields name it."""
    return VngSource(uitvoerder=uitvoerder, systeem=f"regie-{service}",
                     gegevensbron=f"regie-{service}", bewaartermijn=bewaartermijn)  # fmt: skip


def processing_csv(items: list[Logged], uitvoerder: str) -> str:
    """The list as CSV, one row per entry in the VNG Verwerkingenlogging fields."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=SEPARATOR)
    writer.writerow(VNG_FIELDS)
    for item in items:
        action = verwerkingsactie(item.entry, vng_source(item.service, uitvoerder))
        flat = action.model_dump(mode="json", by_alias=True)
        (subject,) = flat.pop("verwerkteObjecten")
        flat |= {k: v for k, v in subject.items() if k != "verwerkteSoortenGegevens"}
        writer.writerow([_cell(flat.get(name)) for name in VNG_FIELDS])
    return out.getvalue()


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text
