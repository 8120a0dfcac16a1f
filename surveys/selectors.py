"""Reads of the surveys app: who answered (participations only), what is waiting for whom,
and the results of a survey or of a questionnaire across surveys."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Session
from website.accounts.types import AnyUser, User
from website.core.charts import BarChart
from website.core.prepared import prepared_objects, prepared_rows

from .models import ANONYMITY_THRESHOLD, Answer, Participation, Response, Survey
from .questions import Question, Section


def responded_pairs(*, survey_ids: Iterable[int], user_ids: Iterable[int]) -> set[tuple[int, int]]:
    """The (survey_id, user_id) pairs among those given where the person answered the
    survey: read from the participations, never from the answers. One query."""
    survey_ids, user_ids = sorted(set(survey_ids)), sorted(set(user_ids))
    if not survey_ids or not user_ids:
        return set()
    # Built and compiled once per number of surveys and people (website.core.prepared).
    return set(
        prepared_rows(
            ("surveys.responded_pairs", len(survey_ids), len(user_ids)),
            _participations_query(len(survey_ids)),
            [*survey_ids, *user_ids],
        )
    )


def _participations_query(surveys: int) -> Callable[..., QuerySet]:
    """The (survey, person) pairs answered among the first ``surveys`` ids (surveys) and the
    rest (people)."""

    def build(*ids: int) -> QuerySet:
        return Participation.objects.filter(
            survey_id__in=ids[:surveys], user_id__in=ids[surveys:]
        ).values_list("survey_id", "user_id")

    return build


def last_day_subquery(outer: str = "edition") -> Subquery:
    """The date of the edition's last classroom day that was not cancelled."""
    return Subquery(
        Session.objects.filter(edition=OuterRef(outer), cancelled_at__isnull=True)
        .order_by("-date")
        .values("date")[:1]
    )


def with_last_day(queryset: QuerySet[Survey]) -> QuerySet[Survey]:
    return queryset.annotate(last_day=last_day_subquery())


def open_condition(today: date) -> Q:
    """The surveys that take answers on ``today``: the rule of ``Survey.state`` for querysets
    annotated by ``with_last_day``."""
    not_closed = Q(closes_on__isnull=True) | Q(closes_on__gte=today)
    started = Q(opens_on__isnull=True) | Q(opens_on__lte=today)
    evaluation = Q(kind=Survey.Kind.EVALUATION, last_day__lt=today)
    return not_closed & started & (Q(kind=Survey.Kind.NEEDS) | evaluation)


def surveys_waiting(user: AnyUser, *, today: date | None = None) -> list[Survey]:
    """The open surveys addressed to ``user`` that they have not answered. One query."""
    if not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    # Built once per shape (with or without a centre): only the ids and the day change.
    if user.centre_id is None:
        return prepared_objects("surveys.waiting", _waiting_query, [user.pk, today])
    return prepared_objects(
        "surveys.waiting_in_centre", _waiting_query, [user.pk, today, user.centre_id]
    )


def _waiting_query(user_id: int, today: date, centre_id: int | None = None) -> QuerySet[Survey]:
    return (
        with_last_day(Survey.objects.for_person_id(user_id, centre_id))
        .filter(open_condition(today))
        .exclude(participations__user=user_id)
        .select_related("edition__course")
        .order_by("closes_on", "title")
    )


def last_day_of(survey: Survey) -> date | None:
    if survey.edition_id is None:
        return None
    return (
        Session.objects.filter(edition_id=survey.edition_id, cancelled_at__isnull=True)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )


def has_answered(user: User, survey: Survey) -> bool:
    return Participation.objects.filter(survey=survey, user_id=user.pk).exists()


def audience_users(survey: Survey) -> QuerySet:
    """The people a survey is addressed to (active accounts)."""
    if survey.kind == Survey.Kind.EVALUATION:
        if survey.edition_id is None:  # an evaluation always has its edition (a constraint)
            return User.objects.none()
        return User.objects.filter(
            is_active=True,
            enrolments__edition_id=survey.edition_id,
            enrolments__status="approved",
        )
    return User.objects.filter(is_active=True).filter(
        Q(centre__in=survey.centres.all()) | Q(centre__cluster__in=survey.clusters.all())
    )


# --- Results ------------------------------------------------------------------------------------


@dataclass
class OptionResult:
    label: str
    count: int
    share: Decimal  # percentage of the people who answered the question


@dataclass
class QuestionResult:
    question: Question
    answered: int
    options: list[OptionResult] = field(default_factory=list)
    average: Decimal | None = None
    texts: list[str] = field(default_factory=list)
    text_count: int = 0
    chart: BarChart | None = None  # drawn by charts.attach_charts for the results page


@dataclass
class SectionResult:
    section: Section
    questions: list[QuestionResult]


@dataclass(frozen=True)
class ClusterChoice:
    pk: int
    name: str


@dataclass
class Results:
    response_count: int
    threshold: int
    sections: list[SectionResult]
    # Every cluster answers came from (whatever the cluster chosen), by name, for the filter.
    clusters: list[ClusterChoice] = field(default_factory=list)

    @property
    def cluster_ids(self) -> set[int]:
        return {cluster.pk for cluster in self.clusters}

    @property
    def shown(self) -> bool:
        return self.response_count >= self.threshold


def _percent(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal(0)
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def results(
    *,
    surveys: QuerySet[Survey],
    sections: list[Section],
    cluster_id: int | None = None,
    with_texts: bool = False,
) -> Results:
    """The results of the responses to ``surveys`` (optionally from one cluster) for the
    questions of ``sections``: nothing but the count when fewer than the threshold.

    Two queries, whatever the number of questions and answers: the responses counted by
    cluster, and the answers counted by question and value (each answered question is one
    row, so a question's count is the number of people who answered it).
    """
    responses = Response.objects.filter(survey__in=surveys)
    by_cluster = list(
        responses.values_list("cluster_id", "cluster__name").annotate(number=Count("id")).order_by()
    )
    clusters = sorted(
        (ClusterChoice(pk=pk, name=name) for pk, name, _n in by_cluster if pk is not None),
        key=lambda cluster: cluster.name,
    )
    if cluster_id is not None:
        count = sum(number for pk, _name, number in by_cluster if pk == cluster_id)
    else:
        count = sum(number for _pk, _name, number in by_cluster)
    if count < ANONYMITY_THRESHOLD:
        return Results(
            response_count=count,
            threshold=ANONYMITY_THRESHOLD,
            sections=[],
            clusters=clusters,
        )
    if cluster_id is not None:
        responses = responses.filter(cluster_id=cluster_id)
    counts: dict[str, dict[int, int]] = defaultdict(dict)
    answered: dict[str, int] = defaultdict(int)
    texts: dict[str, list[str]] = defaultdict(list)
    # Texts come grouped and sorted by their wording: in no order that follows who wrote them.
    for question_id, choice, text, number in (
        Answer.objects.filter(response__in=responses)
        .values_list("question", "choice", "text")
        .annotate(number=Count("id"))
        .order_by("question", "choice", "text")
    ):
        answered[question_id] += number
        if choice is not None:
            counts[question_id][choice] = number
        elif with_texts:
            texts[question_id].extend([text] * number)
    result_sections = []
    for section in sections:
        rows = []
        for question in section.questions:
            total = answered.get(question.id, 0)
            row = QuestionResult(question=question, answered=total)
            if question.is_text:
                row.text_count = total
                row.texts = texts.get(question.id, [])
            else:
                by_choice = _option_counts(question, counts.get(question.id, {}))
                for value, label in zip(question.choice_values(), question.labels(), strict=True):
                    number = by_choice.get(value, 0)
                    row.options.append(
                        OptionResult(label=label, count=number, share=_percent(number, total))
                    )
                if question.is_rating and total:
                    points = sum(value * number for value, number in by_choice.items())
                    row.average = (Decimal(points) / total).quantize(
                        Decimal("0.1"), rounding=ROUND_HALF_UP
                    )
            rows.append(row)
        result_sections.append(SectionResult(section=section, questions=rows))
    return Results(
        response_count=count,
        threshold=ANONYMITY_THRESHOLD,
        sections=result_sections,
        clusters=clusters,
    )


def _option_counts(question: Question, stored: dict[int, int]) -> dict[int, int]:
    """People per option; a multiple-choice value holds several options (bits)."""
    if not question.is_multiple:
        return stored
    per_option: dict[int, int] = defaultdict(int)
    for mask, number in stored.items():
        for option in question.chosen(mask):
            per_option[option] += number
    return per_option


def survey_results(
    survey: Survey, *, cluster_id: int | None = None, with_texts: bool = False
) -> Results:
    return results(
        surveys=Survey.objects.filter(pk=survey.pk),
        sections=survey.sections(),
        cluster_id=cluster_id,
        with_texts=with_texts,
    )


def export_rows(survey: Survey, *, with_names: bool) -> tuple[list[str], list[list]]:
    """One row per response (random order) with one column per question; for a named
    survey and ``with_names``, the person's name and email first. Two queries (three with
    names). Call only when the results are shown (threshold reached)."""
    questions = [q for section in survey.sections() for q in section.questions]
    header = [q.text for q in questions]
    by_response: dict = defaultdict(lambda: defaultdict(list))
    for response_id, question_id, choice, text in (
        Answer.objects.filter(response__survey=survey)
        .order_by("response_id", "id")
        .values_list("response_id", "question", "choice", "text")
    ):
        by_response[response_id][question_id].append((choice, text))
    response_ids = list(
        Response.objects.filter(survey=survey).order_by("id").values_list("id", flat=True)
    )
    names = {}
    if with_names and not survey.is_anonymous:
        header = [_("Cognome"), _("Nome"), _("Email"), *header]
        names = {
            response_id: [last, first, email]
            for response_id, last, first, email in Participation.objects.filter(
                survey=survey, response__isnull=False
            ).values_list("response_id", "user__last_name", "user__first_name", "user__email")
        }
    rows = []
    for response_id in response_ids:
        cells = list(names.get(response_id, [])) if names else []
        given = by_response.get(response_id, {})
        for question in questions:
            values = given.get(question.id, [])
            labels = question.labels()
            shown = []
            for choice, text in values:
                if question.is_text:
                    shown.append(text)
                elif question.is_rating:
                    shown.append(choice)
                elif question.is_multiple and choice is not None:
                    shown.extend(labels[n] for n in question.chosen(choice))
                elif choice is not None and choice < len(labels):
                    shown.append(labels[choice])
            if question.is_rating and shown:
                cells.append(shown[0])
            else:
                cells.append(" | ".join(str(value) for value in shown))
        rows.append(cells)
    return header, rows
