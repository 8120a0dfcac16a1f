"""Training plans by teaching unit: Programme → Course → Edition (aula) → Session (giornata).

A *course* is a teaching unit (UD1, UD2, …) of a programme. It runs as several
*editions* (classroom groups, usually one per cluster of centres), each over
several *sessions* (classroom days). People hold an *enrolment* in an edition.
"""

import secrets
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField

from website.accounts.models import Cluster, Region
from website.accounts.roles import Role

RICH_TEXT_FEATURES = ["h3", "bold", "italic", "link", "ol", "ul"]
# Who may be chosen as the teacher of an edition or of a day.
TEACHERS_ONLY = {"groups__role__code": Role.TEACHER.value, "is_active": True}


class Programme(models.Model):
    """A training plan: the courses a funder pays for over a period."""

    title = models.CharField(_("titolo"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    funder = models.CharField(
        _("finanziamento"),
        max_length=200,
        blank=True,
        help_text=_("Ad esempio: Fondo sociale europeo Plus, PR Sicilia 2021-2027."),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("regione"),
    )
    starts_on = models.DateField(_("inizio"))
    ends_on = models.DateField(_("fine"))
    description = RichTextField(_("descrizione"), blank=True, features=RICH_TEXT_FEATURES)
    is_published = models.BooleanField(
        _("pubblicato nel catalogo"),
        default=True,
        help_text=_("Un piano non pubblicato è visibile solo ai gestori della formazione."),
    )

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("piano formativo")
        verbose_name_plural = _("piani formativi")
        permissions = [
            ("manage_programme", _("Gestire piani, corsi ed edizioni, anche non pubblicati")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="programme_ends_after_it_starts",
                violation_error_message=_("La fine del piano non può precedere l'inizio."),
            )
        ]

    def __str__(self):
        return self.title


class Course(models.Model):
    """A teaching unit (Unità Didattica) of a programme."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="courses", verbose_name=_("piano")
    )
    code = models.CharField(_("codice"), max_length=20, help_text=_("Ad esempio UD1."))
    title = models.CharField(_("titolo"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("ordine"), default=0)
    objectives = RichTextField(_("obiettivi"), blank=True, features=RICH_TEXT_FEATURES)
    audience = models.TextField(_("destinatari"), blank=True)
    description = RichTextField(_("descrizione"), blank=True, features=RICH_TEXT_FEATURES)
    outline = RichTextField(_("programma"), blank=True, features=RICH_TEXT_FEATURES)
    hours_per_day = models.DecimalField(
        _("ore per giornata d'aula"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("5.0"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("12"))],
    )
    approve_automatically = models.BooleanField(
        _("approva le iscrizioni automaticamente"),
        default=False,
        help_text=_("Se attivo, le richieste sono confermate subito finché ci sono posti."),
    )
    attendance_threshold = models.DecimalField(
        _("frequenza minima per l'attestato (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("70"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_(
            "Quota minima delle ore dell'edizione da frequentare per ricevere l'attestato."
        ),
    )

    class Meta:
        ordering = ["programme", "sort_order", "code"]
        verbose_name = _("corso (unità didattica)")
        verbose_name_plural = _("corsi (unità didattiche)")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"],
                name="course_code_unique_in_programme",
                violation_error_message=_("Questo piano ha già un corso con questo codice."),
            )
        ]

    def __str__(self):
        return f"{self.code} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("courses:course", kwargs={"slug": self.slug})


def enrolment_open_condition(now: datetime | None = None, *, today: date | None = None) -> Q:
    """The editions that take requests at ``now`` (``today`` its Italian day, worked out when
    not given): the one rule, for querysets.

    ``Edition.is_open_for_enrolment`` answers the same question for one
    loaded edition without a query; a test keeps the two in step.
    """
    now = now or timezone.now()
    return (
        Q(status=Edition.Status.SCHEDULED)
        & Q(course__programme__is_published=True)
        & Q(starts_on__gt=today or timezone.localdate(now))
        & (Q(enrolment_opens_at__isnull=True) | Q(enrolment_opens_at__lte=now))
        & (Q(enrolment_closes_at__isnull=True) | Q(enrolment_closes_at__gt=now))
    )


class EditionQuerySet(models.QuerySet["Edition"]):
    def open_for_enrolment(self, now: datetime | None = None, *, today: date | None = None) -> Self:
        return self.filter(enrolment_open_condition(now, today=today))

    def with_code(self, code: str) -> Self:
        """The edition with this code typed in any case (codes are unique ignoring case);
        the lookup matches the unique index on Lower(code)."""
        return self.alias(code_lower=Lower("code")).filter(code_lower=code.lower())

    def with_place_counts(self) -> Self:
        """Annotate how many places are confirmed, asked for and on the waiting list."""
        return self.annotate(
            approved_count=Count(
                "enrolments", filter=Q(enrolments__status=Enrolment.Status.APPROVED)
            ),
            requested_count=Count(
                "enrolments", filter=Q(enrolments__status=Enrolment.Status.REQUESTED)
            ),
            waitlisted_count=Count(
                "enrolments", filter=Q(enrolments__status=Enrolment.Status.WAITLISTED)
            ),
        )


class Edition(ClusterableModel):
    """A classroom edition (aula) of a course, usually for one cluster of centres."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bozza")
        SCHEDULED = "scheduled", _("Programmata")
        CLOSED = "closed", _("Chiusa")
        CANCELLED = "cancelled", _("Annullata")

    # Nobody gains a place or a waiting-list entry in an edition with one of these.
    ENDED_STATUSES = (Status.CLOSED, Status.CANCELLED)

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="editions", verbose_name=_("corso")
    )
    # A CharField, not a SlugField: Wagtail's slug widget lowercases what is typed, and
    # codes are written as the plan writes them (UD1-PA-01). Unique ignoring case.
    code = models.CharField(
        _("codice"),
        max_length=40,
        db_index=True,
        validators=[
            RegexValidator(
                r"^[-a-zA-Z0-9_]+\Z",
                _("Usa solo lettere, cifre, trattini e trattini bassi (es. UD1-PA-01)."),
            )
        ],
        help_text=_("Codice unico dell'edizione, usato nelle importazioni (es. UD1-PA-01)."),
    )
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="editions",
        verbose_name=_("cluster"),
    )
    venue_name = models.CharField(_("sede"), max_length=200, blank=True)
    venue_address = models.CharField(_("indirizzo della sede"), max_length=250, blank=True)
    teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        limit_choices_to=TEACHERS_ONLY,
        related_name="taught_editions",
        verbose_name=_("docenti"),
    )
    capacity = models.PositiveIntegerField(
        _("posti"),
        default=30,
        validators=[MinValueValidator(1, message=_("Un'edizione ha almeno un posto."))],
    )
    starts_on = models.DateField(_("inizio"))
    ends_on = models.DateField(_("fine"))
    enrolment_opens_at = models.DateTimeField(_("apertura iscrizioni"), null=True, blank=True)
    enrolment_closes_at = models.DateTimeField(_("chiusura iscrizioni"), null=True, blank=True)
    status = models.CharField(
        _("stato"), max_length=12, choices=Status.choices, default=Status.SCHEDULED
    )
    self_checkin_enabled = models.BooleanField(
        _("auto-registrazione della presenza"),
        default=False,
        help_text=_("I partecipanti segnano la propria presenza con il codice mostrato in aula."),
    )

    class Meta:
        ordering = ["course", "starts_on", "code"]
        verbose_name = _("edizione")
        verbose_name_plural = _("edizioni")
        constraints = [
            models.UniqueConstraint(
                Lower("code"),
                name="edition_code_unique_ignoring_case",
                violation_error_message=_(
                    "Esiste già un'edizione con questo codice (maiuscole e minuscole non contano)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="edition_ends_after_it_starts",
                violation_error_message=_("La fine dell'edizione non può precedere l'inizio."),
            ),
            models.CheckConstraint(
                condition=Q(enrolment_opens_at__isnull=True)
                | Q(enrolment_closes_at__isnull=True)
                | Q(enrolment_closes_at__gt=models.F("enrolment_opens_at")),
                name="edition_enrolment_window_is_ordered",
                violation_error_message=_(
                    "La chiusura delle iscrizioni deve seguire la loro apertura."
                ),
            ),
        ]

    objects = EditionQuerySet.as_manager()

    # Not columns: what querysets annotate and pages set on loaded editions for their
    # templates (declared for type checking only; Django ignores bare annotations). The
    # querysets that annotate one say `type: ignore[no-redef]`: the plugin refuses an
    # annotation named like a declared attribute.
    enrolment_is_open: bool  # the catalogue and the course page
    my_enrolment: "Enrolment | None"
    shows_meeting_links: bool
    may_request: bool
    may_withdraw: bool
    # … and what attendance's register pages set (its index annotates the first).
    register_closed: bool
    may_mark: bool

    def __str__(self):
        return self.code

    def get_absolute_url(self):
        return reverse("courses:course", kwargs={"slug": self.course.slug}) + f"#edizione-{self.pk}"

    def clean(self):
        super().clean()
        if self.pk and self.capacity is not None:
            confirmed = self.enrolments.filter(status=Enrolment.Status.APPROVED).count()
            if self.capacity < confirmed:
                raise ValidationError(
                    {
                        "capacity": _(
                            "L'edizione ha già %(count)d iscrizioni confermate: "
                            "i posti non possono essere meno di %(count)d."
                        )
                        % {"count": confirmed}
                    }
                )

    def is_open_for_enrolment(self, now: datetime | None = None) -> bool:
        """Whether the edition takes requests now (see ``enrolment_open_condition``)."""
        now = now or timezone.now()
        return (
            self.status == self.Status.SCHEDULED
            and self.course.programme.is_published
            and self.starts_on > timezone.localdate(now)
            and (self.enrolment_opens_at is None or self.enrolment_opens_at <= now)
            and (self.enrolment_closes_at is None or self.enrolment_closes_at > now)
        )

    def has_started(self, today: date | None = None) -> bool:
        return self.starts_on <= (today or timezone.localdate())

    @property
    def seats_left(self) -> int:
        """Free places; uses ``with_place_counts`` when the queryset annotated it."""
        confirmed = getattr(self, "approved_count", None)
        if confirmed is None:
            confirmed = self.enrolments.filter(status=Enrolment.Status.APPROVED).count()
        return max(self.capacity - confirmed, 0)

    @property
    def venue(self):
        return ", ".join(part for part in (self.venue_name, self.venue_address) if part)


# A day's hours, checked the same way on a day entered by hand and on a run of days.
SESSION_HOURS_VALIDATORS = [
    MinValueValidator(
        Decimal("0.5"), message=_("Le ore della giornata devono essere almeno mezz'ora.")
    ),
    MaxValueValidator(Decimal("12"), message=_("Una giornata non può superare le 12 ore.")),
]


class SessionQuerySet(models.QuerySet["Session"]):
    def not_cancelled(self) -> Self:
        """The days that count: a cancelled day keeps its marks but no hours of anyone's."""
        return self.filter(cancelled_at__isnull=True)


class Session(models.Model):
    """A classroom day (giornata d'aula), in the classroom or live online.

    A day with marks or history is never deleted (the register protects it):
    it is *cancelled* instead, with who, when and why, and keeps everything.
    """

    class Mode(models.TextChoices):
        CLASSROOM = "classroom", _("In aula")
        ONLINE = "online", _("Online in diretta")

    edition = ParentalKey(
        Edition, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("edizione")
    )
    date = models.DateField(_("data"))
    starts_at = models.TimeField(_("ora di inizio"))
    ends_at = models.TimeField(_("ora di fine"))
    hours = models.DecimalField(
        _("ore"),
        max_digits=4,
        decimal_places=1,
        validators=SESSION_HOURS_VALIDATORS,
        help_text=_("Ore di formazione riconosciute per la giornata."),
    )
    mode = models.CharField(
        _("modalità"), max_length=10, choices=Mode.choices, default=Mode.CLASSROOM
    )
    meeting_url = models.URLField(
        _("collegamento alla diretta"),
        blank=True,
        help_text=_("Mostrato solo a chi ha un posto nell'edizione."),
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="taught_sessions",
        limit_choices_to=TEACHERS_ONLY,
        verbose_name=_("docente della giornata"),
    )
    topic = models.CharField(_("argomento"), max_length=200, blank=True)
    cancelled_at = models.DateTimeField(_("annullata il"), null=True, blank=True, editable=False)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("annullata da"),
    )
    cancellation_reason = models.TextField(
        _("motivo dell'annullamento"), blank=True, editable=False
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["date", "starts_at"]
        verbose_name = _("giornata")
        verbose_name_plural = _("giornate")
        constraints = [
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True)
                | (Q(cancelled_by__isnull=False) & ~Q(cancellation_reason="")),
                name="session_cancellation_says_who_and_why",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_it_starts",
                violation_error_message=_("L'ora di fine deve seguire l'ora di inizio."),
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0),
                name="session_hours_positive",
                violation_error_message=_("Le ore devono essere più di zero."),
            ),
        ]
        indexes = [models.Index(fields=["edition", "date"], name="session_edition_date_idx")]

    # Not columns: what pages set on loaded days for their templates (type checking only).
    shows_meeting_link: bool  # the dashboard
    is_held: bool  # attendance.selectors.register_grid
    is_today: bool
    unmarked: int

    def __str__(self):
        return f"{self.edition.code} · {self.date:%d/%m/%Y}"

    @property
    def is_online(self):
        return self.mode == self.Mode.ONLINE

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def starts(self) -> datetime:
        """The aware start datetime in the site's time zone."""
        return timezone.make_aware(
            datetime.combine(self.date, self.starts_at), timezone.get_default_timezone()
        )

    def ends(self) -> datetime:
        return timezone.make_aware(
            datetime.combine(self.date, self.ends_at), timezone.get_default_timezone()
        )


class Enrolment(models.Model):
    """A person's place (or request for one) in an edition."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("In attesa di approvazione")
        APPROVED = "approved", _("Confermata")
        WAITLISTED = "waitlisted", _("In lista d'attesa")
        REFUSED = "refused", _("Rifiutata")
        WITHDRAWN = "withdrawn", _("Ritirata")

    class Source(models.TextChoices):
        REQUEST = "request", _("Richiesta della persona")
        MANAGER = "manager", _("Iscrizione del gestore")
        IMPORT = "import", _("Importazione da file")

    # A person holds at most one of these in the editions of one course.
    ACTIVE_STATUSES = (Status.REQUESTED, Status.APPROVED, Status.WAITLISTED)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("persona"),
    )
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("edizione")
    )
    # Copied from the edition so the database can enforce one place per course.
    course = models.ForeignKey(
        Course,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("corso"),
        editable=False,
    )
    status = models.CharField(
        _("stato"), max_length=12, choices=Status.choices, default=Status.REQUESTED
    )
    source = models.CharField(
        _("origine"), max_length=10, choices=Source.choices, default=Source.REQUEST
    )
    requested_at = models.DateTimeField(_("richiesta il"), auto_now_add=True)
    waitlisted_at = models.DateTimeField(
        _("in lista d'attesa dal"),
        null=True,
        blank=True,
        help_text=_("Ordina la lista d'attesa: chi vi entra prima sale prima."),
    )
    reason = models.TextField(
        _("motivazione"), blank=True, help_text=_("Comunicata alla persona in caso di rifiuto.")
    )
    decided_at = models.DateTimeField(_("decisa il"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decisa da"),
    )

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("iscrizione")
        verbose_name_plural = _("iscrizioni")
        permissions = [
            ("manage_enrolment", _("Decidere le iscrizioni di ogni edizione")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=Q(status__in=["requested", "approved", "waitlisted"]),
                name="enrolment_one_active_place_per_course",
                violation_error_message=_(
                    "Questa persona ha già un posto o una richiesta in un'edizione di questo corso."
                ),
            )
        ]
        indexes = [
            models.Index(fields=["edition", "status"], name="enrolment_edition_status_idx"),
            models.Index(fields=["user", "status"], name="enrolment_user_status_idx"),
        ]

    def __str__(self):
        return f"{self.user} → {self.edition}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.course_id = self.edition.course_id
        super().save(*args, **kwargs)

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret address of a person's calendar of sessions; a new token retires the old URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("persona"),
    )
    token = models.CharField(_("codice"), max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(_("creato il"), auto_now=True)

    class Meta:
        verbose_name = _("calendario personale")
        verbose_name_plural = _("calendari personali")

    def __str__(self):
        return str(self.user)


class SessionReminder(models.Model):
    """The reminder sent to one person for one classroom day: at most one, ever."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("giornata")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("persona"),
    )
    sent_at = models.DateTimeField(_("inviato il"), auto_now_add=True)

    class Meta:
        verbose_name = _("promemoria di giornata")
        verbose_name_plural = _("promemoria di giornata")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"], name="session_reminder_once_per_person"
            )
        ]

    def __str__(self):
        return f"{self.session} → {self.user}"
