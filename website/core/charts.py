"""Bar charts drawn on the server as SVG: no script, no library, the table beside them.

A chart is laid out here (positions and lengths in the SVG's own units) and drawn by
``core/includes/bar_chart.html``. The reports and the survey results use it.
"""

from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.functional import Promise

LABEL_WIDTH = 170
PLOT_WIDTH = 260
VALUE_WIDTH = 50
BAR_HEIGHT = 16
BAR_GAP = 2
GROUP_GAP = 12
TOP = 8


@dataclass(frozen=True)
class Series:
    name: str | Promise
    css_class: str


@dataclass
class Bar:
    series: Series
    value: float
    text: str
    y: float
    length: float


@dataclass
class Group:
    label: str
    y: float
    bars: list = field(default_factory=list)


@dataclass
class BarChart:
    title: str
    description: str
    series: list
    groups: list
    height: float
    label_width: int = LABEL_WIDTH
    plot_width: int = PLOT_WIDTH

    @property
    def width(self) -> int:
        return self.label_width + self.plot_width + VALUE_WIDTH

    @property
    def plot_x(self) -> int:
        return self.label_width


def bar_chart(
    *, title, description, series, rows, formatter=number_format, scale_max=None
) -> BarChart:
    """``rows`` are (label, [value per series]); bars are as long as value / the largest value."""
    largest = scale_max or max((v or 0 for _label, values in rows for v in values), default=0)
    groups, y = [], TOP
    for label, values in rows:
        group = Group(label=label, y=y)
        for index, (one, value) in enumerate(zip(series, values, strict=True)):
            length = PLOT_WIDTH * (value or 0) / largest if largest else 0
            group.bars.append(
                Bar(
                    series=one,
                    value=value or 0,
                    text=formatter(value) if value is not None else "—",
                    y=y + index * (BAR_HEIGHT + BAR_GAP),
                    length=round(length, 1),
                )
            )
        groups.append(group)
        y += len(series) * (BAR_HEIGHT + BAR_GAP) + GROUP_GAP
    return BarChart(title=title, description=description, series=series, groups=groups, height=y)
