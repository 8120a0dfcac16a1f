from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportAccess(models.Model):
    """No table: the holder of the reports app's capabilities, granted to role groups."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_all", _("Consultare ogni report"))]
        verbose_name = _("accesso ai report")
        verbose_name_plural = _("accessi ai report")

    def __str__(self):
        return str(self._meta.verbose_name)
