from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = _("Ore di formazione annuali")

    def ready(self):
        from django.db.models.signals import m2m_changed

        from website.core.generations import bump_content_on_change, content_changed

        from .models import GroupTarget, YearTarget

        # The year's targets are read from the cache (selectors.targets_for).
        bump_content_on_change(YearTarget, GroupTarget)
        m2m_changed.connect(
            content_changed,
            sender=GroupTarget.members.through,
            dispatch_uid="records-group-members-changed",
        )
