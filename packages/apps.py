from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PackagesConfig(AppConfig):
    name = "packages"
    verbose_name = _("Pacchetti e-learning")
    default_auto_field = "django.db.models.BigAutoField"
