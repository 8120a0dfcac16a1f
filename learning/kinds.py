"""What each kind of activity is, in one place: one adapter per kind.

An adapter says what the kind is called, which field of ``Activity`` it points
to (its *target*) and which other fields it needs, which completion rules it
allows, where the learner goes to do it, and how "submitted" and "passed" are
computed for many activities and people at once (a fixed number of queries,
whatever their number). Everything else (the models' validation, the pages,
progress, the matrix, the availability rules) asks the adapters.

A new kind (the quiz and the survey) is one more subclass of ``Kind``, a
nullable foreign key on ``Activity`` named as its ``target_field``, and a line
``register(...)`` at the bottom of this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from packages.selectors import package_outcomes
from quizzes.selectors import quiz_outcomes
from resources.models import Resource, video_embed_url
from surveys.models import Survey
from surveys.selectors import responded_pairs

if TYPE_CHECKING:
    from courses.models import Edition

    from .models import Activity

# Completion rules (the values of Activity.Completion).
VIEWED = "viewed"
SUBMITTED = "submitted"
PASSED = "passed"
DONE = "done"
# The rules a learner records with a POST; the others are computed by the adapters.
RECORDED_RULES = frozenset({VIEWED, DONE})
COMPUTED_RULES = frozenset({SUBMITTED, PASSED})


class Kind:
    """The behaviour of one kind of activity. Subclass it and ``register`` an instance."""

    code: str = ""
    label: str | Promise = ""
    # The Activity foreign key this kind shows ("lesson", "resource", later "quiz", "survey"),
    # or None when the kind needs none (a video, a link, the edition's forum).
    target_field: str | None = None
    # Other Activity fields that must not be empty, and fields it may use.
    required_fields: tuple[str, ...] = ()
    optional_fields: tuple[str, ...] = ()
    rules: frozenset[str] = frozenset({VIEWED, DONE})
    # Related objects the activity page and the lists read (for select_related).
    related: tuple[str, ...] = ()

    def check(self, activity: Activity) -> tuple[str, str] | None:
        """A further check of the activity's fields: (field, message), or None when right."""
        return None

    def learner_url(self, activity: Activity, *, edition: Edition | None) -> str:
        """Where the learner does the activity ("" when the activity page shows it all)."""
        return ""

    def computed_pairs(
        self, activities: Sequence[Activity], user_ids: Iterable[int]
    ) -> set[tuple[int, int]]:
        """The (activity id, user id) pairs complete under the rules SUBMITTED and PASSED.

        Called once per kind with every such activity of this kind: a fixed number of
        queries. Kinds that allow neither rule keep this default.
        """
        return set()


class PageKind(Kind):
    code = "page"
    label = _("Lezione")
    target_field = "lesson"
    related = ("lesson",)


class ResourceKind(Kind):
    code = "resource"
    label = _("Materiale della biblioteca")
    target_field = "resource"
    related = ("resource",)

    def check(self, activity):
        resource = activity.resource if activity.resource_id else None
        if resource is not None and resource.audience == Resource.Audience.STAFF:
            return "resource", _(
                "Questa risorsa è riservata allo staff: i partecipanti non la vedono."
            )
        return None

    def learner_url(self, activity, *, edition):
        return activity.resource.get_absolute_url()


class VideoKind(Kind):
    code = "video"
    label = _("Video")
    required_fields = ("url", "transcript")

    def check(self, activity):
        if activity.url and not video_embed_url(activity.url):
            return "url", _("Indica l'indirizzo https di un video di YouTube o di Vimeo.")
        return None


class LinkKind(Kind):
    code = "link"
    label = _("Collegamento esterno")
    required_fields = ("url",)

    def learner_url(self, activity, *, edition):
        return activity.url


class ForumKind(Kind):
    """The forum of the learner's own edition (each edition has one)."""

    code = "forum"
    label = _("Forum dell'edizione")

    def learner_url(self, activity, *, edition):
        forum = getattr(edition, "forum", None) if edition is not None else None
        if forum is None:
            return ""
        return reverse("forums:forum", kwargs={"slug": forum.slug})


class QuizKind(Kind):
    """A quiz of the course's bank: submitted once an attempt is finished, passed at its mark."""

    code = "quiz"
    label = _("Quiz")
    target_field = "quiz"
    rules = frozenset({VIEWED, SUBMITTED, PASSED})
    related = ("quiz",)

    def check(self, activity):
        section = activity._parent_section()
        if not activity.quiz_id or section is None:
            return None
        if activity.quiz.course_id != section.course_id:
            return "quiz", _("Il quiz appartiene a un altro corso.")
        return None

    def learner_url(self, activity, *, edition):
        return reverse("quizzes:quiz", kwargs={"pk": activity.quiz_id})

    def computed_pairs(self, activities, user_ids):
        user_ids = list(user_ids)
        outcomes = quiz_outcomes(quiz_ids={a.quiz_id for a in activities}, user_ids=user_ids)
        pairs = set()
        for activity in activities:
            for user_id in user_ids:
                outcome = outcomes.get((activity.quiz_id, user_id))
                if outcome is None:
                    continue
                if outcome.passed if activity.completion == PASSED else outcome.submitted:
                    pairs.add((activity.pk, user_id))
        return pairs


class SurveyKind(Kind):
    """A questionnaire: submitted once answered (read from who answered, never from answers)."""

    code = "survey"
    label = _("Questionario")
    target_field = "survey"
    rules = frozenset({VIEWED, SUBMITTED})
    related = ("survey",)

    def learner_url(self, activity, *, edition):
        return reverse("surveys:survey", kwargs={"pk": activity.survey_id})

    def computed_pairs(self, activities, user_ids):
        user_ids = list(user_ids)
        answered = responded_pairs(survey_ids={a.survey_id for a in activities}, user_ids=user_ids)
        return {
            (activity.pk, user_id)
            for activity in activities
            for user_id in user_ids
            if (activity.survey_id, user_id) in answered
        }


class EvaluationKind(Kind):
    """The end-of-edition evaluation questionnaire of the learner's own edition (each edition
    has its own survey, so the activity names none)."""

    code = "evaluation"
    label = _("Questionario di valutazione dell'edizione")
    rules = frozenset({SUBMITTED})

    def learner_url(self, activity, *, edition):
        if edition is None:
            return ""
        survey = (
            Survey.objects.filter(edition=edition, kind=Survey.Kind.EVALUATION)
            .order_by("pk")
            .only("pk")
            .first()
        )
        return reverse("surveys:survey", kwargs={"pk": survey.pk}) if survey else ""

    def computed_pairs(self, activities, user_ids):
        from .models import Section

        user_ids = list(user_ids)
        course_of_section = dict(
            Section.objects.filter(pk__in={a.section_id for a in activities}).values_list(
                "pk", "course_id"
            )
        )
        course_ids = set(course_of_section.values())
        surveys = dict(
            Survey.objects.filter(
                kind=Survey.Kind.EVALUATION, edition__course_id__in=course_ids
            ).values_list("pk", "edition__course_id")
        )
        answered = responded_pairs(survey_ids=surveys, user_ids=user_ids)
        courses_answered = {(surveys[survey_id], user_id) for survey_id, user_id in answered}
        return {
            (activity.pk, user_id)
            for activity in activities
            for user_id in user_ids
            if (course_of_section[activity.section_id], user_id) in courses_answered
        }


class PackageKind(Kind):
    """A SCORM or H5P package: submitted once completed, passed by its own rule or the set mark."""

    code = "package"
    label = _("Pacchetto e-learning (SCORM o H5P)")
    target_field = "package"
    rules = frozenset({VIEWED, SUBMITTED, PASSED})
    related = ("package",)

    def check(self, activity):
        section = activity._parent_section()
        if not activity.package_id or section is None:
            return None
        if activity.package.course_id != section.course_id:
            return "package", _("Il pacchetto appartiene a un altro corso.")
        return None

    def learner_url(self, activity, *, edition):
        return reverse("packages:package", kwargs={"pk": activity.package_id})

    def computed_pairs(self, activities, user_ids):
        user_ids = list(user_ids)
        outcomes = package_outcomes(
            package_ids={a.package_id for a in activities}, user_ids=user_ids
        )
        pairs = set()
        for activity in activities:
            for user_id in user_ids:
                outcome = outcomes.get((activity.package_id, user_id))
                if outcome is None or not outcome.completed:
                    continue
                if activity.completion != PASSED or outcome.passed is not False:
                    pairs.add((activity.pk, user_id))
        return pairs


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    if not kind.code or kind.code in _KINDS:
        raise ValueError(f"A kind needs a new code, not {kind.code!r}")
    _KINDS[kind.code] = kind
    return kind


def kind_of(code: str) -> Kind | None:
    return _KINDS.get(code)


def all_kinds() -> list[Kind]:
    return list(_KINDS.values())


def kind_choices() -> list[tuple[str, str | Promise]]:
    """The field's choices: read when forms are drawn, so a new kind needs no migration."""
    return [(kind.code, kind.label) for kind in _KINDS.values()]


def related_fields() -> list[str]:
    return sorted({field for kind in _KINDS.values() for field in kind.related})


ALL_KINDS = (
    PageKind(),
    ResourceKind(),
    VideoKind(),
    LinkKind(),
    ForumKind(),
    QuizKind(),
    SurveyKind(),
    EvaluationKind(),
    PackageKind(),
)
for _kind in ALL_KINDS:
    register(_kind)

# Every Activity field that points to a kind's target; an activity fills exactly its kind's.
TARGET_FIELDS = tuple(sorted({k.target_field for k in _KINDS.values() if k.target_field}))
