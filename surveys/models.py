"""Questionnaires (templates built in the admin) and surveys (a questionnaire given to an
audience), with who answered kept apart from what was answered.

- ``Participation`` says that a person answered a survey, and when, to the day (named) or
  to the week (anonymous): never the time.
- ``Response`` and ``Answer`` say what was answered. They have no person, no date and
  random UUID keys; an anonymous survey's responses are also rewritten in a random order
  by a periodic job (``services.anonymous_responses_shuffle``), so neither their keys nor
  the order the database stored them in follow the order of the participations.
- A named survey links the participation to its response (``Participation.response``);
  an anonymous one never does (a check constraint cannot see the survey, so the one
  service that writes answers and a test keep it so).
"""

import uuid
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.fields import StreamField

from courses.models import Edition, Programme
from website.accounts.models import Cluster, EmploymentCentre

from .blocks import QuestionnaireStreamBlock
from .questions import Section, parse_questions

# An audience with fewer answers than this shows no results (small groups stay anonymous).
ANONYMITY_THRESHOLD = 5


class Questionnaire(models.Model):
    """A questionnaire built in the admin: sections and questions, given in surveys."""

    class Purpose(models.TextChoices):
        EVALUATION = "evaluation", _("Valutazione di fine edizione")
        NEEDS = "needs", _("Analisi dei fabbisogni")

    title = models.CharField(_("titolo"), max_length=200)
    purpose = models.CharField(
        _("uso"), max_length=12, choices=Purpose.choices, default=Purpose.EVALUATION
    )
    description = models.TextField(
        _("presentazione"),
        blank=True,
        max_length=2000,
        help_text=_("Mostrata in testa al questionario."),
    )
    body = StreamField(
        QuestionnaireStreamBlock(),
        verbose_name=_("domande"),
        help_text=_(
            "Una sezione apre un nuovo gruppo di domande. Le modifiche valgono per i "
            "questionari somministrati dopo: chi ha già iniziato a raccogliere risposte "
            "conserva le domande con cui è partito."
        ),
    )
    updated_at = models.DateTimeField(_("aggiornato il"), auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("questionario")
        verbose_name_plural = _("questionari")

    def __str__(self):
        return self.title

    def stream_data(self) -> list[dict]:
        """The body as stored (type, value, id of each block), for a survey's copy."""
        return list(self.body.get_prep_value())


class SurveyQuerySet(models.QuerySet):
    def for_person(self, user):
        """The surveys whose audience includes ``user`` (whatever their dates)."""
        if not user.is_authenticated:
            return self.none()
        return self.for_person_id(user.pk, user.centre_id)

    def for_person_id(self, user_id: int, centre_id: int | None):
        """:meth:`for_person` by the person's id and centre's."""
        placed = Q(
            kind=Survey.Kind.EVALUATION,
            edition__enrolments__user=user_id,
            edition__enrolments__status="approved",
        )
        if centre_id is None:
            return self.filter(placed)
        staff = Q(kind=Survey.Kind.NEEDS) & (Q(centres=centre_id) | Q(clusters__centres=centre_id))
        return self.filter(pk__in=Survey.objects.filter(placed | staff).values("pk"))


class Survey(models.Model):  # type: ignore[django-manager-missing]  # reverse relation from Wagtail's untyped Orderable
    """A questionnaire given to an audience: an edition's participants, or the staff of
    chosen centres and clusters."""

    class Kind(models.TextChoices):
        EVALUATION = "evaluation", _("Valutazione di fine edizione")
        NEEDS = "needs", _("Analisi dei fabbisogni")

    title = models.CharField(_("titolo"), max_length=200)
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.PROTECT,
        related_name="surveys",
        verbose_name=_("questionario"),
    )
    kind = models.CharField(_("tipo"), max_length=12, choices=Kind.choices)
    is_anonymous = models.BooleanField(
        _("anonimo"),
        default=True,
        help_text=_(
            "Le risposte anonime non sono collegate in alcun modo a chi le ha date. "
            "Non si può cambiare dopo la prima risposta."
        ),
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("piano"),
        help_text=_("Per le valutazioni è il piano dell'edizione."),
    )
    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("edizione"),
        help_text=_(
            "Valutazione: la compilano i partecipanti confermati dopo l'ultima giornata d'aula."
        ),
    )
    clusters = models.ManyToManyField(
        Cluster,
        blank=True,
        related_name="surveys",
        verbose_name=_("cluster"),
        help_text=_("Analisi dei fabbisogni: il personale di tutti i centri di questi cluster."),
    )
    centres = models.ManyToManyField(
        EmploymentCentre,
        blank=True,
        related_name="surveys",
        verbose_name=_("centri per l'impiego"),
        help_text=_("Analisi dei fabbisogni: il personale di questi centri."),
    )
    opens_on = models.DateField(
        _("aperto dal"),
        null=True,
        blank=True,
        help_text=_("Per le valutazioni, se vuoto: il giorno dopo l'ultima giornata d'aula."),
    )
    closes_on = models.DateField(
        _("aperto fino al"), null=True, blank=True, help_text=_("Compreso.")
    )
    # The questions as they were when the survey started: answers name these.
    questions = models.JSONField(_("domande"), default=list, editable=False)
    # An anonymous survey with responses not yet rewritten in a random order.
    needs_shuffle = models.BooleanField(default=False, editable=False)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "title"]
        verbose_name = _("somministrazione di questionario")
        verbose_name_plural = _("somministrazioni di questionari")
        permissions = [
            ("manage_surveys", _("Somministrare questionari a edizioni, centri e cluster")),
            ("view_results", _("Consultare i risultati di tutti i questionari")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="evaluation") | Q(edition__isnull=False),
                name="survey_evaluation_has_edition",
                violation_error_message=_("Una valutazione di fine edizione richiede l'edizione."),
            ),
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True)
                | Q(closes_on__isnull=True)
                | Q(closes_on__gte=models.F("opens_on")),
                name="survey_closes_after_it_opens",
                violation_error_message=_("La chiusura non può precedere l'apertura."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.edition is not None:
            self.programme_id = self.edition.course.programme_id
        if not self.questions or not self.has_answers():
            self.questions = self.questionnaire.stream_data()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("surveys:survey", kwargs={"pk": self.pk})

    def has_answers(self) -> bool:
        return self.pk is not None and self.participations.exists()

    def sections(self) -> list[Section]:
        return parse_questions(self.questions)

    def opening(self, *, last_day: date | None = None) -> date | None:
        """The first day the survey takes answers; None while it cannot open.

        An evaluation opens the day after the edition's last classroom day (or on
        ``opens_on`` if later) and cannot open while the edition has no day.
        """
        if self.kind == self.Kind.EVALUATION:
            if last_day is None:
                return None
            after = last_day + timedelta(days=1)
            return max(after, self.opens_on) if self.opens_on else after
        return self.opens_on

    def state(self, *, last_day: date | None = None, today: date | None = None) -> str:
        """ "not_yet", "open" or "closed" on ``today`` (the Italian day)."""
        today = today or timezone.localdate()
        opening = self.opening(last_day=last_day)
        if self.closes_on is not None and today > self.closes_on:
            return "closed"
        if self.kind == self.Kind.EVALUATION and opening is None:
            return "not_yet"
        if opening is not None and today < opening:
            return "not_yet"
        return "open"


def coarse_date(*, anonymous: bool, today: date | None = None) -> date:
    """The date a participation keeps: the day, or the Monday of the week when anonymous."""
    today = today or timezone.localdate()
    return today - timedelta(days=today.weekday()) if anonymous else today


class Participation(models.Model):
    """That a person answered a survey. Says nothing of what they answered, unless the
    survey is named (``response``)."""

    survey = models.ForeignKey(
        Survey,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("questionario"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="survey_participations",
        verbose_name=_("persona"),
    )
    answered_on = models.DateField(
        _("compilato il"), help_text=_("Per i questionari anonimi: il lunedì della settimana.")
    )
    response = models.OneToOneField(
        "Response",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participation",
        verbose_name=_("risposta (solo questionari nominativi)"),
    )

    class Meta:
        verbose_name = _("compilazione")
        verbose_name_plural = _("compilazioni")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"], name="survey_one_participation_per_person"
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.survey}"


class Response(models.Model):
    """What one person answered, without the person, the time or an ordered key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("questionario")
    )
    # The respondent's cluster (needs analysis) or the edition's (evaluation), for results
    # by cluster; a cluster with fewer answers than the threshold shows none.
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cluster"),
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("risposta")
        verbose_name_plural = _("risposte")

    def __str__(self):
        return str(self.id)


class Answer(models.Model):
    """One question's answer: the chosen option or options, the rating, or the text."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("risposta")
    )
    question = models.CharField(_("domanda"), max_length=40)
    # The option's position (0-based) for Likert and single choice; the rating (1-10); for
    # multiple choice, the chosen options as bits (option n is 2**n), so that every
    # answered question is one row and results take one grouped query.
    choice = models.PositiveIntegerField(_("scelta"), null=True, blank=True)
    text = models.TextField(_("testo"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("risposta a una domanda")
        verbose_name_plural = _("risposte alle domande")
        indexes = [models.Index(fields=["response", "question"], name="answer_response_question")]

    def __str__(self):
        return self.question


class SurveyNotice(models.Model):
    """The "a survey is waiting for you" notice sent to one person: at most once."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="notices", verbose_name=_("questionario")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("persona"),
    )

    class Meta:
        verbose_name = _("avviso di questionario")
        verbose_name_plural = _("avvisi di questionario")
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="survey_notice_once")
        ]

    def __str__(self):
        return f"{self.survey} → {self.user}"
