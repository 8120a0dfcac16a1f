"""Who exported personal data, decided an enrolment, imported people or changed a role."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from website.core.models import AppendOnlyModel


class AuditEntry(AppendOnlyModel):
    """One act on personal data, written once and never edited (a trigger on PostgreSQL)."""

    class Action(models.TextChoices):
        EXPORT = "export", _("esportazione di dati personali")
        DOWNLOAD = "download", _("scaricamento di dati personali")
        ENROLMENT_DECISION = "enrolment_decision", _("decisione su un'iscrizione")
        IMPORT = "import", _("importazione di persone")
        ROLE_CHANGE = "role_change", _("modifica dei ruoli")
        AFFILIATION_CHANGE = "affiliation_change", _("modifica dell'appartenenza")
        PERSONAL_EXPORT = "personal_export", _("copia dei propri dati")
        ERASURE = "erasure", _("cancellazione di un account")
        RETENTION = "retention", _("eliminazione per fine conservazione")

    at = models.DateTimeField(_("quando"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chi"),
    )
    action = models.CharField(_("azione"), max_length=30, choices=Action.choices)
    target = models.CharField(_("oggetto"), max_length=300)
    detail = models.JSONField(_("dettagli"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("voce del registro degli accessi")
        verbose_name_plural = _("registro degli accessi ai dati personali")
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}: {self.target}"
