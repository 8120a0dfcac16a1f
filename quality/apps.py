from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "quality"
    verbose_name = _("Qualità dei centri")

    def ready(self):
        from website.core.generations import bump_people_on_change

        from .models import Assessment

        # The members' dashboards list the self-assessments waiting for them from the cache.
        bump_people_on_change(Assessment, "members")
