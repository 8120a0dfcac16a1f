"""The Content-Security-Policy: the site's own pages, Wagtail's admin's relaxations, PDFs.

The site's templates run no inline script and no inline event handler: every script
is a static file, data for scripts travels in ``json_script`` blocks. Wagtail's admin
still writes a few inline scripts (its date pickers, inline panels, workflow dialogs),
so pages under the admin's address also allow inline scripts; everything else there
stays as on the site.
"""

import http.client
from dataclasses import asdict

from csp.constants import HEADER, HEADER_REPORT_ONLY, UNSAFE_INLINE
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

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


# The headers already written, by what they were built from (a request's nonce aside): the
# policy is the same for every page of the site and for every page of the admin, so each
# process builds it once instead of twice a response (it cost a quarter of /healthz).
_BUILT: dict[tuple[bool, str], str] = {}
_SETTINGS = {
    "CONTENT_SECURITY_POLICY",
    "CONTENT_SECURITY_POLICY_REPORT_ONLY",
    "SOCIALACCOUNT_PROVIDERS",
}
_HEADERS = (
    (False, HEADER, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
    (True, HEADER_REPORT_ONLY, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
)


@receiver(setting_changed)
def _forget_built_policies(*, setting: str, **kwargs: object) -> None:
    if setting in _SETTINGS:
        _BUILT.clear()
    if setting == "ROOT_URLCONF":
        _ADMIN_PREFIXES.clear()


_ADMIN_PREFIXES: dict[tuple[object, str], str] = {}


def _admin_prefix() -> str:
    """The admin's address, reversed once per URL configuration and script prefix."""
    key = (get_urlconf(), get_script_prefix())
    prefix = _ADMIN_PREFIXES.get(key)
    if prefix is None:
        prefix = _ADMIN_PREFIXES[key] = reverse("wagtailadmin_home")
    return prefix


class AulaCSPMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        """django-csp's own, with each built header kept (same headers, same conditions)."""
        if response.get("Content-Type", "").startswith(EXEMPT_CONTENT_TYPES):
            response._csp_exempt = True
            response._csp_exempt_ro = True
        debug_codes = (http.client.INTERNAL_SERVER_ERROR, http.client.NOT_FOUND)
        if response.status_code in debug_codes and settings.DEBUG:
            return response
        for report_only, header, exempt, setting in _HEADERS:
            policy = self._policy(request, response, report_only)
            if not policy or header in response or getattr(response, exempt, False):
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES")
            if request.path_info.startswith(tuple(prefixes or ())):
                continue
            response[header] = policy
        if getattr(request, "_csp_nonce", None) is None:
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def _policy(self, request, response, report_only: bool) -> str:
        parts = self.get_policy_parts(request, response, report_only)
        if parts.nonce is not None:  # a page that used its nonce: its own header
            return build_policy(**asdict(parts), report_only=report_only)
        key = (report_only, repr((parts.config, parts.update, parts.replace)))
        policy = _BUILT.get(key)
        if policy is None:
            policy = _BUILT[key] = build_policy(**asdict(parts), report_only=report_only)
        return policy

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(_admin_prefix()):
            parts.update = {**ADMIN_RELAXATIONS, **(parts.update or {})}
        if origins := identity_provider_origins():
            update = dict(parts.update or {})
            update["form-action"] = [*update.get("form-action", []), *origins]
            parts.update = update
        return parts
