"""Bar charts drawn on the server as SVG: no script, no library, the table beside them.

A chart is laid out here (positions and lengths in the SVG's own units) and
drawn by ``core/includes/bar_chart.html`` (the generic part lives in website/core/charts.py).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from website.core.charts import BarChart, Series, bar_chart

from .templatetags.reports_tags import share_text

__all__ = ["BarChart", "Series", "bar_chart", "participation_chart", "share_chart"]


PARTICIPANTS = Series(gettext_lazy("Partecipanti"), "series-participants")
ATTENDED = Series(gettext_lazy("Con almeno una giornata"), "series-attended")
CERTIFIED = Series(gettext_lazy("Attestati"), "series-certified")
SHARE = Series(gettext_lazy("Quota media di frequenza"), "series-share")


def participation_chart(title, rows, label):
    return bar_chart(
        title=title,
        description=_("Gli stessi dati sono nella tabella accanto."),
        series=[PARTICIPANTS, ATTENDED, CERTIFIED],
        rows=[
            (
                label(row),
                [
                    row.figures.participant_count,
                    row.figures.attended_count,
                    row.figures.certificate_count,
                ],
            )
            for row in rows
        ],
    )


def share_chart(title, rows, label):
    return bar_chart(
        title=title,
        description=_("Gli stessi dati sono nella tabella accanto."),
        series=[SHARE],
        rows=[(label(row), [row.figures.average_share]) for row in rows],
        formatter=share_text,
        scale_max=100,
    )
