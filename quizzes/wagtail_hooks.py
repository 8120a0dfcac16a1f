"""The quizzes' admin, their panels on the course and teaching pages, and the
certificate condition "the required quizzes are passed"."""

from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from certificates.hooks import CERTIFICATE_CONDITIONS
from courses.hooks import COURSE_PAGE_PANELS, TEACHING_EDITION_PANELS

from . import permissions, selectors
from .viewsets import QuizViewSetGroup

CERTIFICATE_CONDITION_KEY = "quiz-superati"


@hooks.register("register_admin_viewset")
def register_quiz_viewsets():
    return QuizViewSetGroup()


@hooks.register(CERTIFICATE_CONDITIONS)
def required_quizzes_condition():
    return SimpleNamespace(
        key=CERTIFICATE_CONDITION_KEY,
        label=_("Quiz necessari per l'attestato superati"),
        users_meeting=selectors.certificate_quizzes_passed,
    )


@hooks.register(COURSE_PAGE_PANELS)
def course_quizzes_panel(request, course) -> str:
    """The course's quizzes with the learner's result, for people with a place (2 queries)."""
    user = request.user
    if not (
        permissions.manages_quizzes(user) or permissions.is_enrolled_in_course(user, course.pk)
    ):
        return ""
    quizzes = selectors.course_page_quizzes(course.pk)
    if not quizzes:
        return ""
    outcomes = selectors.quiz_outcomes(quiz_ids=[q.pk for q in quizzes], user_ids=[user.pk])
    return render_to_string(
        "quizzes/panels/course_quizzes.html",
        {"items": [(quiz, outcomes.get((quiz.pk, user.pk))) for quiz in quizzes]},
        request=request,
    )


@hooks.register(TEACHING_EDITION_PANELS)
def teaching_quizzes_panel(request, edition) -> str:
    """On the teacher's page of an edition: the grade table and the grading queue."""
    if not permissions.can_view_grade_table(request.user, edition):
        return ""
    quizzes = selectors.course_page_quizzes(edition.course_id)
    if not quizzes:
        return ""
    return render_to_string(
        "quizzes/panels/teaching_edition.html",
        {"edition": edition, "quizzes": quizzes},
        request=request,
    )
