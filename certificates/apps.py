from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Attestati")

    def ready(self):
        from website.core.generations import bump_content_on_change, bump_user_on_change

        from . import checks  # noqa: F401  (registers the system checks)
        from .models import Certificate, CertificateRule

        # The course page shows the rule from the cache (selectors.course_rule).
        bump_content_on_change(CertificateRule)
        # The holder's dashboard lists their certificates from the cache (wagtail_hooks).
        bump_user_on_change(Certificate)
