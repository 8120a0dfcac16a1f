"""A small question bank with one question of every type, and quizzes over it."""

from decimal import Decimal

from quizzes import services
from quizzes.formats.common import ParsedChoice, ParsedQuestion, html_from_plain
from quizzes.models import QuestionCategory, Quiz, QuizSlot

D = Decimal


def bank_questions(prefix=""):
    """One ParsedQuestion per supported type; right answers are marked by their feedback."""
    return [
        ParsedQuestion(
            type="single",
            name=f"{prefix}Singola",
            text=html_from_plain("Quale decreto ha riformato le politiche attive nel 2015?"),
            general_feedback=html_from_plain("COMMENTO-GENERALE-SINGOLA"),
            choices=[
                ParsedChoice("D.lgs. 150/2015", D("1"), "FEEDBACK-GIUSTO"),
                ParsedChoice("D.l. 185/2008", D("0"), "FEEDBACK-SBAGLIATO"),
                ParsedChoice("L. 241/1990", D("0"), ""),
            ],
        ),
        ParsedQuestion(
            type="multiple",
            name=f"{prefix}Multipla",
            text=html_from_plain("Quali sono servizi dei CPI?"),
            choices=[
                ParsedChoice("Orientamento", D("0.5")),
                ParsedChoice("Incontro domanda-offerta", D("0.5")),
                ParsedChoice("Rilascio passaporti", D("-1")),
            ],
        ),
        ParsedQuestion(
            type="truefalse",
            name=f"{prefix}Vero o falso",
            text=html_from_plain("L'assegno di ricollocazione è stato introdotto nel 2015."),
            choices=[ParsedChoice("Vero", D("1")), ParsedChoice("Falso", D("0"))],
        ),
        ParsedQuestion(
            type="short",
            name=f"{prefix}Breve",
            text=html_from_plain("Sigla dei Centri per l'impiego?"),
            choices=[ParsedChoice("CPI", D("1")), ParsedChoice("C.P.I.", D("0.5"))],
        ),
        ParsedQuestion(
            type="numeric",
            name=f"{prefix}Numerica",
            text=html_from_plain("Quante ore di formazione l'anno chiede la direttiva 2025?"),
            choices=[ParsedChoice("40", D("1"), tolerance=D("0"))],
        ),
        ParsedQuestion(
            type="matching",
            name=f"{prefix}Corrispondenza",
            text=html_from_plain("Abbina l'atto all'anno."),
            choices=[
                ParsedChoice("D.lgs. 150", match_answer="2015"),
                ParsedChoice("D.l. 185", match_answer="2008"),
                ParsedChoice("", match_answer="1990"),
            ],
        ),
        ParsedQuestion(
            type="essay",
            name=f"{prefix}Aperta",
            text=html_from_plain("Descrivi un caso di accesso civico."),
            default_mark=D("2"),
        ),
    ]


def make_bank(course, name="Generale", prefix=""):
    category, _new = QuestionCategory.objects.get_or_create(course=course, name=name)
    return [
        services.question_create(category=category, parsed=parsed)
        for parsed in bank_questions(prefix)
    ]


def make_quiz(course, questions, **settings):
    settings.setdefault("is_published", True)
    settings.setdefault("title", "Verifica finale")
    quiz = Quiz.objects.create(course=course, **settings)
    QuizSlot.objects.bulk_create(
        QuizSlot(quiz=quiz, question=question, sort_order=index)
        for index, question in enumerate(questions)
    )
    return quiz


def right_form(attempt, *, skip=("essay",), essay="La mia risposta"):
    """POST data answering every question of the attempt right."""
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for answer in attempt.answers.select_related("question").order_by("position"):
        question = answer.question
        field = f"q{answer.position}"
        data.appendlist("shown", str(answer.position))
        choices = list(question.choices.all())
        if question.type in ("single", "truefalse"):
            best = max(choices, key=lambda c: c.fraction)
            data[field] = str(best.pk)
        elif question.type == "multiple":
            for choice in choices:
                if choice.fraction > 0:
                    data.appendlist(field, str(choice.pk))
        elif question.type in ("short", "numeric"):
            data[field] = max(choices, key=lambda c: c.fraction).text
        elif question.type == "matching":
            for choice in choices:
                if choice.text:
                    data[f"{field}-{choice.pk}"] = str(
                        answer.option_order.index(choice.match_answer) + 1
                    )
        elif question.type == "essay" and "essay" not in skip:
            data[field] = essay
        elif question.type == "essay":
            data[field] = ""
    return data


def as_post(data):
    """A QueryDict as the test client posts it (every value of repeated fields)."""
    return {key: data.getlist(key) for key in data}
