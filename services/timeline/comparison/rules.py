"""What a municipality publishes of a month, and what a comparison accepts: pure, no I/O.

The publisher takes the month's flows through the same protected cube as the municipality's
own report of that month (`GET /reports?from=M&until=M`), so nothing crosses the boundary
that the municipality's own policy staff could not already read. The reader refuses
anything that is not so protected, whatever the publisher's configuration says.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from typing import TYPE_CHECKING

from services.timeline.comparison.event import WHOLE, MunicipalFiguresPublished, PublishedFigure
from services.timeline.reports.model import cell_of, dimensions_of, leaf_of, monthly
from shared.figures.suppression import ALL, SECONDARY, figures, wording

if TYPE_CHECKING:
    from collections.abc import Iterable

    from services.timeline.reports.model import Flow, ReportRow
    from shared.figures.suppression import Coordinates


class RefusedFiguresError(ValueError):
    """A publication a comparison must not keep; the message is the dead-letter reason."""


def month_figures(flows: Iterable[Flow | ReportRow], threshold: int) -> list[PublishedFigure]:
    """Per metric, per programme and for `alle`: the month's protected count.

    One cube per metric over programme, age band and dimension, as the report's: the whole
    and each programme are cells of it, so no two can be subtracted to reveal a hidden one.
    """
    leaves: dict[str, dict[Coordinates, int]] = defaultdict(dict)
    for row in flows:
        key = leaf_of(row)  # the report's own cells, a split dimension split alike
        cells = leaves[row.metric]
        cells[key] = cells.get(key, 0) + int(row.count)
    published: list[PublishedFigure] = []
    for metric in sorted(leaves):
        figure = figures(leaves[metric], threshold)
        programmes = sorted({key[1 if monthly(metric) else 0] for key in leaves[metric]})
        every = (ALL,) * len(dimensions_of(metric, None))
        whole = figure(cell_of(metric, None, ALL, ALL, every))
        published.append(PublishedFigure(metric=metric, programma=WHOLE, count=whole))
        published.extend(
            PublishedFigure(metric=metric, programma=p,
                            count=figure(cell_of(metric, None, p, ALL, every)))
            for p in programmes
        )  # fmt: skip
    return published


def digest(published: list[PublishedFigure]) -> str:
    """A stable fingerprint of what would be published: unchanged, nothing is sent again."""
    text = json.dumps([f.model_dump() for f in published], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def check_publication(
    event: MunicipalFiguresPublished,
    *,
    sender: str,
    minimum: int,
    topic_gemeentecode: str | None = None,
) -> None:
    """Refuse a publication that names another municipality, or holds an unprotected count.

    `sender`: the CloudEvent's `gemeentecode`; `minimum`: the reader's own threshold, below
    which no publisher's may go; `topic_gemeentecode`: whose topic it came on.

    Raises:
        RefusedFiguresError: the reason, for the dead-letter topic.
    """
    if event.gemeentecode != sender:
        raise RefusedFiguresError(
            f"figures of {event.gemeentecode} in an event of municipality {sender}"
        )
    if topic_gemeentecode is not None and event.gemeentecode != topic_gemeentecode:
        raise RefusedFiguresError(
            f"figures of {event.gemeentecode} on the topic of {topic_gemeentecode}"
        )
    if event.threshold < minimum:
        raise RefusedFiguresError(
            f"threshold {event.threshold} of {event.gemeentecode} is below this reader's {minimum}"
        )
    allowed = {wording(event.threshold), SECONDARY}
    seen: set[tuple[str, str]] = set()
    for figure in event.figures:
        where = f"{figure.metric}/{figure.programma}"
        if (figure.metric, figure.programma) in seen:
            raise RefusedFiguresError(f"{where} published twice in {event.period}")
        seen.add((figure.metric, figure.programma))
        if isinstance(figure.count, int):
            if 1 <= figure.count <= event.threshold:
                raise RefusedFiguresError(
                    f"{where} in {event.period}: exact small count (1 to {event.threshold})"
                )
        elif figure.count not in allowed:
            raise RefusedFiguresError(
                f"{where} in {event.period}: {figure.count!r} is not the wording of"
                f" threshold {event.threshold}"
            )
