"""Demo quizzes: a question bank and an end-of-unit quiz for each of UD1–UD4.

UD1's bank is a Moodle XML file kept in ``demo/data`` and goes through the import
service, as a training office's bank would; the other units' questions are in
``demo/data/quizzes.yaml``. The demo operator has taken UD1's quiz twice: the first
attempt failed, the second waits for the teacher to grade its essay (in the grading
queue of ``docente@aula.example``, who teaches the operator's edition).

Running the seed again changes nothing: quizzes are looked up by course and title,
and the operator's attempts are made only when they have none.
"""

from decimal import Decimal

from django.http import QueryDict

from courses.models import Course, Programme
from demo import texts
from demo.courses import FINISHED_SLUG
from quizzes import services
from quizzes.formats import moodle_xml
from quizzes.formats.common import ParsedChoice, ParsedQuestion, check_question, html_from_plain
from quizzes.models import Attempt, Quiz, QuizSlot
from website.accounts.models import User

TEXTS = texts.load("quizzes")
OPERATOR_EMAIL = "operatore@aula.example"
ESSAY_ANSWER = (
    "Risponderei all'impresa che i nomi e i recapiti dei partecipanti sono dati personali: "
    "non li rilascerei senza il loro consenso. Tratterei la richiesta come accesso "
    "generalizzato, avviserei i controinteressati e proporrei di fornire dati aggregati, "
    "per esempio quante persone hanno frequentato e con quali qualifiche."
)


def _parsed(spec: dict) -> ParsedQuestion:
    kind = spec["type"]
    choices = []
    for row in spec.get("choices", []):
        if kind == "numeric":
            value, tolerance, fraction, feedback = row
            choices.append(
                ParsedChoice(
                    str(value), Decimal(str(fraction)), feedback, tolerance=Decimal(str(tolerance))
                )
            )
        elif kind == "matching":
            prompt, answer = row
            choices.append(ParsedChoice(prompt, match_answer=answer))
        else:
            text, fraction, feedback = row
            choices.append(ParsedChoice(text, Decimal(str(fraction)), feedback))
    question = ParsedQuestion(
        type=kind,
        name=spec["name"],
        text=html_from_plain(spec["text"]),
        general_feedback=html_from_plain(spec["feedback"]) if spec.get("feedback") else "",
        default_mark=Decimal(str(spec.get("mark", 1))),
        case_sensitive=spec.get("case_sensitive", False),
        choices=choices,
    )
    problems = check_question(question)
    if problems:
        raise ValueError(f"Demo question {spec['name']!r}: {problems}")
    return question


def _questions(spec: dict) -> list[ParsedQuestion]:
    if "bank" in spec:
        result = moodle_xml.parse((texts.DATA_DIR / spec["bank"]).read_bytes())
        if not result.ok:
            raise ValueError(f"Demo bank {spec['bank']}: {result.problems}")
        return result.questions
    return [_parsed(question) for question in spec["questions"]]


def seed_quiz(course: Course, spec: dict, log) -> Quiz:
    quiz = Quiz.objects.filter(course=course, title=spec["title"]).first()
    if quiz is not None:
        return quiz
    created = services.bank_import(
        course=course,
        questions=_questions(spec),
        default_category=f"{course.code} – Verifica di fine unità",
    )
    quiz = Quiz.objects.create(
        course=course,
        title=spec["title"],
        intro=spec["intro"],
        is_published=True,
        shuffle_questions=False,
        shuffle_answers=True,
        attempts_allowed=3,
        grading_method=Quiz.GradingMethod.HIGHEST,
        pass_mark=Decimal("60"),
        time_limit_minutes=30 if course.code == "UD1" else 25,
        review_score=Quiz.ReviewWhen.IMMEDIATELY,
        review_feedback=Quiz.ReviewWhen.IMMEDIATELY,
        review_answers=Quiz.ReviewWhen.IMMEDIATELY,
        required_for_certificate=True,
    )
    QuizSlot.objects.bulk_create(
        QuizSlot(quiz=quiz, question=question, sort_order=index)
        for index, question in enumerate(created)
    )
    log(f"Quizzes: {course.code} quiz with {len(created)} questions")
    return quiz


def _answers(attempt: Attempt, *, right: set[str], essay: str) -> QueryDict:
    """Form data for the attempt: right answers for the types in ``right``, wrong otherwise."""
    data = QueryDict(mutable=True)
    for answer in attempt.answers.select_related("question").order_by("position"):
        question = answer.question
        field = f"q{answer.position}"
        data.appendlist("shown", str(answer.position))
        choices = list(question.choices.order_by("sort_order", "pk"))
        good = question.type in right
        if question.type in ("single", "truefalse"):
            pick = max if good else min
            data[field] = str(pick(choices, key=lambda c: c.fraction).pk)
        elif question.type == "multiple":
            for choice in choices:
                if (choice.fraction > 0) == good:
                    data.appendlist(field, str(choice.pk))
        elif question.type in ("short", "numeric"):
            data[field] = max(choices, key=lambda c: c.fraction).text if good else "0"
        elif question.type == "matching" and good:
            for choice in choices:
                if choice.text:
                    data[f"{field}-{choice.pk}"] = str(
                        answer.option_order.index(choice.match_answer) + 1
                    )
        elif question.type == "essay":
            data[field] = essay
    return data


def seed_operator_attempts(quiz: Quiz, log) -> None:
    operator = User.objects.filter(email=OPERATOR_EMAIL).first()
    if operator is None or Attempt.objects.filter(quiz=quiz, user=operator).exists():
        return
    first = services.attempt_start(quiz=quiz, user=operator, seed=1)
    services.attempt_save(
        attempt=first,
        user=operator,
        data=_answers(first, right={"single", "truefalse"}, essay=""),
        finish=True,
    )
    second = services.attempt_start(quiz=quiz, user=operator, seed=2)
    services.attempt_save(
        attempt=second,
        user=operator,
        data=_answers(
            second,
            right={"single", "truefalse", "short", "numeric", "matching"},
            essay=ESSAY_ANSWER,
        ),
        finish=True,
    )
    log("Quizzes: the demo operator failed UD1's quiz once; the second attempt's essay waits")


def seed(*, scale, log):
    """The quizzes follow the plan's four units, so ``scale`` does not change them."""
    programme = Programme.objects.filter(slug=FINISHED_SLUG).first()
    if programme is None:
        return
    courses = {course.code: course for course in programme.courses.all()}
    for spec in TEXTS.quizzes:
        course = courses.get(spec["course"])
        if course is None:
            continue
        quiz = seed_quiz(course, spec, log)
        if spec["course"] == "UD1":
            seed_operator_attempts(quiz, log)
