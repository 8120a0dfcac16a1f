from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Corsi")

    def ready(self):
        from website.accounts.models import Region
        from website.core.generations import bump_content_on_change, bump_people_on_change

        from .models import Course, Edition, Programme

        # Whether someone teaches is cached under their generation (selectors.teaches_any_edition).
        bump_people_on_change(Edition, "teachers")
        # The course page's course, programme and region come from the cache.
        bump_content_on_change(Course, Programme, Region)
