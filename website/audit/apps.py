from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "website.audit"
    label = "audit"
    verbose_name = _("Registro degli accessi ai dati personali")

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from .models import AuditEntry
        from .permissions import ReadOnlyPolicy

        register_permission_policy(AuditEntry, ReadOnlyPolicy())
