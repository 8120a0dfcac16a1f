"""Anonymity by construction: for an anonymous survey, nothing the platform keeps, logs,
exports or shows in the admin connects a person to what they answered.

The proof has four parts: the models (no field of what was answered leads to a person or
a moment, and the one link from who answered to what was answered is empty), the whole
database after people answered (no table but the answers' own holds an answer's key),
the logs and the exports, and the admin's URLs.
"""

import logging
import uuid
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection, models
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from surveys import services
from surveys.models import Answer, Participation, Response, Survey, coarse_date

from .factories import answer_as, make_evaluation

pytestmark = pytest.mark.django_db

ANSWER_MODELS = (Response, Answer)


def test_what_was_answered_has_no_person_no_time_and_no_ordered_key():
    for model in ANSWER_MODELS:
        assert isinstance(model._meta.pk, models.UUIDField)
        for field in model._meta.get_fields():
            if isinstance(field, models.DateField | models.TimeField | models.DurationField):
                pytest.fail(f"{model.__name__}.{field.name} keeps a moment")
            if isinstance(field, models.AutoField | models.BigAutoField):
                pytest.fail(f"{model.__name__}.{field.name} is an ordered key")
            related = getattr(field, "related_model", None)
            if related is None or (field.auto_created and not field.concrete):
                continue
            # The only relations: the survey, the (coarse) cluster, and each other.
            assert related._meta.label in {
                "surveys.Survey",
                "surveys.Response",
                "surveys.Answer",
                "accounts.Cluster",
                "surveys.Participation",  # the reverse side of Participation.response
            }, f"{model.__name__}.{field.name} → {related._meta.label}"


def test_the_only_link_from_a_person_to_an_answer_is_the_named_surveys_participation():
    """Every model in the project that points at what was answered."""
    pointing = sorted(
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.concrete
        and getattr(field, "related_model", None) in ANSWER_MODELS
        and model not in ANSWER_MODELS
    )
    assert pointing == ["surveys.Participation.response"]
    assert Participation._meta.get_field("response").null


def test_participations_keep_a_coarse_date_and_never_the_time():
    fields = {f.name: f for f in Participation._meta.get_fields() if f.concrete}
    assert not any(isinstance(f, models.DateTimeField) for f in fields.values())
    monday = coarse_date(anonymous=True, today=timezone.localdate())
    assert monday.weekday() == 0 and timezone.localdate() - monday < timedelta(days=7)
    assert coarse_date(anonymous=False, today=timezone.localdate()) == timezone.localdate()


def _all_rows():
    """Every row of every table of the database, as text."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")
            for row in cursor.fetchall():
                yield table, " ".join(str(value) for value in row)


def _forms(value: uuid.UUID) -> tuple[str, str]:
    return str(value), value.hex


def test_no_table_but_the_answers_own_holds_an_answers_key(learners, evaluation, caplog):
    caplog.set_level(logging.DEBUG)
    for person in learners:
        answer_as(evaluation, person, short=f"Testo di {person.first_name}")
    services.anonymous_responses_shuffle()
    keys = [
        *Response.objects.values_list("pk", flat=True),
        *Answer.objects.values_list("pk", flat=True),
    ]
    assert len(keys) > len(learners)
    needles = [form for key in keys for form in _forms(key)]
    holders = {table for table, text in _all_rows() if any(n in text for n in needles)}
    assert holders == {"surveys_response", "surveys_answer"}
    # Nothing logged while answering names an answer or its text.
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert not any(n in logged for n in needles)
    assert "Testo di" not in logged
    # The participations of an anonymous survey point at nothing and keep the week only.
    assert Participation.objects.filter(survey=evaluation).count() == len(learners)
    assert not Participation.objects.filter(response__isnull=False).exists()
    assert set(Participation.objects.values_list("answered_on", flat=True)) == {
        coarse_date(anonymous=True)
    }


def test_the_answers_tables_have_no_person_and_no_time_columns():
    with connection.cursor() as cursor:
        for model in ANSWER_MODELS:
            columns = {
                column.name
                for column in connection.introspection.get_table_description(
                    cursor, model._meta.db_table
                )
            }
            assert not {c for c in columns if "user" in c or "_at" in c or "date" in c}, columns


def test_the_shuffle_rewrites_keys_keeps_the_answers_and_clears_its_flag(learners, evaluation):
    for n, person in enumerate(learners):
        answer_as(evaluation, person, rating=n + 1)
    evaluation.refresh_from_db()
    assert evaluation.needs_shuffle
    before_keys = set(Response.objects.values_list("pk", flat=True))
    before = sorted(Answer.objects.values_list("question", "choice", "text"))
    assert services.anonymous_responses_shuffle() == 1
    assert not set(Response.objects.values_list("pk", flat=True)) & before_keys
    assert sorted(Answer.objects.values_list("question", "choice", "text")) == before
    assert Response.objects.count() == len(learners)
    evaluation.refresh_from_db()
    assert not evaluation.needs_shuffle
    assert services.anonymous_responses_shuffle() == 0


def test_a_named_survey_links_the_response_and_is_never_shuffled(learners, past_edition):
    survey = make_evaluation(past_edition, anonymous=False)
    answer_as(survey, learners[0])
    participation = Participation.objects.get(survey=survey)
    assert participation.response is not None
    assert participation.answered_on == timezone.localdate()
    survey.refresh_from_db()
    assert not survey.needs_shuffle


def test_the_anonymous_export_has_only_question_columns(
    client, training_manager, learners, evaluation
):
    for person in learners:
        answer_as(evaluation, person)
    client.force_login(training_manager)
    url = reverse("surveys:results_export", kwargs={"pk": evaluation.pk, "fmt": "csv"})
    header = client.get(url).content.decode("utf-8-sig").splitlines()[0].split(";")
    questions = [q.text for s in evaluation.sections() for q in s.questions]
    assert header == questions


def _names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _names(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{prefix}{pattern.name}", str(pattern.pattern)


def test_no_admin_view_lists_participations_responses_or_answers():
    # The surveys' own pages and admin viewsets: another app's "answer" (a quiz's essay
    # answer graded by its teacher) holds no survey answer.
    survey_names = [
        (name, route)
        for name, route in _names()
        if name.split(":")[0] in {"surveys", "surveys_admin", "questionnaires"}
        or "survey" in name
        or "questionnaire" in name
    ]
    assert any(name.startswith("surveys:") for name, _route in survey_names)
    offending = [
        (name, route)
        for name, route in survey_names
        if any(
            word in f"{name} {route}".lower()
            for word in ("participation", "response", "answer", "compilazion")
        )
    ]
    assert offending == []
    assert "django.contrib.admin" not in [a.name for a in apps.get_app_configs()]


def test_answering_leaves_no_notification_or_other_trace(learners, evaluation):
    from website.notifications.models import Notification

    before = Notification.objects.count()
    answer_as(evaluation, learners[0])
    assert Notification.objects.count() == before
    assert Survey.objects.get(pk=evaluation.pk).questions == evaluation.questions
