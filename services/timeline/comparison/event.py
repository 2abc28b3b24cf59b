"""The one thing that crosses a municipality's boundary: its protected figures of one month.

Published by each deployment's timeline on a topic of the municipality's own
(`gm<code>.figures.events`), read by the comparison of every programme the municipality
takes part in. Counts are already protected (shared.figures.suppression) when they leave: a
reader never sees an exact count from 1 to the threshold, whatever it is configured to do.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from shared.events import DomainEvent, EventCatalogue, open_to_additions
from shared.kafka import events_topic

DOMAIN = "figures"
WHOLE = "alle"  # the programme coordinate of the municipality's whole figure

Code = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,40}$")]
Gemeentecode = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}$")]
Month = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$")]
Hidden = Annotated[str, StringConstraints(pattern=r"^(<[0-9]{1,3}|x)$")]


class PublishedFigure(BaseModel):
    """One metric of one programme (or `alle`) in the month, as its municipality publishes it."""

    model_config = ConfigDict(frozen=True, extra="forbid", json_schema_extra=open_to_additions)

    metric: Code = Field(description="The report's metric code, e.g. `inschrijving`.")
    programma: Code = Field(description="intake's programme code, or `alle` for every one.")
    count: int | Hidden = Field(
        description=(
            "The protected count: 0, a count above the threshold, `<N` (1 to N-1) or `x`"
            " (hidden so that no small count can be recomputed)."
        ),
        examples=[12, "<5", "x"],
    )


class MunicipalFiguresPublished(DomainEvent):
    """A municipality published its protected figures of one month for comparison.

    Counts from 1 to `threshold` read `<threshold+1>`; complementary counts read `x`. A later
    revision of the same month replaces the earlier one (facts arrive late).
    """

    name = "municipal-figures-published"

    gemeentecode: Gemeentecode = Field(description="The publishing municipality (CBS code).")
    period: Month = Field(description="The month the flows happened in, `JJJJ-MM`.")
    revision: int = Field(ge=1, description="1 and up per month: the highest one counts.")
    threshold: int = Field(ge=1, le=99, description="Counts from 1 to this are hidden.")
    suppression: str = Field(max_length=500, description="The suppression rule, in Dutch.")
    figures: list[PublishedFigure] = Field(
        max_length=2000, description="Every metric per programme and for `alle`."
    )


CATALOGUE = EventCatalogue(DOMAIN, [MunicipalFiguresPublished])


def figures_topic(gemeentecode: str, prefix: str = "") -> str:
    """The municipality's own topic, `[<prefix>.]gm<code>.figures.events`.

    Its own, so a programme's deployment is granted to read exactly the municipalities that
    take part (one ACL per topic) and a municipality running its own platform mirrors only
    this topic to the programme's cluster.
    """
    own = f"gm{gemeentecode}"
    return events_topic(DOMAIN, f"{prefix}.{own}" if prefix else own)


def gemeentecode_of_topic(topic: str) -> str | None:
    """The municipality a figures topic belongs to, or None for any other topic."""
    parts = topic.removesuffix(".dlq").split(".")
    if len(parts) < 3 or parts[-2:] != [DOMAIN, "events"] or not parts[-3].startswith("gm"):  # noqa: PLR2004
        return None
    code = parts[-3].removeprefix("gm")
    return code if len(code) == 4 and code.isascii() and code.isdigit() else None  # noqa: PLR2004
