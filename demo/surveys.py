"""Demo questionnaires: the needs analysis before the finished plan, the end-of-edition
evaluation of each of its editions with answers from their participants, and an open needs
analysis before the upcoming plan, addressed to the demo operator's cluster.

Everything goes through ``surveys.services`` (answers recorded as of the day they were
given). Every evaluation but one collects enough answers for its charts; the first
edition of UD4 collects three, below the anonymity threshold, so its results page shows
why it shows nothing. Running it again changes nothing.
"""

import random
import uuid
from datetime import date, timedelta

from courses.models import Edition, Enrolment, Programme
from demo import texts
from demo.courses import FINISHED_SLUG, UPCOMING_SLUG
from surveys import services
from surveys.models import Questionnaire, Survey
from surveys.questions import all_questions
from website.accounts.models import Cluster, User

TEXTS = texts.load("surveys")
NAMESPACE = uuid.UUID("0b6a5c3e-5d1f-4f0e-9a77-2f6c1d8e4b21")
DEFAULT_TITLE = "Valutazione di fine edizione (modello)"
EVALUATION_TITLE = "Valutazione di fine edizione – Piano regionale 2025-2026"
NEEDS_BEFORE = "Analisi dei fabbisogni formativi 2025"
NEEDS_UPCOMING = "Analisi dei fabbisogni: servizi digitali 2027"
NEEDS_OPENS, NEEDS_CLOSES = date(2025, 6, 3), date(2025, 7, 11)
# The edition whose evaluation stays below the anonymity threshold.
SMALL_EDITION_INDEX = 16  # UD4's first edition
SMALL_ANSWERS = 3
SHARE_ANSWERING = 0.6
NEEDS_PER_CLUSTER = 9


def _needs_questionnaire() -> Questionnaire:
    spec = TEXTS.needs_questionnaire
    found = Questionnaire.objects.filter(title=spec["title"]).first()
    if found:
        return found
    body = [
        {
            "type": kind,
            "id": str(uuid.uuid5(NAMESPACE, key)),
            "value": {"help_text": "", "required": False, **value}
            if kind != "section"
            else {"intro": "", **value},
        }
        for key, kind, value in spec["blocks"]
    ]
    return Questionnaire.objects.create(
        title=spec["title"],
        purpose=Questionnaire.Purpose.NEEDS,
        description=spec["description"],
        body=body,
    )


def _evaluation_questionnaire() -> Questionnaire:
    """The plan's own copy of the default evaluation questionnaire."""
    found = Questionnaire.objects.filter(title=EVALUATION_TITLE).first()
    if found:
        return found
    default = Questionnaire.objects.get(title=DEFAULT_TITLE)
    return Questionnaire.objects.create(
        title=EVALUATION_TITLE,
        purpose=Questionnaire.Purpose.EVALUATION,
        description=default.description,
        body=default.stream_data(),
    )


def _answers(survey: Survey, chance: random.Random, *, good: float, texts_pool: dict) -> dict:
    """Plausible answers: ``good`` (0–1) tilts scales towards their upper end."""
    given = {}
    for question in all_questions(survey.sections()):
        if question.is_text:
            pool = texts_pool.get(question.type, [])
            if pool and chance.random() < 0.35:
                given[question.id] = chance.choice(pool)
            continue
        if question.is_multiple:
            count = chance.randint(1, min(3, len(question.options)))
            given[question.id] = chance.sample(range(len(question.options)), count)
            continue
        values = question.choice_values()
        if question.is_rating or question.type == "likert":
            top = len(values) - 1
            centre = good * top
            index = round(min(max(chance.gauss(centre, top / 4), 0), top))
            given[question.id] = values[index]
        else:
            given[question.id] = chance.choice(values)
    return given


def _seed_needs_before(finished: Programme, log) -> None:
    if Survey.objects.filter(title=NEEDS_BEFORE).exists():
        return
    survey = Survey(
        title=NEEDS_BEFORE,
        questionnaire=_needs_questionnaire(),
        kind=Survey.Kind.NEEDS,
        is_anonymous=True,
        programme=finished,
        opens_on=NEEDS_OPENS,
        closes_on=NEEDS_CLOSES,
    )
    survey.save()
    clusters = list(Cluster.objects.filter(region=finished.region).order_by("code"))
    survey.clusters.set(clusters)
    chance = random.Random(NEEDS_BEFORE)
    pool = {"long_text": TEXTS.needs_answers}
    answered = 0
    for cluster in clusters:
        staff = list(
            User.objects.filter(centre__cluster=cluster, is_active=True)
            .exclude(email__endswith="@aula.example")
            .order_by("pk")[:NEEDS_PER_CLUSTER]
        )
        for person in staff:
            services.survey_answer(
                survey=survey,
                user=person,
                answers=_answers(survey, chance, good=0.45, texts_pool=pool),
                today=NEEDS_OPENS + timedelta(days=chance.randint(0, 30)),
            )
            answered += 1
    log(f"  analisi dei fabbisogni: {answered} risposte da {len(clusters)} cluster")


def _seed_evaluations(finished: Programme, log) -> None:
    questionnaire = _evaluation_questionnaire()
    editions = list(
        Edition.objects.filter(course__programme=finished).order_by(
            "course__sort_order", "starts_on", "code"
        )
    )
    pool = {"short_text": TEXTS.evaluation_short, "long_text": TEXTS.evaluation_long}
    answered = 0
    for index, edition in enumerate(editions):
        if Survey.objects.filter(questionnaire=questionnaire, edition=edition).exists():
            continue
        survey = Survey(
            title=f"Valutazione dell'edizione {edition.code}",
            questionnaire=questionnaire,
            kind=Survey.Kind.EVALUATION,
            is_anonymous=True,
            edition=edition,
            closes_on=edition.ends_on + timedelta(days=30),
        )
        survey.save()
        chance = random.Random(edition.code)
        people = list(
            User.objects.filter(
                enrolments__edition=edition, enrolments__status=Enrolment.Status.APPROVED
            )
            .exclude(email="operatore@aula.example")
            .order_by("pk")
        )
        wanted = (
            SMALL_ANSWERS if index == SMALL_EDITION_INDEX else round(len(people) * SHARE_ANSWERING)
        )
        good = 0.55 + 0.3 * chance.random()
        for person in people[:wanted]:
            services.survey_answer(
                survey=survey,
                user=person,
                answers=_answers(survey, chance, good=good, texts_pool=pool),
                today=edition.ends_on + timedelta(days=chance.randint(1, 10)),
            )
            answered += 1
    if answered:
        log(f"  valutazioni di fine edizione: {len(editions)} edizioni, {answered} risposte")


def _seed_needs_upcoming(log) -> None:
    upcoming = Programme.objects.filter(slug=UPCOMING_SLUG).first()
    if upcoming is None or Survey.objects.filter(title=NEEDS_UPCOMING).exists():
        return
    survey = Survey(
        title=NEEDS_UPCOMING,
        questionnaire=_needs_questionnaire(),
        kind=Survey.Kind.NEEDS,
        is_anonymous=True,
        programme=upcoming,
        opens_on=upcoming.starts_on - timedelta(days=120),
        closes_on=upcoming.starts_on - timedelta(days=10),
    )
    survey.save()
    survey.clusters.set(Cluster.objects.filter(code="pa-citta"))
    log(f"  {NEEDS_UPCOMING}: aperta al cluster Palermo Città")


def seed(*, scale, log):
    finished = Programme.objects.filter(slug=FINISHED_SLUG).first()
    if finished is None:
        return
    _seed_needs_before(finished, log)
    _seed_evaluations(finished, log)
    _seed_needs_upcoming(log)
    services.anonymous_responses_shuffle()
