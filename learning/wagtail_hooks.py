"""The admin of the online part and its panels on the course page, dashboard and teacher's page."""

from django.template.loader import render_to_string
from wagtail import hooks

from courses.hooks import (
    COURSE_PAGE_PANELS,
    DASHBOARD_PANELS,
    ENROLMENT_FIELDS,
    TEACHING_EDITION_PANELS,
    DashboardPart,
    DashboardSlot,
    render_panel,
)
from packages.hooks import PACKAGE_GATES
from packages.hooks import Closure as PackageClosure
from quizzes.hooks import QUIZ_GATES
from quizzes.hooks import Closure as QuizClosure
from surveys.hooks import SURVEY_GATES
from surveys.hooks import Closure as SurveyClosure

from . import permissions, selectors
from .availability import closure_for_target
from .viewsets import LearningViewSetGroup

hooks.register(ENROLMENT_FIELDS, selectors.place_relations)


@hooks.register("register_admin_viewset")
def register_learning_viewsets():
    return LearningViewSetGroup()


@hooks.register(COURSE_PAGE_PANELS)
def course_activities_panel(request, course) -> str:
    """Sections and activities with ticks, locks and durations, the progress bar, what's next."""
    progress = selectors.course_progress(request.user, course)
    if progress is None:
        return ""
    return render_to_string(
        "learning/panels/course.html",
        {
            "progress": progress,
            "learner": progress.enrolment is not None,
            "preview": progress.enrolment is None
            and permissions.can_preview_course(request.user, course),
        },
        request=request,
    )


@hooks.register(DASHBOARD_PANELS)
def dashboard_progress_panel(request) -> DashboardPart | None:
    """Per course: progress and the next activity."""
    if not request.user.is_authenticated:
        return None
    courses = selectors.dashboard_progress(request.user)
    if not courses:
        return None
    return DashboardPart(
        DashboardSlot.ONLINE,
        render_panel("learning/panels/dashboard.html", {"courses": courses}, request=request),
    )


@hooks.register(TEACHING_EDITION_PANELS)
def matrix_link_panel(request, edition) -> str:
    """On the teacher's page of an edition: a link to who completed what online."""
    if not permissions.can_view_matrix(request.user, edition):
        return ""
    return render_to_string(
        "learning/panels/teaching_edition.html", {"edition": edition}, request=request
    )


@hooks.register(QUIZ_GATES)
def quiz_availability_gate(user, quiz) -> QuizClosure | None:
    """A quiz shown by an activity opens with the activity (dates, prerequisite, attendance)."""
    found = closure_for_target(user, field="quiz", target_id=quiz.pk)
    return QuizClosure(reason=found.reason, opens_at=found.opens_at) if found else None


@hooks.register(SURVEY_GATES)
def survey_availability_gate(user, survey) -> SurveyClosure | None:
    """A survey shown by an activity opens with the activity."""
    found = closure_for_target(user, field="survey", target_id=survey.pk)
    return SurveyClosure(reason=found.reason, opens_at=found.opens_at) if found else None


@hooks.register(PACKAGE_GATES)
def package_availability_gate(user, package) -> PackageClosure | None:
    """A SCORM package shown by an activity opens with the activity."""
    found = closure_for_target(user, field="package", target_id=package.pk)
    return PackageClosure(reason=found.reason, opens_at=found.opens_at) if found else None
