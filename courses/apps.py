from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Corsi")

    def ready(self):
        from website.core.generations import bump_people_on_change

        from .models import Edition

        # Whether someone teaches is cached under their generation (selectors.teaches_any_edition).
        bump_people_on_change(Edition, "teachers")
