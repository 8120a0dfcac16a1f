"""Pages for teachers and training managers: the grading queue, an essay's grading form,
an edition's grade table (with CSV/XLSX export) and a quiz's question analysis.

Teachers see only the learners of the editions they teach; anyone else gets 404.
"""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from courses.models import Edition
from website.core.exceptions import Refused
from website.core.navigation import Crumb, trail
from website.core.spreadsheets import csv_response, xlsx_response

from . import permissions, selectors, services
from .models import AttemptAnswer, Quiz

QUEUE_PAGE_SIZE = 30


def _staff_trail(*steps: Crumb | tuple[str, str]) -> list[Crumb]:
    return trail((_("La mia formazione"), reverse("courses:dashboard")), *steps)


@login_required
@never_cache
def grading_queue(request):
    if not permissions.may_grade_anything(request.user):
        raise Http404
    page = Paginator(selectors.grading_queue(request.user), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "quizzes/staff/grading_queue.html",
        {"page_obj": page, "breadcrumbs": _staff_trail(Crumb(_("Risposte aperte da correggere")))},
    )


class GradeForm(forms.Form):
    mark = forms.DecimalField(
        label=gettext_lazy("Punteggio"),
        min_value=Decimal("0"),
        max_digits=6,
        decimal_places=2,
        localize=True,
    )
    comment = forms.CharField(
        label=gettext_lazy("Commento per il partecipante"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, max_mark, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mark"].widget.attrs["max"] = str(max_mark)
        self.fields["mark"].validators.append(MaxValueValidator(max_mark))
        self.fields["mark"].help_text = _("Da 0 a %(max)s.") % {"max": max_mark}


@login_required
@never_cache
def grade_answer(request, pk):
    answer = (
        AttemptAnswer.objects.select_related(
            "attempt__quiz__course", "attempt__user", "question", "grader"
        )
        .filter(pk=pk, question__type="essay", attempt__state="finished")
        .first()
    )
    if answer is None or not permissions.can_grade_attempt(request.user, answer.attempt):
        raise Http404
    initial = {"mark": answer.mark, "comment": answer.grader_comment}
    form = GradeForm(request.POST or None, initial=initial, max_mark=answer.max_mark)
    if request.method == "POST" and form.is_valid():
        try:
            services.essay_grade(
                answer=answer,
                grader=request.user,
                mark=form.cleaned_data["mark"],
                comment=form.cleaned_data["comment"],
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Valutazione salvata; il partecipante riceve un avviso."))
            return redirect("quizzes:grading_queue")
    breadcrumbs = _staff_trail(
        (_("Risposte aperte da correggere"), reverse("quizzes:grading_queue")),
        Crumb(_("Correzione")),
    )
    return render(
        request,
        "quizzes/staff/grade_answer.html",
        {"answer": answer, "form": form, "breadcrumbs": breadcrumbs},
    )


def _grade_cell(outcome):
    if outcome is None:
        return ""
    if outcome.grade is None:
        return _("da valutare")
    return outcome.grade


@login_required
@never_cache
def grade_table(request, code):
    edition = (
        Edition.objects.select_related("course", "cluster")
        .prefetch_related("teachers")
        .with_code(code)
        .first()
    )
    if edition is None or not permissions.can_view_grade_table(request.user, edition):
        raise Http404
    table = selectors.grade_table(edition)
    export = request.GET.get("formato")
    if export in ("csv", "xlsx"):
        header = [_("Cognome"), _("Nome"), _("Email")] + [
            f"{quiz.title} (%)" for quiz in table.quizzes
        ]
        rows = [
            [person.last_name, person.first_name, person.email]
            + [_grade_cell(outcome) for outcome in outcomes]
            for person, outcomes in table.rows
        ]
        filename = f"voti-{edition.code}.{export}"
        if export == "csv":
            return csv_response(filename, header, rows)
        return xlsx_response(filename, header, rows, title=_("Voti"))
    if export:
        raise Http404
    breadcrumbs = _staff_trail(Crumb(_("Voti dei quiz: %(code)s") % {"code": edition.code}))
    return render(
        request,
        "quizzes/staff/grade_table.html",
        {"edition": edition, "table": table, "breadcrumbs": breadcrumbs},
    )


@login_required
@never_cache
def analysis(request, pk):
    quiz = Quiz.objects.select_related("course").filter(pk=pk).first()
    if quiz is None or not permissions.can_view_analysis(request.user, quiz):
        raise Http404
    attempts, stats = selectors.question_analysis(quiz, request.user)
    return render(
        request,
        "quizzes/staff/analysis.html",
        {
            "quiz": quiz,
            "attempt_count": attempts,
            "stats": stats,
            "breadcrumbs": _staff_trail(
                Crumb(_("Analisi delle domande: %(title)s") % {"title": quiz.title})
            ),
        },
    )
