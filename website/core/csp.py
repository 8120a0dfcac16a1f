"""The Content-Security-Policy: the site's own pages, Wagtail's admin's relaxations, PDFs.

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


# A policy's object-src 'none' can keep the browser's built-in PDF viewer from opening a
# PDF (the viewer is a plugin frame); a PDF runs no page script, so it goes without one.
EXEMPT_CONTENT_TYPES = ("application/pdf",)


class AulaCSPMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith(EXEMPT_CONTENT_TYPES):
            response._csp_exempt = True
            response._csp_exempt_ro = True
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(reverse("wagtailadmin_home")):
            parts.update = {**ADMIN_RELAXATIONS, **(parts.update or {})}
        return parts
