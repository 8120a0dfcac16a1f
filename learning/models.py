"""The online part of a course: ordered sections of ordered activities, and who completed what.

An activity points *down* to what it shows (a lesson written here, a resource
of the library, the edition's forum, a video or a link; later a quiz or a
survey). What differs between kinds (which target it needs, which completion
rules it allows, where the learner goes, how completion is computed in bulk)
lives in one place, ``learning/kinds.py``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.fields import StreamField
from wagtail.models import Orderable

from courses.models import Course
from resources.models import Resource, video_embed_url

from .blocks import LessonBodyBlock
from .kinds import TARGET_FIELDS, kind_choices, kind_of

DURATION_MAX_MINUTES = 600
OFFSET_MAX_DAYS = 365


class Lesson(models.Model):  # type: ignore[django-manager-missing]  # reverse relations from Wagtail's untyped Orderable
    """A page written in the admin and shown to the learners of a course as an activity."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("corso")
    )
    title = models.CharField(_("titolo"), max_length=200)
    body = StreamField(LessonBodyBlock(), verbose_name=_("testo"), blank=True)
    updated_at = models.DateTimeField(_("aggiornata il"), auto_now=True)

    class Meta:
        ordering = ["course", "title"]
        verbose_name = _("lezione")
        verbose_name_plural = _("lezioni")

    def __str__(self):
        return f"{self.course.code} – {self.title}"


class Section(ClusterableModel):  # type: ignore[django-manager-missing]  # reverse relations from Wagtail's untyped Orderable
    """An ordered part of a course's online activities (e.g. "Prima dell'aula")."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="sections", verbose_name=_("corso")
    )
    title = models.CharField(_("titolo"), max_length=200)
    summary = models.TextField(_("presentazione"), blank=True, max_length=2000)
    sort_order = models.PositiveSmallIntegerField(_("ordine"), default=0)

    class Meta:
        ordering = ["course", "sort_order", "pk"]
        verbose_name = _("sezione")
        verbose_name_plural = _("sezioni")
        permissions = [
            ("manage_online", _("Gestire sezioni, attività e lezioni online di ogni corso")),
            (
                "view_all_progress",
                _("Consultare l'avanzamento online dei partecipanti di ogni edizione"),
            ),
        ]

    def __str__(self):
        return f"{self.course.code} – {self.title}"


class Activity(Orderable):
    """One thing to do online: a lesson, a material, a video, a link, the forum, a quiz, a
    survey, a SCORM package."""

    class Completion(models.TextChoices):
        VIEWED = "viewed", _("Vista")
        SUBMITTED = "submitted", _("Consegnata")
        PASSED = "passed", _("Superata")
        DONE = "done", _("Segnata come fatta da chi la svolge")

    class Anchor(models.TextChoices):
        FIRST_DAY = "first_day", _("prima giornata d'aula dell'edizione")
        LAST_DAY = "last_day", _("ultima giornata d'aula dell'edizione")

    section = ParentalKey(
        Section, on_delete=models.CASCADE, related_name="activities", verbose_name=_("sezione")
    )
    title = models.CharField(_("titolo"), max_length=200)
    description = models.TextField(_("descrizione"), blank=True, max_length=2000)
    duration_minutes = models.PositiveSmallIntegerField(
        _("durata stimata (minuti)"),
        default=15,
        validators=[
            MinValueValidator(1, message=_("La durata è di almeno un minuto.")),
            MaxValueValidator(
                DURATION_MAX_MINUTES, message=_("La durata non può superare le 10 ore.")
            ),
        ],
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=kind_choices)
    completion = models.CharField(
        _("completamento"),
        max_length=12,
        choices=Completion.choices,
        default=Completion.VIEWED,
        help_text=_("Quando l'attività conta come svolta."),
    )

    # What the activity shows: exactly the target its kind needs (see learning/kinds.py).
    lesson = models.ForeignKey(
        Lesson,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("lezione"),
    )
    resource = models.ForeignKey(
        Resource,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("risorsa"),
    )
    quiz = models.ForeignKey(
        "quizzes.Quiz",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("quiz"),
    )
    survey = models.ForeignKey(
        "surveys.Survey",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("questionario"),
    )
    package = models.ForeignKey(
        "packages.Package",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("pacchetto e-learning"),
    )
    url = models.URLField(
        _("indirizzo"),
        max_length=500,
        blank=True,
        help_text=_("Per i video (YouTube o Vimeo) e i collegamenti esterni."),
    )
    transcript = models.TextField(
        _("trascrizione"),
        blank=True,
        max_length=20000,
        help_text=_(
            "Obbligatoria per i video: il testo di ciò che si dice e si vede, per chi non può "
            "ascoltare o vedere il video."
        ),
    )

    # Availability: every condition set must hold (AND).
    opens_at = models.DateTimeField(_("apre il"), null=True, blank=True)
    opens_relative_to = models.CharField(
        _("apre rispetto alla"), max_length=10, choices=Anchor.choices, blank=True
    )
    opens_offset_days = models.SmallIntegerField(
        _("giorni rispetto al riferimento (apertura)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-OFFSET_MAX_DAYS), MaxValueValidator(OFFSET_MAX_DAYS)],
        help_text=_("Negativo prima, positivo dopo: -2 apre due giorni prima, 1 il giorno dopo."),
    )
    closes_at = models.DateTimeField(_("chiude il"), null=True, blank=True)
    closes_relative_to = models.CharField(
        _("chiude rispetto alla"), max_length=10, choices=Anchor.choices, blank=True
    )
    closes_offset_days = models.SmallIntegerField(
        _("giorni rispetto al riferimento (chiusura)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-OFFSET_MAX_DAYS), MaxValueValidator(OFFSET_MAX_DAYS)],
        help_text=_("L'attività resta aperta per tutto il giorno indicato."),
    )
    prerequisite = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dependants",
        verbose_name=_("dopo aver completato"),
    )
    min_attendance_share = models.DecimalField(
        _("frequenza minima in aula (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(0, message=_("La quota va da 0 a 100.")),
            MaxValueValidator(100, message=_("La quota va da 0 a 100.")),
        ],
        help_text=_("Ore frequentate sulle ore delle giornate già svolte dell'edizione."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("attività")
        verbose_name_plural = _("attività")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_relative_to="") | Q(opens_offset_days__isnull=False),
                name="activity_opening_offset_with_anchor",
            ),
            models.CheckConstraint(
                condition=Q(closes_relative_to="") | Q(closes_offset_days__isnull=False),
                name="activity_closing_offset_with_anchor",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def adapter(self):
        return kind_of(self.kind)

    @property
    def video_embed_url(self) -> str:
        """The privacy-enhanced player of a YouTube or Vimeo address ("" for anything else)."""
        return video_embed_url(self.url) if self.url else ""

    @property
    def has_conditions(self) -> bool:
        return bool(
            self.opens_at
            or self.opens_relative_to
            or self.closes_at
            or self.closes_relative_to
            or self.prerequisite_id
            or self.min_attendance_share is not None
        )

    @property
    def opens_by_date(self) -> bool:
        return bool(self.opens_at or self.opens_relative_to)

    def clean(self):
        super().clean()
        errors: dict[str, list] = {}

        def add(field, message):
            errors.setdefault(field, []).append(message)

        adapter = kind_of(self.kind)
        if adapter is None:
            add("kind", _("Scegli un tipo di attività tra quelli disponibili."))
        else:
            for field in TARGET_FIELDS:
                value = getattr(self, f"{field}_id", None)
                if field == adapter.target_field and value is None:
                    add(
                        field,
                        _("Un'attività di tipo «%(kind)s» deve indicare questo campo.")
                        % {"kind": adapter.label},
                    )
                elif field != adapter.target_field and value is not None:
                    add(
                        field,
                        _("Un'attività di tipo «%(kind)s» non usa questo campo: lascialo vuoto.")
                        % {"kind": adapter.label},
                    )
            for field in adapter.required_fields:
                if not getattr(self, field):
                    add(
                        field,
                        _("Un'attività di tipo «%(kind)s» deve indicare questo campo.")
                        % {"kind": adapter.label},
                    )
            if self.completion and self.completion not in adapter.rules:
                allowed = ", ".join(
                    str(label) for value, label in self.Completion.choices if value in adapter.rules
                )
                add(
                    "completion",
                    _(
                        "Per un'attività di tipo «%(kind)s» il completamento può essere: "
                        "%(allowed)s."
                    )
                    % {"kind": adapter.label, "allowed": allowed},
                )
            if self.url and not adapter.required_fields and "url" not in adapter.optional_fields:
                add("url", _("Solo i video e i collegamenti hanno un indirizzo: lascialo vuoto."))
            error = adapter.check(self)
            if error:
                field, message = error
                add(field, message)
        section = self._parent_section()
        course_id = section.course_id if section is not None else None
        if self.lesson is not None and course_id and self.lesson.course_id != course_id:
            add("lesson", _("La lezione appartiene a un altro corso."))
        if (
            self.resource is not None
            and course_id
            and self.resource.course_id not in (None, course_id)
        ):
            add("resource", _("La risorsa appartiene a un altro corso."))
        if self.prerequisite_id:
            if self.pk and self.prerequisite_id == self.pk:
                add("prerequisite", _("Un'attività non può dipendere da sé stessa."))
            elif (
                course_id
                and self.prerequisite is not None
                and self.prerequisite.section.course_id != course_id
            ):
                add("prerequisite", _("L'attività richiesta deve essere dello stesso corso."))
        for side in ("opens", "closes"):
            anchor = getattr(self, f"{side}_relative_to")
            offset = getattr(self, f"{side}_offset_days")
            if anchor and offset is None:
                add(f"{side}_offset_days", _("Indica quanti giorni prima o dopo."))
            if offset is not None and not anchor:
                add(
                    f"{side}_relative_to",
                    _("Indica rispetto a quale giornata si contano i giorni."),
                )
            if anchor and getattr(self, f"{side}_at"):
                add(
                    f"{side}_at",
                    _("Scegli una data fissa oppure una data relativa all'edizione, non entrambe."),
                )
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            add("closes_at", _("La chiusura deve seguire l'apertura."))
        if (
            self.opens_relative_to
            and self.opens_relative_to == self.closes_relative_to
            and self.opens_offset_days is not None
            and self.closes_offset_days is not None
            and self.closes_offset_days < self.opens_offset_days
        ):
            add("closes_offset_days", _("La chiusura deve seguire l'apertura."))
        if errors:
            raise ValidationError(errors)

    def _parent_section(self) -> Section | None:
        try:
            return self.section
        except Section.DoesNotExist:
            return None


class ActivityCompletion(models.Model):
    """What a learner recorded about an activity: seen it, or marked it done.

    Written only by POST (``services.completion_record``). Submitted and passed
    are never stored here: they are read from the quiz and survey apps.
    """

    class State(models.TextChoices):
        VIEWED = "viewed", _("Vista")
        DONE = "done", _("Fatta")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="activity_completions",
        verbose_name=_("persona"),
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="completions", verbose_name=_("attività")
    )
    state = models.CharField(_("stato"), max_length=8, choices=State.choices)
    completed_at = models.DateTimeField(_("completata il"), default=timezone.now)

    class Meta:
        verbose_name = _("completamento")
        verbose_name_plural = _("completamenti")
        constraints = [
            models.UniqueConstraint(fields=["user", "activity"], name="completion_once_per_person")
        ]
        indexes = [models.Index(fields=["activity", "user"], name="completion_activity_user_idx")]

    def __str__(self):
        return f"{self.user_id} · {self.activity_id} · {self.state}"


class ActivityNotice(models.Model):
    """That a learner was told an activity opened: so the periodic job tells them once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="notices")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("avviso di apertura")
        verbose_name_plural = _("avvisi di apertura")
        constraints = [
            models.UniqueConstraint(fields=["user", "activity"], name="activity_notice_once")
        ]

    def __str__(self):
        return f"{self.user_id} · {self.activity_id}"
