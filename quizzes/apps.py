from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quiz")

    def ready(self):
        from website.core.generations import bump_content_on_change

        from .models import Quiz

        # The course page lists the published quizzes from the cache (selectors).
        bump_content_on_change(Quiz)
