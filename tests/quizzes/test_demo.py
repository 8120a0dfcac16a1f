"""The demo quizzes: one per unit of the finished plan, mixed types, UD1's from Moodle XML;
the demo operator failed once and has an essay waiting for the demo teacher."""

from demo.courses import FINISHED_SLUG
from quizzes import selectors
from quizzes.models import Attempt, Question, Quiz
from website.accounts.models import User


def test_every_unit_has_a_quiz_of_at_least_ten_mixed_questions(demo_db):
    quizzes = Quiz.objects.filter(course__programme__slug=FINISHED_SLUG).select_related("course")
    assert sorted(quiz.course.code for quiz in quizzes) == ["UD1", "UD2", "UD3", "UD4"]
    for quiz in quizzes:
        types = list(quiz.slots.values_list("question__type", flat=True))
        assert len(types) >= 10, quiz
        assert set(types) == {t for t, _label in Question.Type.choices}, quiz
    ud1 = quizzes.get(course__code="UD1")
    # Imported from the Moodle XML file, whose category it names.
    assert ud1.slots.first().question.category.name == "UD1 – Verifica di fine unità"


def test_the_operator_failed_once_and_an_essay_waits_for_the_teacher(demo_db):
    operator = User.objects.get(email="operatore@aula.example")
    teacher = User.objects.get(email="docente@aula.example")
    ud1 = Quiz.objects.get(course__programme__slug=FINISHED_SLUG, course__code="UD1")
    first, second = Attempt.objects.filter(quiz=ud1, user=operator).order_by("number")
    assert first.is_finished and first.grade < ud1.pass_mark
    assert second.is_finished and second.grade is None
    queue = selectors.grading_queue(teacher)
    assert [answer.attempt_id for answer in queue] == [second.pk]
    outcome = selectors.quiz_outcomes(quiz_ids=[ud1.pk], user_ids=[operator.pk])[
        (ud1.pk, operator.pk)
    ]
    assert outcome.attempts == 2 and not outcome.passed
