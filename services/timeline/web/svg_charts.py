"""Bar and line charts as inline SVG, drawn on the server: no script, no build step.

Every chart carries a <title> and a <desc> that says in words what it shows (screen readers
read those, not the shapes), axis labels, and a value on or near every bar or point. The same
`Chart` also renders as a table, for whoever would rather read the numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from markupsafe import Markup, escape

if TYPE_CHECKING:
    from collections.abc import Callable

    from shared.figures.suppression import Figure

Kind = Literal["kolommen", "lijnen", "staven"]

# Dark enough against white for graphics (WCAG 1.4.11, at least 3:1), and told apart by the
# legend's text too, never by colour alone.
PALETTE = ("#154273", "#ca005d", "#39870c", "#8f4a00", "#007bc7", "#5c2d91")

WIDTH = 640
ROW = 30  # the height of one horizontal bar's row
# A presentation attribute, not `style=`: the pages' CSP allows no inline style (the font
# family comes from the page around the inline SVG).
_TEXT = 'font-size="13"'


@dataclass(frozen=True)
class Series:
    """One row of numbers, one per category, with what they count."""

    label: str
    values: tuple[Figure, ...]  # a hidden small count ("<5", "x") is drawn as 0, labelled


def magnitude(value: Figure) -> int:
    """How far to draw a value: a hidden count has no length that could give it away."""
    return value if isinstance(value, int) else 0


@dataclass(frozen=True)
class Chart:
    """What to draw, and the words that say it without the picture.

    `kolommen`: columns per category; `lijnen`: a line per series over the categories (months);
    `staven`: horizontal bars, for long category names.
    """

    key: str
    title: str
    description: str
    kind: Kind
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    x_label: str
    y_label: str

    @property
    def empty(self) -> bool:
        """Nothing to draw: no category, or only zeros."""
        return not self.categories or not any(v for s in self.series for v in s.values)

    def summary(self) -> str:
        """The numbers in one sentence, for the SVG's <desc>: the zeros only as "overige: 0"."""
        parts = []
        for series in self.series:
            pairs = [f"{c}: {v}" for c, v in zip(self.categories, series.values, strict=True) if v]
            if len(pairs) < len(self.categories):
                pairs.append("overige: 0" if pairs else "overal 0")
            text = ", ".join(pairs)
            parts.append(f"{series.label}: {text}" if len(self.series) > 1 else text)
        return f"{self.description} " + "; ".join(parts) + "."


def nice_ceiling(top: int) -> tuple[int, int]:
    """An axis maximum at or above `top` and a step of 1, 2 or 5 times a power of ten."""
    if top <= 0:
        return 1, 1
    raw = top / 4
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return step * math.ceil(top / step), step


def render(chart: Chart) -> Markup:
    """The chart as one accessible <svg> element."""
    if chart.kind == "staven":
        return _horizontal(chart)
    return _vertical(chart)


def _open(chart: Chart, height: int) -> list[str]:
    ids = f"{chart.key}-titel {chart.key}-beschrijving"
    return [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="grafiek" role="img"'
            f' viewBox="0 0 {WIDTH} {height}" aria-labelledby="{escape(ids)}"'
            f' data-grafiek="{escape(chart.key)}">'
        ),
        f'<title id="{escape(chart.key)}-titel">{escape(chart.title)}</title>',
        f'<desc id="{escape(chart.key)}-beschrijving">{escape(chart.summary())}</desc>',
    ]


def _legend(chart: Chart, y: int) -> list[str]:
    if len(chart.series) < 2:  # noqa: PLR2004 - one series needs no legend
        return []
    parts, x = [], 64
    for i, series in enumerate(chart.series):
        colour = PALETTE[i % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 18}" y="{y}" {_TEXT}>{escape(series.label)}</text>')
        x += 34 + 7 * len(series.label)
    return parts


def _vertical(chart: Chart) -> Markup:
    """Columns or lines over the categories, with a y axis of nice round numbers."""
    legend = 28 if len(chart.series) > 1 else 0
    height, left, right, top, bottom = 300 + legend, 64, 16, 20 + legend, 64
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    peak = max((magnitude(v) for s in chart.series for v in s.values), default=0)
    axis_max, step = nice_ceiling(peak)
    parts = _open(chart, height) + _legend(chart, 22)

    def y_of(value: float) -> float:
        return top + plot_h - plot_h * value / axis_max

    for tick in range(0, axis_max + 1, step):
        y = y_of(tick)
        parts.append(
            f'<line x1="{left}" x2="{WIDTH - right}" y1="{y:.1f}" y2="{y:.1f}" class="raster"/>'
        )
        parts.append(
            f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" {_TEXT}>{tick}</text>'
        )
    slot = plot_w / max(len(chart.categories), 1)
    for i, category in enumerate(chart.categories):
        x = left + slot * (i + 0.5)
        parts.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 18}" text-anchor="middle"'
            f" {_TEXT}>{escape(category)}</text>"
        )
    if chart.kind == "kolommen":
        parts += _columns(chart, slot, left, y_of, top + plot_h)
    else:
        parts += _lines(chart, slot, left, y_of)
    parts.append(
        f'<line x1="{left}" x2="{WIDTH - right}" y1="{top + plot_h}" y2="{top + plot_h}"'
        f' class="as"/>'
    )
    parts.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 12}" text-anchor="middle"'
        f' class="aslabel">{escape(chart.x_label)}</text>'
    )
    middle = top + plot_h / 2
    parts.append(
        f'<text x="16" y="{middle:.1f}" text-anchor="middle" class="aslabel"'
        f' transform="rotate(-90 16 {middle:.1f})">{escape(chart.y_label)}</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above passed through escape()


def _columns(
    chart: Chart, slot: float, left: int, y_of: Callable[[float], float], base: int
) -> list[str]:
    parts = []
    count = len(chart.series)
    width = min(slot * 0.7 / count, 48)
    for i, _category in enumerate(chart.categories):
        start = left + slot * (i + 0.5) - width * count / 2
        for j, series in enumerate(chart.series):
            value = series.values[i]
            x, y = start + j * width, y_of(magnitude(value))
            colour = PALETTE[j % len(PALETTE)]
            tip = f"{series.label}, {chart.categories[i]}: {value}"
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{width - 2:.1f}" height="{base - y:.1f}"'
                f' fill="{colour}"><title>{escape(tip)}</title></rect>'
            )
            if value:
                parts.append(
                    f'<text x="{x + (width - 2) / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle"'
                    f" {_TEXT}>{escape(str(value))}</text>"
                )
    return parts


def _lines(chart: Chart, slot: float, left: int, y_of: Callable[[float], float]) -> list[str]:
    parts = []
    for j, series in enumerate(chart.series):
        colour = PALETTE[j % len(PALETTE)]
        points = [
            (left + slot * (i + 0.5), y_of(magnitude(v))) for i, v in enumerate(series.values)
        ]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="3"'
            f' stroke-linejoin="round"/>'
        )
        for (x, y), value, category in zip(points, series.values, chart.categories, strict=True):
            tip = f"{series.label}, {category}: {value}"
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="#fff" stroke="{colour}"'
                f' stroke-width="2.5"><title>{escape(tip)}</title></circle>'
            )
            if len(chart.series) == 1:
                parts.append(
                    f'<text x="{x:.1f}" y="{y - 10:.1f}" text-anchor="middle"'
                    f" {_TEXT}>{escape(str(value))}</text>"
                )
    return parts


def _horizontal(chart: Chart) -> Markup:
    """One bar per category, its name on the left and its value at its end."""
    legend = 28 if len(chart.series) > 1 else 0
    rows = len(chart.categories) * len(chart.series)
    left, right, top = 270, 48, 12 + legend
    height = top + ROW * rows + 16 * len(chart.categories) + 40
    plot_w = WIDTH - left - right
    peak = max((magnitude(v) for s in chart.series for v in s.values), default=0)
    axis_max, _ = nice_ceiling(peak)
    parts = _open(chart, height) + _legend(chart, 22)
    y = top
    for i, category in enumerate(chart.categories):
        middle = y + ROW * len(chart.series) / 2
        parts.append(
            f'<text x="{left - 10}" y="{middle + 4:.1f}" text-anchor="end"'
            f" {_TEXT}>{escape(category)}</text>"
        )
        for j, series in enumerate(chart.series):
            value = series.values[i]
            width = plot_w * magnitude(value) / axis_max
            colour = PALETTE[j % len(PALETTE)]
            tip = f"{series.label}, {category}: {value}"
            parts.append(
                f'<rect x="{left}" y="{y + 3}" width="{width:.1f}" height="{ROW - 6}"'
                f' fill="{colour}"><title>{escape(tip)}</title></rect>'
            )
            parts.append(
                f'<text x="{left + width + 6:.1f}" y="{y + ROW / 2 + 4:.1f}" {_TEXT}>'
                f"{escape(str(value))}</text>"
            )
            y += ROW
        y += 16
    parts.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{y - 16}" class="as"/>')
    parts.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 12}" text-anchor="middle"'
        f' class="aslabel">{escape(chart.x_label)}</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above passed through escape()
