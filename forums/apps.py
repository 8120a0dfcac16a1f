from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("Forum")

    def ready(self):
        from . import live_rights, signals  # noqa: F401 (signals connects the receivers)

        live_rights.connect()
