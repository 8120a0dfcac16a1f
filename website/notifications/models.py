from typing import Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> Self:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something a person should know: an approval, a mention, a new certificate."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("destinatario"),
    )
    kind = models.SlugField(_("tipo"), max_length=40)
    title = models.CharField(_("titolo"), max_length=200)
    body = models.TextField(_("testo"), blank=True)
    url = models.CharField(_("collegamento"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("creata il"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("letta il"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notifica")
        verbose_name_plural = _("notifiche")
        indexes = [
            models.Index(
                fields=["recipient", "created_at"],
                name="notification_unread_idx",
                condition=models.Q(read_at__isnull=True),
            )
        ]

    def __str__(self):
        return self.title
