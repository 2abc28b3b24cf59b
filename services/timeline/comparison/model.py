"""What the comparison answers: per figure and month, a column per municipality."""

from __future__ import annotations

from datetime import date  # noqa: TC003 - pydantic needs it at runtime

from pydantic import BaseModel

from shared.figures.suppression import Figure  # noqa: TC001 - pydantic needs it at runtime


class ComparedMonth(BaseModel):
    """One month of one figure: each municipality's protected count.

    None where the municipality has not (yet) published that month; 0 where it published
    the month without this figure.
    """

    month: str  # JJJJ-MM
    counts: dict[str, Figure | None]


class ComparedFigure(BaseModel):
    """One metric of the programme, month by month, side by side."""

    metric: str
    label: str
    months: list[ComparedMonth]


class Comparison(BaseModel):
    """The programme's municipalities' figures over the period, each as its publisher protected it.

    Counts are never summed over months here: a sum of protected counts ("<5" + 7) would be
    a guess or a disclosure. `suppression` states each municipality's rule.
    """

    programma: str
    start: date
    end: date
    gemeenten: list[str]
    figures: list[ComparedFigure]
    suppression: dict[str, str]
