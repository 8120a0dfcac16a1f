from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Attestati")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
