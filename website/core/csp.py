"""The Content-Security-Policy: the site's own pages, Wagtail's admin's relaxations, PDFs.

The site's templates run no inline script and no inline event handler: every script
is a static file, data for scripts travels in ``json_script`` blocks. Wagtail's admin
still writes a few inline scripts (its date pickers, inline panels, workflow dialogs),
so pages under the admin's address also allow inline scripts; everything else there
stays as on the site.
"""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.urls import reverse

ADMIN_RELAXATIONS = {
    "script-src": [UNSAFE_INLINE],
}


# A policy's object-src 'none' can keep the browser's built-in PDF viewer from opening a
# PDF (the viewer is a plugin frame); a PDF runs no page script, so it goes without one.
EXEMPT_CONTENT_TYPES = ("application/pdf",)


def identity_provider_origins() -> list[str]:
    """The origins an institutional login's form may lead to: the login button POSTs to the
    site, which redirects the browser to the identity provider, and browsers check that
    redirect against ``form-action``. Each configured app lists them (website/settings/sso.py)."""
    origins: list[str] = []
    for provider in getattr(settings, "SOCIALACCOUNT_PROVIDERS", {}).values():
        for app in provider.get("APPS", []):
            origins.extend(app.get("settings", {}).get("form_action", []))
    return list(dict.fromkeys(origins))


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
        if origins := identity_provider_origins():
            update = dict(parts.update or {})
            update["form-action"] = [*update.get("form-action", []), *origins]
            parts.update = update
        return parts
