"""Survey test data: a small questionnaire of every question type, surveys, answers."""

from surveys import services
from surveys.models import Questionnaire, Survey

Q_LIKERT = "11111111-1111-4111-8111-111111111111"
Q_SINGLE = "22222222-2222-4222-8222-222222222222"
Q_MULTI = "33333333-3333-4333-8333-333333333333"
Q_RATING = "44444444-4444-4444-8444-444444444444"
Q_SHORT = "55555555-5555-4555-8555-555555555555"
Q_LONG = "66666666-6666-4666-8666-666666666666"


def body(extra_questions: int = 0):
    blocks = [
        {
            "type": "section",
            "id": "aaaaaaaa-0000-4000-8000-000000000001",
            "value": {"title": "Contenuti", "intro": "Pensa all'aula."},
        },
        {
            "type": "likert",
            "id": Q_LIKERT,
            "value": {
                "text": "I contenuti sono utili.",
                "help_text": "",
                "required": True,
                "labels": ["Per niente", "Poco", "Abbastanza", "Molto"],
            },
        },
        {
            "type": "single_choice",
            "id": Q_SINGLE,
            "value": {
                "text": "La durata era…",
                "help_text": "",
                "required": True,
                "choices": ["Breve", "Giusta", "Lunga"],
            },
        },
        {
            "type": "multiple_choice",
            "id": Q_MULTI,
            "value": {
                "text": "Materiali usati",
                "help_text": "",
                "required": False,
                "choices": ["Slide", "Dispense", "Forum"],
            },
        },
        {
            "type": "section",
            "id": "aaaaaaaa-0000-4000-8000-000000000002",
            "value": {"title": "Giudizio", "intro": ""},
        },
        {
            "type": "rating",
            "id": Q_RATING,
            "value": {"text": "Voto complessivo", "help_text": "", "required": True},
        },
        {
            "type": "short_text",
            "id": Q_SHORT,
            "value": {"text": "In una frase", "help_text": "", "required": False},
        },
        {
            "type": "long_text",
            "id": Q_LONG,
            "value": {"text": "Suggerimenti", "help_text": "", "required": False},
        },
    ]
    for n in range(extra_questions):
        blocks.append(
            {
                "type": "rating",
                "id": f"77777777-7777-4777-8777-{n:012d}",
                "value": {"text": f"Domanda aggiuntiva {n}", "help_text": "", "required": False},
            }
        )
    return blocks


def make_questionnaire(*, extra_questions=0, title="Valutazione di prova"):
    return Questionnaire.objects.create(title=title, body=body(extra_questions))


def make_evaluation(edition, *, questionnaire=None, anonymous=True, **fields):
    survey = Survey(
        title=fields.pop("title", f"Valutazione {edition.code}"),
        questionnaire=questionnaire or make_questionnaire(),
        kind=Survey.Kind.EVALUATION,
        is_anonymous=anonymous,
        edition=edition,
        **fields,
    )
    survey.save()
    return survey


def make_needs(*, questionnaire=None, anonymous=True, clusters=(), centres=(), **fields):
    survey = Survey(
        title=fields.pop("title", "Analisi dei fabbisogni"),
        questionnaire=questionnaire or make_questionnaire(),
        kind=Survey.Kind.NEEDS,
        is_anonymous=anonymous,
        **fields,
    )
    survey.save()
    survey.clusters.set(clusters)
    survey.centres.set(centres)
    return survey


def good_post(
    *, likert=3, single=1, multi=(0, 2), rating=8, short="Molto utile", long="Più esempi"
):
    data = {
        f"q-{Q_LIKERT}": str(likert),
        f"q-{Q_SINGLE}": str(single),
        f"q-{Q_RATING}": str(rating),
        f"q-{Q_SHORT}": short,
        f"q-{Q_LONG}": long,
    }
    data[f"q-{Q_MULTI}"] = [str(m) for m in multi]
    return data


def answers(*, likert=3, single=1, multi=(0, 2), rating=8, short="Molto utile", long="Più esempi"):
    return {
        Q_LIKERT: likert,
        Q_SINGLE: single,
        Q_MULTI: list(multi),
        Q_RATING: rating,
        Q_SHORT: short,
        Q_LONG: long,
    }


def answer_as(survey, user, **kwargs):
    services.survey_answer(survey=survey, user=user, answers=answers(**kwargs))
