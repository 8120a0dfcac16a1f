from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Risorse didattiche")

    def ready(self):
        from django.db.models.signals import m2m_changed

        from website.core.generations import bump_content_on_change, content_changed

        from . import signals  # noqa: F401
        from .models import Resource, ResourceFile, ResourceVersion

        # The course page's and the dashboard's lists (selectors.course_rows) show a resource,
        # its areas and its current version's files.
        bump_content_on_change(Resource, ResourceVersion, ResourceFile)
        m2m_changed.connect(
            content_changed,
            sender=Resource.thematic_areas.through,
            dispatch_uid="aula-content-resources-resource-areas",
        )
