import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def export_path(instance, filename):
    return f"dati_personali/{uuid.uuid4().hex}.zip"


class PersonalDataExport(models.Model):
    """A person's copy of their data, prepared by the task worker, kept for a few days."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("in coda")
        RUNNING = "running", _("in preparazione")
        READY = "ready", _("pronta")
        FAILED = "failed", _("non riuscita")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("persona"),
    )
    status = models.CharField(
        _("stato"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    requested_at = models.DateTimeField(_("richiesta il"), auto_now_add=True)
    finished_at = models.DateTimeField(_("pronta il"), null=True, blank=True)
    expires_at = models.DateTimeField(_("scaricabile fino al"), null=True, blank=True)
    kinds_done = models.PositiveSmallIntegerField(_("tipi di dati raccolti"), default=0)
    kinds_total = models.PositiveSmallIntegerField(_("tipi di dati da raccogliere"), default=0)
    file = models.FileField(_("archivio"), upload_to=export_path, blank=True, max_length=200)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("copia dei dati personali")
        verbose_name_plural = _("copie dei dati personali")

    def __str__(self):
        return f"{self.person_id} {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def progress(self) -> int:
        if self.status == self.Status.READY:
            return 100
        return round(100 * self.kinds_done / self.kinds_total) if self.kinds_total else 0


class Erasure(models.Model):
    """A person's erasure: the pseudonym their kept records carry and until when they stay.

    Holds no personal data; after the retention job it links to no account any more.
    """

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="erasure",
        verbose_name=_("account pseudonimo"),
    )
    pseudonym = models.CharField(_("pseudonimo"), max_length=20, unique=True)
    erased_at = models.DateTimeField(_("cancellata il"))
    keep_until = models.DateTimeField(_("conservazione fino al"))
    purged_at = models.DateTimeField(_("eliminazione definitiva il"), null=True, blank=True)

    class Meta:
        ordering = ["-erased_at"]
        verbose_name = _("cancellazione di un account")
        verbose_name_plural = _("cancellazioni di account")

    def __str__(self):
        return self.pseudonym
