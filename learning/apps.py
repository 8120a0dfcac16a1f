from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = _("Formazione online")

    def ready(self):
        from resources.models import Resource
        from surveys.models import Survey
        from website.core.generations import bump_content_on_change

        from .models import Activity, Lesson, Section

        # The activities of a course (selectors.course_activities) and the course page's outline
        # of sections and activities come from the cache, with what they show of their lesson,
        # resource or survey (quizzes and packages already move the content generation).
        bump_content_on_change(Section, Activity, Lesson, Resource, Survey)
