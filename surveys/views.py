"""The learner's survey pages and the staff's results. Each answers 404 to whoever may not
see the survey, whether or not it exists (website.core.access.deny)."""

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from website.core.access import deny
from website.core.exceptions import Refused
from website.core.navigation import Crumb, trail
from website.core.spreadsheets import csv_response, xlsx_response

from . import permissions, selectors, services
from .charts import attach_charts
from .forms import SurveyForm
from .hooks import Closure, first_closure
from .models import ANONYMITY_THRESHOLD, Questionnaire, Survey


def _survey_or_none(pk) -> Survey | None:
    return Survey.objects.select_related("edition__course", "questionnaire").filter(pk=pk).first()


def _survey_trail(survey: Survey) -> list[Crumb]:
    return trail((_("La mia formazione"), reverse("courses:dashboard")), Crumb(survey.title))


def _results_trail() -> list[Crumb]:
    return trail(Crumb(_("Risultati")))


def _closed_page(request, survey, closure: Closure):
    return render(
        request,
        "surveys/not_yet.html",
        {"survey": survey, "closure": closure, "breadcrumbs": _survey_trail(survey)},
    )


def _own_closure(survey: Survey, last_day) -> Closure | None:
    state = survey.state(last_day=last_day)
    if state == "open":
        return None
    if state == "closed":
        return Closure(
            reason=_("Il questionario è chiuso: non accetta più risposte."), opens_at=None
        )
    opening = survey.opening(last_day=last_day)
    if survey.kind == Survey.Kind.EVALUATION:
        reason = _("Il questionario di valutazione si apre dopo l'ultima giornata d'aula.")
    else:
        reason = _("Il questionario non è ancora aperto.")
    opens_at = (
        timezone.make_aware(datetime.combine(opening, time.min)) if opening is not None else None
    )
    return Closure(reason=reason, opens_at=opens_at)


@login_required
@require_http_methods(["GET", "POST"])
def survey_page(request, pk):
    survey = _survey_or_none(pk)
    if survey is None or not permissions.in_audience(request.user, survey):
        return deny(request)
    closure = first_closure(request.user, survey)
    if closure is not None:
        return _closed_page(request, survey, closure)
    if selectors.has_answered(request.user, survey):
        if request.method == "POST":
            messages.error(
                request, _("Hai già risposto a questo questionario: la risposta non cambia.")
            )
            return render(
                request,
                "surveys/answered.html",
                {"survey": survey, "breadcrumbs": _survey_trail(survey)},
                status=409,
            )
        return render(
            request,
            "surveys/answered.html",
            {"survey": survey, "breadcrumbs": _survey_trail(survey)},
        )
    closure = _own_closure(survey, selectors.last_day_of(survey))
    if closure is not None:
        return _closed_page(request, survey, closure)
    sections = survey.sections()
    if request.method == "POST":
        form = SurveyForm(request.POST, sections=sections)
        if form.is_valid():
            try:
                services.survey_answer(survey=survey, user=request.user, answers=form.answers())
            except Refused as refusal:
                messages.error(request, refusal.message)
                return render(
                    request,
                    "surveys/answered.html",
                    {"survey": survey, "breadcrumbs": _survey_trail(survey)},
                    status=409,
                )
            return redirect("surveys:thanks", pk=survey.pk)
        status = 400
    else:
        form = SurveyForm(sections=sections)
        status = 200
    return render(
        request,
        "surveys/survey.html",
        {"survey": survey, "form": form, "breadcrumbs": _survey_trail(survey)},
        status=status,
    )


@login_required
def thanks(request, pk):
    survey = _survey_or_none(pk)
    if survey is None or not permissions.in_audience(request.user, survey):
        return deny(request)
    closure = first_closure(request.user, survey)
    if closure is not None:
        return _closed_page(request, survey, closure)
    if not selectors.has_answered(request.user, survey):
        return redirect("surveys:survey", pk=survey.pk)
    return render(
        request, "surveys/thanks.html", {"survey": survey, "breadcrumbs": _survey_trail(survey)}
    )


def _int_param(request, name) -> int | None:
    raw = request.GET.get(name, "")
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise Http404 from None


@login_required
def results(request, pk):
    survey = _survey_or_none(pk)
    if survey is None or not permissions.can_view_results(request.user, survey):
        return deny(request)
    cluster_id = _int_param(request, "cluster")
    outcome = selectors.survey_results(
        survey,
        cluster_id=cluster_id,
        with_texts=permissions.can_read_free_text(request.user, survey),
    )
    if cluster_id is not None and cluster_id not in outcome.cluster_ids:
        raise Http404
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "results": attach_charts(outcome),
            "clusters": outcome.clusters if survey.kind == Survey.Kind.NEEDS else [],
            "cluster_id": cluster_id,
            "can_export": outcome.shown and cluster_id is None,
            "breadcrumbs": _results_trail(),
        },
    )


@login_required
def results_export(request, pk, fmt):
    survey = _survey_or_none(pk)
    if survey is None or not permissions.can_view_results(request.user, survey):
        return deny(request)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    count = selectors.survey_results(survey).response_count
    if count < ANONYMITY_THRESHOLD:
        raise Http404
    header, rows = selectors.export_rows(
        survey, with_names=permissions.can_see_names(request.user, survey)
    )
    filename = f"questionario-{slugify(survey.title)[:60] or survey.pk}.{fmt}"
    if fmt == "csv":
        return csv_response(filename, header, rows)
    return xlsx_response(filename, header, rows, title=_("Risposte"))


@login_required
def questionnaire_results(request, pk):
    """A questionnaire's results across the surveys that gave it: the whole programme, a
    course, a cluster (training managers only)."""
    if not permissions.sees_all_results(request.user):
        return deny(request)
    every = list(
        Survey.objects.filter(questionnaire_id=pk)
        .select_related("questionnaire", "programme", "edition__course__programme")
        .order_by("edition__code", "title", "pk")
    )
    questionnaire = every[0].questionnaire if every else Questionnaire.objects.filter(pk=pk).first()
    if questionnaire is None:
        return deny(request)
    programmes = {s.programme_id: s.programme for s in every if s.programme_id}
    courses = {s.edition.course_id: s.edition.course for s in every if s.edition_id}
    selected = {name: _int_param(request, name) for name in ("piano", "corso", "cluster")}
    chosen = every
    if selected["piano"] is not None:
        if selected["piano"] not in programmes:
            raise Http404
        chosen = [s for s in chosen if s.programme_id == selected["piano"]]
    if selected["corso"] is not None:
        if selected["corso"] not in courses:
            raise Http404
        chosen = [s for s in chosen if s.edition_id and s.edition.course_id == selected["corso"]]
    latest = max(chosen, key=lambda s: s.pk, default=None)
    outcome = selectors.results(
        surveys=Survey.objects.filter(pk__in=[s.pk for s in chosen]),
        sections=latest.sections() if latest is not None else [],
        cluster_id=selected["cluster"],
        with_texts=True,
    )
    return render(
        request,
        "surveys/questionnaire_results.html",
        {
            "questionnaire": questionnaire,
            "results": attach_charts(outcome),
            "programmes": sorted(programmes.values(), key=lambda p: p.title),
            "courses": sorted(
                courses.values(), key=lambda c: (c.programme_id, c.sort_order, c.code)
            ),
            "clusters": outcome.clusters,
            "selected": selected,
            "survey_list": chosen,
            "breadcrumbs": _results_trail(),
        },
    )
