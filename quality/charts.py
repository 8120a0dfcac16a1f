"""The report's bar chart of criterion scores, drawn on the server as SVG (no script).

The reports app's chart helper sits in a layer above this one, so the
assessment report keeps this small one: scores from 0 to 100 per criterion,
this assessment's and the previous one's side by side. The table beside the
chart carries the same figures for those who do not see it.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format

LABEL_WIDTH = 210
PLOT_WIDTH = 300
VALUE_WIDTH = 48
BAR_HEIGHT = 14
BAR_GAP = 2
GROUP_GAP = 10


@dataclass
class Bar:
    css_class: str
    y: float
    length: float
    text: str


@dataclass
class Group:
    label: str
    y: float
    bars: list = field(default_factory=list)


@dataclass
class Chart:
    title: str
    description: str
    groups: list
    height: float
    width: int = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
    plot_x: int = LABEL_WIDTH
    ticks: list = field(default_factory=list)


def score_chart(*, title, description, rows) -> Chart:
    """``rows``: (label, current, previous) with scores 0–100 or None."""
    groups = []
    y = 4
    for label, current, previous in rows:
        group = Group(label=label, y=y)
        for css_class, value in (("bar-current", current), ("bar-previous", previous)):
            if value is None and css_class == "bar-previous":
                continue
            number = Decimal(value or 0)
            group.bars.append(
                Bar(
                    css_class=css_class,
                    y=y,
                    length=float(number) * PLOT_WIDTH / 100,
                    text=number_format(number, 1) if value is not None else "—",
                )
            )
            y += BAR_HEIGHT + BAR_GAP
        y += GROUP_GAP
        groups.append(group)
    ticks = [(LABEL_WIDTH + PLOT_WIDTH * t / 100, t) for t in (0, 25, 50, 75, 100)]
    return Chart(title=title, description=description, groups=groups, height=y + 14, ticks=ticks)
