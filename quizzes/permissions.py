"""Who may do what with quizzes: one function per action. Views answer 404 to a refusal.

Training managers hold the capability ``quizzes.manage_quizzes`` (granted to their role
by a data migration): every bank, quiz, attempt and grade table. A teacher grades and
reads the grades of the learners of the editions they teach, nobody else's. A learner
takes the published quizzes of a course where they hold a confirmed place.
"""

from django.db.models import Exists, OuterRef

from courses.models import Edition, Enrolment
from courses.relations import taught_edition_ids, teaches, teaches_course
from courses.selectors import is_enrolled_in_course as holds_place
from website.accounts.types import AnyUser, User

from .models import Attempt, Quiz


def manages_quizzes(user: AnyUser) -> bool:
    return user.is_authenticated and user.has_perm("quizzes.manage_quizzes")


def is_enrolled_in_course(user: AnyUser, course_id: int) -> bool:
    """A confirmed place in the course, as courses reads it (once per request)."""
    return user.is_authenticated and holds_place(user, course_id)


def can_see_quiz(user: AnyUser, quiz: Quiz) -> bool:
    """The entry page: learners with a place in the course (published quizzes), managers."""
    if manages_quizzes(user):
        return True
    return quiz.is_published and is_enrolled_in_course(user, quiz.course_id)


def can_attempt(user: AnyUser, quiz: Quiz) -> bool:
    """Start, answer and finish: the same people (a manager's attempt is a preview)."""
    return can_see_quiz(user, quiz)


def can_see_attempt(user: AnyUser, attempt: Attempt) -> bool:
    """One's own attempt only; another learner's is 404 (graders use the grading pages)."""
    return user.is_authenticated and attempt.user_id == user.pk


def can_grade_attempt(user: AnyUser, attempt: Attempt) -> bool:
    """Managers; teachers of an edition of the quiz's course where the learner holds a place."""
    if manages_quizzes(user):
        return True
    if not user.is_authenticated:
        return False
    return Enrolment.objects.filter(
        user_id=attempt.user_id,
        status=Enrolment.Status.APPROVED,
        edition_id__in=taught_edition_ids(user),
        edition__course_id=attempt.quiz.course_id,
    ).exists()


def learners_visible_filter(
    user: User, *, user_field: str = "user", course_field: str = "quiz__course"
) -> Exists:
    """A filter for rows whose learner holds a place in an edition the user teaches."""
    return Exists(
        Enrolment.objects.filter(
            user_id=OuterRef(user_field),
            status=Enrolment.Status.APPROVED,
            edition_id__in=taught_edition_ids(user),
            edition__course_id=OuterRef(course_field),
        )
    )


def can_view_grade_table(user: AnyUser, edition: Edition) -> bool:
    return manages_quizzes(user) or teaches(user, edition)


def can_view_analysis(user: AnyUser, quiz: Quiz) -> bool:
    return manages_quizzes(user) or teaches_course(user, quiz.course_id)


def may_grade_anything(user: AnyUser) -> bool:
    """Whether the grading queue is a page for this person at all."""
    return manages_quizzes(user) or (
        user.is_authenticated and Edition.objects.filter(pk__in=taught_edition_ids(user)).exists()
    )
