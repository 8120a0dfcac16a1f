from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PackagesConfig(AppConfig):
    name = "packages"
    verbose_name = _("Pacchetti e-learning")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from website.core.generations import bump_content_on_change

        from .models import Package

        # The course page lists the packages from the cache (selectors.course_packages).
        bump_content_on_change(Package)
