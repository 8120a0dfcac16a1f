"""The yearly training record: the year's target, external training declared by people,
the organiser's confirmation of event attendance, yearly statements and reminders.

Hours done are not stored: they are read from their sources (``records/sources.py``)
each time, so a corrected register or a late approval shows at once.
"""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from website.core.models import AppendOnlyModel

HOURS: dict[str, Any] = {"max_digits": 5, "decimal_places": 1}
HOUR_LIMITS = [MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("2000"))]


class Kind(models.TextChoices):
    """Where an hour of training comes from."""

    CLASSROOM = "classroom", _("Aula (registro presenze)")
    EVENT = "event", _("Evento del canale web")
    EXTERNAL = "external", _("Formazione esterna approvata")
    ONLINE = "online", _("Attività online")
    SCORM = "scorm", _("Pacchetti SCORM")


ALL_KINDS = [kind.value for kind in Kind]


class YearTarget(models.Model):
    """The hours expected of everyone in a year, and which kinds of training count."""

    year = models.PositiveSmallIntegerField(
        _("anno"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    hours = models.DecimalField(_("ore richieste"), validators=HOUR_LIMITS, **HOURS)
    counted_kinds = models.JSONField(
        _("tipi di formazione che contano"),
        default=list,
        blank=True,
        help_text=_("Vuoto: contano tutti i tipi."),
    )
    updated_at = models.DateTimeField(_("modificato il"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("modificato da"),
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("obiettivo annuale")
        verbose_name_plural = _("obiettivi annuali")
        permissions = [
            ("view_all", _("Vedere le ore di formazione di tutto il personale")),
            ("confirm_event_attendance", _("Confermare la presenza agli eventi")),
        ]

    def __str__(self):
        return f"{self.year}: {self.hours}"


class GroupTarget(models.Model):
    """Another target for a group of staff in a year (for example part-time staff)."""

    year = models.PositiveSmallIntegerField(
        _("anno"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    name = models.CharField(_("gruppo"), max_length=120)
    hours = models.DecimalField(_("ore richieste"), validators=HOUR_LIMITS, **HOURS)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="training_target_groups",
        verbose_name=_("persone"),
        blank=True,
    )

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("obiettivo di un gruppo")
        verbose_name_plural = _("obiettivi dei gruppi")
        constraints = [
            models.UniqueConstraint(fields=["year", "name"], name="records_group_target_unique")
        ]

    def __str__(self):
        return f"{self.name} ({self.year})"


def evidence_path(declaration, filename):
    return f"records/evidence/{declaration.user_id}/{timezone.now():%Y%m%d%H%M%S}.pdf"


class ExternalTraining(models.Model):
    """Training done with another provider, declared by the person, decided by their manager."""

    class Status(models.TextChoices):
        PENDING = "pending", _("In attesa di approvazione")
        APPROVED = "approved", _("Approvata")
        RETURNED = "returned", _("Rimandata indietro")
        WITHDRAWN = "withdrawn", _("Ritirata")

    class Evidence(models.TextChoices):
        PDF = "pdf", _("Attestato in PDF")
        CREDENTIAL = "credential", _("Credenziale Open Badges 3.0")

    class CredentialVerdict(models.TextChoices):
        VALID = "valid", _("Valida")
        TAMPERED = "tampered", _("Firma non valida (alterata)")
        EXPIRED = "expired", _("Scaduta")
        REVOKED = "revoked", _("Revocata dall'emittente")
        UNKNOWN_KEY = "unknown_key", _("Firmata con una chiave sconosciuta")
        UNREACHABLE = "unreachable", _("Emittente non raggiungibile")
        MALFORMED = "malformed", _("Non è una credenziale leggibile")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="external_trainings",
        verbose_name=_("persona"),
    )
    title = models.CharField(_("titolo"), max_length=200)
    provider = models.CharField(_("ente erogatore"), max_length=200)
    starts_on = models.DateField(_("dal"))
    ends_on = models.DateField(_("al"))
    hours = models.DecimalField(_("ore"), validators=HOUR_LIMITS, **HOURS)
    evidence = models.CharField(_("documentazione"), max_length=12, choices=Evidence.choices)
    evidence_file = models.FileField(_("attestato (PDF)"), upload_to=evidence_path, blank=True)
    evidence_name = models.CharField(_("nome del file"), max_length=200, blank=True)
    credential = models.TextField(_("credenziale (JWT)"), blank=True)
    credential_verdict = models.CharField(
        _("esito della verifica"), max_length=12, choices=CredentialVerdict.choices, blank=True
    )
    credential_issuer = models.CharField(_("emittente verificato"), max_length=300, blank=True)
    credential_checked_at = models.DateTimeField(_("verificata il"), null=True, blank=True)
    status = models.CharField(
        _("stato"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reason = models.TextField(_("motivo"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decisa da"),
    )
    decided_at = models.DateTimeField(_("decisa il"), null=True, blank=True)
    created_at = models.DateTimeField(_("dichiarata il"), default=timezone.now)

    class Meta:
        ordering = ["-ends_on", "-pk"]
        verbose_name = _("formazione esterna")
        verbose_name_plural = _("formazione esterna")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="records_external_dates_in_order",
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.user})"

    @property
    def year(self) -> int:
        """The year the training counts in: the year it ended (an Italian calendar date)."""
        return self.ends_on.year

    @property
    def counts(self) -> bool:
        return self.status == self.Status.APPROVED and (
            self.evidence == self.Evidence.PDF
            or self.credential_verdict == self.CredentialVerdict.VALID
        )


class ExternalTrainingEvent(AppendOnlyModel):
    """One step in the life of a declaration: never edited, never deleted."""

    class Action(models.TextChoices):
        DECLARED = "declared", _("Dichiarata")
        CHANGED = "changed", _("Modificata")
        APPROVED = "approved", _("Approvata")
        RETURNED = "returned", _("Rimandata indietro")
        WITHDRAWN = "withdrawn", _("Ritirata")
        VERIFIED = "verified", _("Credenziale verificata")

    declaration = models.ForeignKey(
        ExternalTraining,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("dichiarazione"),
    )
    action = models.CharField(_("azione"), max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("da"),
    )
    reason = models.TextField(_("motivo"), blank=True)
    details = models.JSONField(_("dati"), default=dict, blank=True)
    at = models.DateTimeField(_("il"), default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("passaggio di una dichiarazione")
        verbose_name_plural = _("storico delle dichiarazioni")

    def __str__(self):
        return f"{self.declaration_id} {self.action} {self.at:%Y-%m-%d}"


class EventAttendance(models.Model):
    """The organiser's confirmation that a registered person attended a web-channel event."""

    event = models.ForeignKey(
        "cms.EventPage",
        on_delete=models.PROTECT,
        related_name="confirmed_attendances",
        verbose_name=_("evento"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="event_attendances",
        verbose_name=_("persona"),
    )
    hours = models.DecimalField(_("ore"), validators=HOUR_LIMITS, **HOURS)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("confermata da"),
    )
    confirmed_at = models.DateTimeField(_("confermata il"), default=timezone.now)

    class Meta:
        ordering = ["event", "user"]
        verbose_name = _("presenza a un evento")
        verbose_name_plural = _("presenze agli eventi")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"], name="records_event_attendance_unique"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.event_id}"


def statement_path(statement, filename):
    return f"records/statements/{statement.year}/{statement.code}.pdf"


class Statement(models.Model):
    """A yearly training statement: frozen when issued (its lines, its PDF, its code)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="training_statements",
        verbose_name=_("persona"),
    )
    year = models.PositiveSmallIntegerField(_("anno"))
    code = models.CharField(_("codice di verifica"), max_length=16, unique=True)
    language = models.CharField(_("lingua"), max_length=8, choices=settings.LANGUAGES)
    issued_at = models.DateTimeField(_("emessa il"), default=timezone.now)
    snapshot = models.JSONField(_("contenuto"))
    pdf = models.FileField(_("PDF"), upload_to=statement_path)
    pdf_sha256 = models.CharField(_("impronta SHA-256 del PDF"), max_length=64)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("dichiarazione annuale di formazione")
        verbose_name_plural = _("dichiarazioni annuali di formazione")

    def __str__(self):
        return f"{self.user} {self.year} {self.code}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("An issued statement is frozen: it is never edited.")
        super().save(*args, **kwargs)


class ReminderPreference(models.Model):
    """Whether a person wants the reminders about their yearly hours (they do by default)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="training_reminder_preference",
        verbose_name=_("persona"),
    )
    wants_reminders = models.BooleanField(
        _("ricevere i promemoria sulle ore annuali"), default=True
    )

    class Meta:
        verbose_name = _("preferenza sui promemoria")
        verbose_name_plural = _("preferenze sui promemoria")

    def __str__(self):
        return f"{self.user_id}: {self.wants_reminders}"


class ReminderSent(models.Model):
    """One reminder sent for a year and month: at most one per person, kind and month."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Persona in ritardo")
        MANAGER = "manager", _("Responsabile di centro")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("persona"),
    )
    kind = models.CharField(_("tipo"), max_length=8, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("anno"))
    month = models.PositiveSmallIntegerField(_("mese"))
    sent_at = models.DateTimeField(_("inviato il"), default=timezone.now)

    class Meta:
        verbose_name = _("promemoria inviato")
        verbose_name_plural = _("promemoria inviati")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "year", "month"], name="records_reminder_once_a_month"
            )
        ]

    def __str__(self):
        return f"{self.user_id} {self.kind} {self.year}-{self.month:02d}"
