"""The surveys' admin, the panels they add to other apps' pages, the certificate condition
"evaluation answered" and the programme report's survey panel."""

from types import SimpleNamespace

from django.db.models import Count
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from certificates.hooks import CERTIFICATE_CONDITIONS
from courses.hooks import (
    DASHBOARD_PANELS,
    TEACHING_EDITION_PANELS,
    DashboardPart,
    DashboardSlot,
    render_panel,
)
from reports.hooks import PROGRAMME_REPORT_PANELS

from . import permissions, selectors
from .models import ANONYMITY_THRESHOLD, Survey
from .viewsets import SurveyAdminGroup

EVALUATION_CONDITION = "questionario-valutazione"


@hooks.register("register_admin_viewset")
def register_survey_viewsets():
    return SurveyAdminGroup()


@hooks.register(DASHBOARD_PANELS)
def waiting_surveys_panel(request) -> DashboardPart | None:
    """The open surveys the person has not answered yet (one query)."""
    if not request.user.is_authenticated:
        return None
    waiting = selectors.surveys_waiting(request.user)
    if not waiting:
        return None
    return DashboardPart(
        DashboardSlot.ONLINE,
        render_panel("surveys/panels/dashboard.html", {"surveys": waiting}, request=request),
    )


@hooks.register(TEACHING_EDITION_PANELS)
def edition_results_panel(request, edition) -> str:
    """On the teacher's page of an edition: its evaluation results (one query)."""
    surveys = list(Survey.objects.filter(edition=edition).order_by("title"))
    surveys = [survey for survey in surveys if permissions.can_view_results(request.user, survey)]
    if not surveys:
        return ""
    return render_to_string("surveys/panels/teaching.html", {"surveys": surveys}, request=request)


@hooks.register(PROGRAMME_REPORT_PANELS)
def programme_surveys_panel(request, programme) -> str:
    """In the programme report: the plan's surveys, their answer counts and results."""
    if not permissions.sees_all_results(request.user):
        return ""
    surveys = list(
        Survey.objects.filter(programme=programme)
        .select_related("edition__course", "questionnaire")
        .annotate(answer_count=Count("responses"))
        .order_by("kind", "edition__course__sort_order", "edition__code", "title")
    )
    if not surveys:
        return ""
    questionnaires = {survey.questionnaire_id: survey.questionnaire for survey in surveys}
    return render_to_string(
        "surveys/panels/programme_report.html",
        {
            "surveys": surveys,
            "questionnaires": questionnaires.values(),
            "programme": programme,
            "threshold": ANONYMITY_THRESHOLD,
        },
        request=request,
    )


def _evaluation_answered(edition, user_ids) -> set[int]:
    """The people among ``user_ids`` who answered an evaluation survey of ``edition``.
    An edition with no evaluation survey has nothing to answer: nobody meets the condition
    (a rule that cannot be checked issues no certificate)."""
    survey_ids = list(
        Survey.objects.filter(edition=edition, kind=Survey.Kind.EVALUATION).values_list(
            "pk", flat=True
        )
    )
    pairs = selectors.responded_pairs(survey_ids=survey_ids, user_ids=user_ids)
    return {user_id for _survey_id, user_id in pairs}


@hooks.register(CERTIFICATE_CONDITIONS)
def evaluation_answered_condition():
    return SimpleNamespace(
        key=EVALUATION_CONDITION,
        label=_("Questionario di valutazione dell'edizione compilato"),
        users_meeting=_evaluation_answered,
    )
