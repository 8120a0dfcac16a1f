from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "website.core"
    label = "core"
    verbose_name = _("Portale")

    def ready(self):
        from .wagtail_exports import protect_wagtail_exports

        protect_wagtail_exports()
