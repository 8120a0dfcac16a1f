from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = _("Formazione online")

    def ready(self):
        from website.core.generations import bump_content_on_change

        from .models import Activity, Section

        # The course page's outline of sections and activities comes from the cache.
        bump_content_on_change(Section, Activity)
