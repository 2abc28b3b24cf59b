"""The young person's data download in words: the page's entries and the JSON file's shape.

Pure: what each domain answered (shared/own_events.py) becomes, per domain, one entry per fact
with a headline in Dutch where the timeline has one, the day, who recorded it (by role), and
every field as recorded; an erased field reads "Gewist". The JSON keeps the facts as the
domains gave them, with a short explanation in Dutch beside them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from services.timeline.read_model.catalogue import HEADLINES
from services.timeline.web.audit.processing_list import AMSTERDAM
from services.timeline.web.labels import day
from services.timeline.web.mijn import words

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

EXPLANATION: Final = (
    "Dit zijn alle gegevens die de gemeente over jou heeft vastgelegd, per onderdeel van het"
    " werk en in de volgorde waarin ze zijn vastgelegd. Gegevens die alleen voor jou en je"
    " hulpverleners zijn, zoals bedragen, adressen en aantekeningen, staan hier open voor"
    " jou. Gegevens die zijn gewist, staan er als 'gewist'. Dat ze gewist zijn, zie je ook."
    " De namen van de velden zijn de namen die het systeem gebruikt."
)
ERASED_WORD: Final = "Gewist"


@dataclass(frozen=True)
class Field:
    """One field of a fact."""

    name: str
    value: str
    erased: bool


@dataclass(frozen=True)
class Entry:
    """One fact about the young person, as the page shows it."""

    title: str
    when: str
    datetime: str
    who: str
    fields: tuple[Field, ...]


def entries(events: Sequence[Mapping[str, Any]]) -> list[Entry]:
    """The facts of one domain, oldest first, in words."""
    return [_entry(event) for event in events]


def _entry(event: Mapping[str, Any]) -> Entry:
    found = event.get("data")
    data: dict[str, Any] = found if isinstance(found, dict) else {}
    erased = set(event.get("erased") or [])
    recorded = _moment(event.get("recorded_at"))
    role = str(event.get("recorded_by_role", ""))
    return Entry(
        title=_title(str(event.get("type", "")), data),
        when=f"{day(recorded.date())}, {recorded:%H:%M}" if recorded else "",
        datetime=recorded.isoformat(timespec="minutes") if recorded else "",
        who=words.role(role),
        fields=tuple(
            Field(name, ERASED_WORD if name in erased else _text(value), name in erased)
            for name, value in data.items()
            if name != "youth_id"
        ),
    )


def sealed_details(
    per_service: Mapping[str, Sequence[Mapping[str, Any]]],
) -> dict[str, tuple[Field, ...]]:
    """Per event id, its fields sealed for everyone else, opened: a timeline line's details.

    Amounts, addresses and notes about the young person travel sealed, so the timeline holds
    only their headline; the domains open them for the young person (shared/own_events.py).
    """
    found: dict[str, tuple[Field, ...]] = {}
    for events in per_service.values():
        for event in events:
            data = event.get("data")
            if not isinstance(data, dict):
                continue
            erased = set(event.get("erased") or [])
            fields = tuple(
                Field(name, ERASED_WORD if name in erased else _text(data[name]), name in erased)
                for name in event.get("personal") or []
                if data.get(name) is not None and name != "youth_id"
            )
            if fields:
                found[str(event.get("id", ""))] = fields
    return found


def _title(type_name: str, data: Mapping[str, Any]) -> str:
    """The timeline's headline where it has one; else the fact's own name."""
    headline = HEADLINES.get(type_name)
    name = type_name.rsplit(".", 1)[-1].replace("-", " ")
    if headline is None:
        return name.capitalize()
    try:
        return headline.render(data)
    except (KeyError, TypeError, ValueError, AttributeError):
        return name.capitalize()


def _text(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, str | int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _moment(value: object) -> datetime | None:
    try:
        found = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return found.astimezone(AMSTERDAM) if found and found.tzinfo else found


def document(
    youth_id: str, made_at: datetime, per_service: Mapping[str, Sequence[Mapping[str, Any]]],
    unread: Sequence[str],
) -> dict[str, Any]:  # fmt: skip
    """The JSON download: the explanation, and every domain's facts as it gave them."""
    return {
        "uitleg": EXPLANATION,
        "jongere": youth_id,
        "gemaakt_op": made_at.isoformat(timespec="seconds"),
        "diensten": {service: list(events) for service, events in per_service.items()},
        "niet_opgehaald": list(unread),
    }
