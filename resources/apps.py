from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Risorse didattiche")

    def ready(self):
        from . import signals  # noqa: F401

        checks.register(check_protected_files_server, checks.Tags.compatibility)


def check_protected_files_server(app_configs, **kwargs):
    from django.conf import settings

    from .sendfile import SERVERS

    if settings.PROTECTED_FILES_SERVER in SERVERS:
        return []
    return [
        checks.Error(
            f"PROTECTED_FILES_SERVER is {settings.PROTECTED_FILES_SERVER!r}",
            hint=f"Use one of: {', '.join(SERVERS)}.",
            id="resources.E001",
        )
    ]
