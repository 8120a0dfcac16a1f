"""The region's year as a bar chart drawn on the server (reports' charts, reused)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.charts import Series, bar_chart
from reports.templatetags.reports_tags import share_text

REACHED = Series(gettext_lazy("Personale che ha raggiunto l'obiettivo"), "series-share")


def region_chart(clusters, year):
    return bar_chart(
        title=_("Quota del personale che ha raggiunto l'obiettivo %(year)s, per cluster")
        % {"year": year},
        description=_("Gli stessi dati sono nella tabella accanto."),
        series=[REACHED],
        rows=[(row.name, [row.reached_percent if row.staff else None]) for row in clusters],
        formatter=share_text,
        scale_max=100,
    )
