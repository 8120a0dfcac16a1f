"""Attendance certificates: the rule per course, the template, each certificate and its history.

A certificate is *frozen* once issued: it keeps the PDF it was issued as, a
snapshot of everything the PDF says, the signed credential and the version
of the template it used. Later changes to the course, the template or its
images never reach it. Only revocation and reissue change its state, and
both are recorded as events.
"""

import uuid
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Course, Edition
from website.core.models import AppendOnlyModel

from .codes import grouped
from .validators import validate_template_image

TEMPLATE_ASSETS_FOLDER = "private/certificates/assets"


def template_asset_path(template, filename):
    # A random name under the private folder: never guessable, never under a public one.
    suffix = PurePosixPath(filename).suffix.lower()
    suffix = suffix if suffix in (".png", ".jpg", ".jpeg") else ""
    return f"{TEMPLATE_ASSETS_FOLDER}/{uuid.uuid4().hex}{suffix}"


class CertificateTemplate(models.Model):
    """Who issues and signs, with the logo and the signature image: what the PDF shows."""

    name = models.CharField(_("nome del modello"), max_length=120)
    is_default = models.BooleanField(
        _("modello predefinito"),
        default=False,
        help_text=_("Usato per i corsi la cui regola non indica un altro modello."),
    )
    issuer_name = models.CharField(_("ente che rilascia"), max_length=200)
    issuer_office = models.CharField(_("struttura"), max_length=200, blank=True)
    issuer_place = models.CharField(
        _("luogo di rilascio"),
        max_length=100,
        blank=True,
        help_text=_("Stampato accanto alla data di rilascio, ad esempio Palermo."),
    )
    signatory_name = models.CharField(_("firmatario"), max_length=200)
    signatory_role = models.CharField(_("qualifica del firmatario"), max_length=200, blank=True)
    # Private files: no URL serves them; the PDF renderer reads them, the admin previews them.
    logo = models.FileField(
        _("logo"),
        upload_to=template_asset_path,
        blank=True,
        validators=[validate_template_image],
        help_text=_("PNG o JPEG, al massimo 2 MB."),
    )
    signature = models.FileField(
        _("immagine della firma"),
        upload_to=template_asset_path,
        blank=True,
        validators=[validate_template_image],
        help_text=_("PNG o JPEG, al massimo 2 MB."),
    )
    updated_at = models.DateTimeField(_("modificato il"), auto_now=True)

    class Meta:
        ordering = ["-is_default", "name"]
        verbose_name = _("modello di attestato")
        verbose_name_plural = _("modelli di attestato")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="certificate_template_one_default",
                violation_error_message=_("C'è già un modello predefinito."),
            )
        ]

    def __str__(self):
        return self.name


def template_file_path(version, filename):
    return f"certificates/templates/{version.template_id}/v{version.number}-{filename}"


class CertificateTemplateVersion(models.Model):
    """A template as it was when certificates were issued with it: never edited again.

    The logo and the signature are copied here, so replacing an image in the
    library leaves issued certificates as they were.
    """

    template = models.ForeignKey(
        CertificateTemplate,
        on_delete=models.PROTECT,
        related_name="versions",
        verbose_name=_("modello"),
    )
    number = models.PositiveIntegerField(_("versione"))
    fingerprint = models.CharField(_("impronta"), max_length=64)
    issuer_name = models.CharField(_("ente che rilascia"), max_length=200)
    issuer_office = models.CharField(_("struttura"), max_length=200, blank=True)
    issuer_place = models.CharField(_("luogo di rilascio"), max_length=100, blank=True)
    signatory_name = models.CharField(_("firmatario"), max_length=200)
    signatory_role = models.CharField(_("qualifica del firmatario"), max_length=200, blank=True)
    logo = models.FileField(_("logo"), upload_to=template_file_path, blank=True)
    signature = models.FileField(
        _("immagine della firma"), upload_to=template_file_path, blank=True
    )
    created_at = models.DateTimeField(_("creata il"), auto_now_add=True)

    class Meta:
        ordering = ["template", "-number"]
        verbose_name = _("versione del modello")
        verbose_name_plural = _("versioni del modello")
        constraints = [
            models.UniqueConstraint(
                fields=["template", "number"], name="certificate_template_version_number"
            ),
            models.UniqueConstraint(
                fields=["template", "fingerprint"], name="certificate_template_version_once"
            ),
        ]

    def __str__(self):
        return f"{self.template} · v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("A template version is never edited: make a new one.")
        super().save(*args, **kwargs)


class CertificateRule(models.Model):
    """What a course asks for a certificate beyond its attendance threshold.

    The threshold itself is the course's ``attendance_threshold``, edited with
    the course; a course without a rule row has no further conditions, no
    expiry and the default template.
    """

    course = models.OneToOneField(
        Course,
        on_delete=models.CASCADE,
        related_name="certificate_rule",
        verbose_name=_("corso"),
    )
    template = models.ForeignKey(
        CertificateTemplate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rules",
        verbose_name=_("modello"),
        help_text=_("Lascia vuoto per usare il modello predefinito."),
    )
    validity_months = models.PositiveSmallIntegerField(
        _("validità (mesi)"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, message=_("La validità è di almeno un mese.")),
            MaxValueValidator(240, message=_("La validità non può superare i 20 anni.")),
        ],
        help_text=_("Lascia vuoto se l'attestato non scade."),
    )
    conditions = models.JSONField(
        _("condizioni aggiuntive"),
        default=list,
        blank=True,
        help_text=_("Oltre alla frequenza minima, chi riceve l'attestato deve soddisfarle tutte."),
    )

    class Meta:
        verbose_name = _("regola dell'attestato")
        verbose_name_plural = _("regole degli attestati")

    def __str__(self):
        return str(self.course)


class IssueRun(models.Model):
    """One bulk issue for an edition, run by the task worker, with its progress."""

    class State(models.TextChoices):
        QUEUED = "queued", _("In coda")
        RUNNING = "running", _("In corso")
        DONE = "done", _("Completata")
        FAILED = "failed", _("Interrotta")

    ACTIVE_STATES = (State.QUEUED, State.RUNNING)

    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        related_name="certificate_runs",
        verbose_name=_("edizione"),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("avviata da"),
    )
    state = models.CharField(_("stato"), max_length=10, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(_("da rilasciare"), default=0)
    issued = models.PositiveIntegerField(_("rilasciati"), default=0)
    skipped = models.PositiveIntegerField(_("già rilasciati altrove"), default=0)
    error = models.TextField(_("errore"), blank=True)
    created_at = models.DateTimeField(_("avviata il"), auto_now_add=True)
    finished_at = models.DateTimeField(_("terminata il"), null=True, blank=True)
    updated_at = models.DateTimeField(_("aggiornata il"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("rilascio in blocco")
        verbose_name_plural = _("rilasci in blocco")
        constraints = [
            models.UniqueConstraint(
                fields=["edition"],
                condition=Q(state__in=["queued", "running"]),
                name="certificate_run_one_active_per_edition",
            )
        ]

    def __str__(self):
        return f"{self.edition} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_active(self):
        return self.state in self.ACTIVE_STATES

    @property
    def processed(self):
        return self.issued + self.skipped

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if not self.is_active else 0
        return min(100, self.processed * 100 // self.total)


def certificate_pdf_path(certificate, filename):
    return f"certificates/{certificate.issued_at:%Y}/{certificate.code}.pdf"


class Certificate(models.Model):
    """One person's attendance certificate for one edition of a course."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valido")
        REVOKED = "revoked", _("Revocato")
        SUPERSEDED = "superseded", _("Sostituito")

    # The only fields an issued certificate may change.
    STATE_FIELDS = frozenset(
        {"status", "revoked_at", "revoked_by", "revocation_reason", "notice_pending"}
    )

    code = models.CharField(_("codice di verifica"), max_length=16, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("titolare"),
    )
    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("edizione")
    )
    # Copied from the edition so the database can keep one valid certificate per course.
    course = models.ForeignKey(
        Course,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("corso"),
        editable=False,
    )
    status = models.CharField(
        _("stato"), max_length=12, choices=Status.choices, default=Status.VALID
    )
    language = models.CharField(_("lingua"), max_length=8, choices=settings.LANGUAGES)
    attended_hours = models.DecimalField(_("ore frequentate"), max_digits=6, decimal_places=1)
    total_hours = models.DecimalField(_("ore dell'edizione"), max_digits=6, decimal_places=1)
    issued_at = models.DateTimeField(_("rilasciato il"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rilasciato da"),
    )
    expires_on = models.DateField(_("valido fino al"), null=True, blank=True)
    template_version = models.ForeignKey(
        CertificateTemplateVersion,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("versione del modello"),
    )
    snapshot = models.JSONField(_("contenuto"))
    pdf = models.FileField(_("PDF"), upload_to=certificate_pdf_path)
    pdf_sha256 = models.CharField(_("impronta SHA-256 del PDF"), max_length=64)
    credential = models.TextField(_("credenziale firmata (JWT)"))
    credential_id = models.UUIDField(_("identificativo della credenziale"), unique=True)
    # Issued in bulk: the holder's e-mail and notice wait for a background task (holders_tell).
    notice_pending = models.BooleanField(_("avviso al titolare da inviare"), default=False)
    status_list = models.PositiveIntegerField(_("lista di stato"), default=1)
    status_index = models.PositiveIntegerField(_("posizione nella lista di stato"))
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("sostituisce"),
    )
    issue_run = models.ForeignKey(
        IssueRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("rilascio in blocco"),
    )
    revoked_at = models.DateTimeField(_("revocato il"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revocato da"),
    )
    revocation_reason = models.TextField(_("motivo della revoca"), blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("attestato")
        verbose_name_plural = _("attestati")
        permissions = [
            ("issue", _("Emettere, riemettere e revocare attestati")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=Q(status="valid"),
                name="certificate_one_valid_per_person_and_course",
                violation_error_message=_(
                    "Questa persona ha già un attestato valido per questo corso."
                ),
            ),
            models.UniqueConstraint(
                fields=["status_list", "status_index"], name="certificate_status_slot_unique"
            ),
            models.CheckConstraint(
                condition=Q(attended_hours__lte=models.F("total_hours")),
                name="certificate_hours_within_total",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "status"], name="certificate_user_status_idx"),
            models.Index(fields=["edition", "status"], name="certificate_edition_status_idx"),
        ]

    def __str__(self):
        return f"{self.grouped_code} · {self.snapshot.get('holder', {}).get('name', '')}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            fields = kwargs.get("update_fields")
            if fields is None or not set(fields) <= self.STATE_FIELDS:
                raise ValueError("An issued certificate is frozen: only its status may change.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Certificates are records: revoke one instead of deleting it.")

    @property
    def grouped_code(self):
        return grouped(self.code)

    @property
    def is_valid(self):
        return self.status == self.Status.VALID

    def is_expired(self, today=None):
        return self.expires_on is not None and self.expires_on < (today or timezone.localdate())

    @property
    def share(self) -> Decimal:
        if not self.total_hours:
            return Decimal("0")
        return (self.attended_hours * 100 / self.total_hours).quantize(Decimal("1"))


class CertificateEvent(AppendOnlyModel):
    """What happened to a certificate, kept for good: issue, revocation, reissue."""

    class Kind(models.TextChoices):
        ISSUED = "issued", _("Rilasciato")
        REVOKED = "revoked", _("Revocato")
        REISSUED = "reissued", _("Riemesso in sostituzione di un attestato precedente")
        REPLACED = "replaced", _("Sostituito da un attestato riemesso")

    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="events", verbose_name=_("attestato")
    )
    kind = models.CharField(_("evento"), max_length=10, choices=Kind.choices)
    at = models.DateTimeField(_("data"), auto_now_add=True)
    # No name is kept beside the link: the person stays while their events do.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("da"),
    )
    reason = models.TextField(_("motivazione"), blank=True)
    related = models.ForeignKey(
        Certificate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attestato collegato"),
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("evento dell'attestato")
        verbose_name_plural = _("storico degli attestati")

    def __str__(self):
        return f"{self.certificate.grouped_code} · {self.get_kind_display()}"
