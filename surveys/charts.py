"""One server-drawn bar chart per closed question (website.core.charts), the table beside it."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from website.core.charts import BarChart, Series, bar_chart

from .selectors import QuestionResult, Results

ANSWERS = Series(gettext_lazy("Risposte"), "series-answers")


def question_chart(row: QuestionResult) -> BarChart | None:
    if row.question.is_text or not row.answered:
        return None
    return bar_chart(
        title=row.question.text,
        description=_("Gli stessi dati sono nella tabella accanto."),
        series=[ANSWERS],
        rows=[(option.label, [option.count]) for option in row.options],
    )


def attach_charts(results: Results) -> Results:
    for section in results.sections:
        for row in section.questions:
            row.chart = question_chart(row)
    return results
