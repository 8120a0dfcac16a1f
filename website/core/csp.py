"""The Content-Security-Policy: the site's own pages, and the relaxations of Wagtail's admin.

The site's templates run no inline script and no inline event handler: every script
is a static file, data for scripts travels in ``json_script`` blocks. Wagtail's admin
still writes a few inline scripts (its date pickers, inline panels, workflow dialogs),
so pages under the admin's address also allow inline scripts; everything else there
stays as on the site.
"""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.urls import reverse

ADMIN_RELAXATIONS = {
    "script-src": [UNSAFE_INLINE],
}


class AulaCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(reverse("wagtailadmin_home")):
            parts.update = {**ADMIN_RELAXATIONS, **(parts.update or {})}
        return parts
