from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "website.core"
    label = "core"
    verbose_name = _("Portale")

    def ready(self):
        from .files import check_protected_files_server
        from .generations import connect_signals
        from .wagtail_exports import protect_wagtail_exports

        protect_wagtail_exports()
        connect_signals()
        checks.register(check_protected_files_server, checks.Tags.compatibility)
