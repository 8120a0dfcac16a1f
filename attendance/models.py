"""The attendance register: who attended which classroom day, for how many hours.

Training funded by the European Social Fund must document it day by day. A
*record* holds one participant's mark for one day; every change to a record
is kept, append-only, as a *change*; an edition's register can be *closed* by
a training manager, after which only training managers change it, giving a
reason.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Edition, Session
from website.core.models import AppendOnlyModel


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Presente")
    LATE = "late", _("Entrata in ritardo")
    LEFT_EARLY = "left_early", _("Uscita anticipata")
    EXCUSED = "excused", _("Assente giustificato")
    ABSENT = "absent", _("Assente")


# Hours attended are the whole day for these, none for the absences; late
# arrivals and early exits say how many hours they stayed.
FULL_HOURS_STATUSES = (AttendanceStatus.PRESENT,)
NO_HOURS_STATUSES = (AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT)
PARTIAL_HOURS_STATUSES = (AttendanceStatus.LATE, AttendanceStatus.LEFT_EARLY)


# Editions whose days are held (not drafts, not cancelled): the only ones with a register.
KEPT_STATUSES = (Edition.Status.SCHEDULED, Edition.Status.CLOSED)


class MarkSource(models.TextChoices):
    REGISTER = "register", _("Registro del docente")
    CHECKIN = "checkin", _("Auto-registrazione con codice")


class AttendanceRecord(models.Model):
    """One participant's attendance on one classroom day."""

    # PROTECT, here and below: what funders audit outlives no day, edition or person.
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="attendance", verbose_name=_("giornata")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="attendance",
        verbose_name=_("partecipante"),
    )
    status = models.CharField(_("stato"), max_length=12, choices=AttendanceStatus.choices)
    hours = models.DecimalField(_("ore frequentate"), max_digits=4, decimal_places=1)
    source = models.CharField(
        _("origine"), max_length=10, choices=MarkSource.choices, default=MarkSource.REGISTER
    )
    updated_at = models.DateTimeField(_("aggiornata il"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aggiornata da"),
    )

    class Meta:
        ordering = ["session__date", "session__starts_at", "user__last_name", "user__first_name"]
        verbose_name = _("presenza")
        verbose_name_plural = _("presenze")
        permissions = [
            ("keep_any_register", _("Tenere ogni registro, anche chiuso")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                name="attendance_one_record_per_day_and_person",
                violation_error_message=_("Questa persona ha già una presenza per la giornata."),
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0),
                name="attendance_hours_not_negative",
                violation_error_message=_("Le ore frequentate non possono essere negative."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["excused", "absent"]) | Q(hours=0),
                name="attendance_absence_has_no_hours",
                violation_error_message=_("Un'assenza non conta ore frequentate."),
            ),
        ]
        indexes = [models.Index(fields=["user", "session"], name="attendance_user_session_idx")]

    def __str__(self):
        return f"{self.session} · {self.user} · {self.get_status_display()}"

    @property
    def counts_as_attended(self) -> bool:
        return self.hours > Decimal("0")


class AttendanceChange(AppendOnlyModel):
    """One change to a register, kept for good: who changed what, when, from what to what."""

    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        related_name="attendance_changes",
        verbose_name=_("giornata"),
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="attendance_changes",
        verbose_name=_("partecipante"),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("modificata da"),
    )
    # A default rather than auto_now_add: rows are never updated, so a demo
    # dating its marks after the fact must date them as it writes them.
    changed_at = models.DateTimeField(_("modificata il"), default=timezone.now, editable=False)
    previous_status = models.CharField(
        _("stato precedente"), max_length=12, choices=AttendanceStatus.choices, blank=True
    )
    previous_hours = models.DecimalField(
        _("ore precedenti"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    status = models.CharField(_("nuovo stato"), max_length=12, choices=AttendanceStatus.choices)
    hours = models.DecimalField(_("nuove ore"), max_digits=4, decimal_places=1)
    source = models.CharField(
        _("origine"), max_length=10, choices=MarkSource.choices, default=MarkSource.REGISTER
    )
    reason = models.TextField(_("motivazione"), blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("modifica del registro")
        verbose_name_plural = _("storico del registro")
        indexes = [
            models.Index(fields=["session", "changed_at"], name="attendance_change_session_idx")
        ]

    def __str__(self):
        return f"{self.session} · {self.participant} · {self.changed_at:%Y-%m-%d %H:%M}"


class RegisterClosure(models.Model):
    """An edition's register, closed by a training manager: from then on only they change it."""

    edition = models.OneToOneField(
        Edition,
        on_delete=models.CASCADE,
        related_name="register_closure",
        verbose_name=_("edizione"),
    )
    closed_at = models.DateTimeField(_("chiuso il"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("chiuso da"),
    )

    class Meta:
        verbose_name = _("chiusura del registro")
        verbose_name_plural = _("chiusure dei registri")

    def __str__(self):
        return str(self.edition)


class RegisterEvent(AppendOnlyModel):
    """A register closed or reopened, kept for good beside the changes to its marks."""

    class Action(models.TextChoices):
        CLOSED = "closed", _("Registro chiuso")
        REOPENED = "reopened", _("Registro riaperto")

    edition = models.ForeignKey(
        Edition,
        on_delete=models.PROTECT,
        related_name="register_events",
        verbose_name=_("edizione"),
    )
    action = models.CharField(_("azione"), max_length=10, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("da"),
    )
    at = models.DateTimeField(_("il"), default=timezone.now, editable=False)
    reason = models.TextField(_("motivazione"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("chiusura o riapertura del registro")
        verbose_name_plural = _("chiusure e riaperture dei registri")
        indexes = [models.Index(fields=["edition", "at"], name="attendance_event_edition_idx")]

    def __str__(self):
        return f"{self.edition} · {self.get_action_display()} · {self.at:%Y-%m-%d %H:%M}"
