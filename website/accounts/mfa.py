"""Two factors: who must have them, and the sessions that skipped them.

allauth's MFA asks for the second factor in its own login. Two things it does not do
are done here, once per login (so pages pay no query for them):

- people whose roles are in ``AULA_MFA_REQUIRED_ROLES`` and who have no authenticator
  are sent to the authenticator app's activation page from every page but their
  account's own, until they activate one;
- a login that did not go through allauth (Wagtail's admin login form) by someone who
  has an authenticator is ended, and they are asked to log in again with both factors.
"""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.signals import authenticator_removed
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .roles import role_codes

SUPERUSER = "superuser"
# Session flags, set at login.
ENROL_KEY = "aula_mfa_enrol"
SKIPPED_KEY = "aula_mfa_skipped"
# Pages a person who must activate two factors may still open: their account's own
# (allauth's, two factors included), the language switch, the health check.
OPEN_URL_NAMES = {"healthz", "set_language", "public_media"}
OPEN_URL_PREFIXES = ("account_", "mfa_")


def mfa_required(user) -> bool:
    """True when the user's roles oblige them to use two factors."""
    required = set(settings.AULA_MFA_REQUIRED_ROLES)
    if not required or not user.is_authenticated:
        return False
    if user.is_superuser and SUPERUSER in required:
        return True
    return bool(role_codes(user) & required)


def used_second_factor(request: HttpRequest, user) -> bool:
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


@receiver(user_logged_in, dispatch_uid="accounts_mfa_login")
def check_second_factor_at_login(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    request.session.pop(ENROL_KEY, None)
    request.session.pop(SKIPPED_KEY, None)
    if is_mfa_enabled(user):
        if not used_second_factor(request, user):
            request.session[SKIPPED_KEY] = True
    elif mfa_required(user):
        request.session[ENROL_KEY] = True


@receiver(authenticator_removed, dispatch_uid="accounts_mfa_removed")
def second_factor_removed(sender, request, user, authenticator, **kwargs):
    if request is not None and mfa_required(user) and not is_mfa_enabled(user):
        request.session[ENROL_KEY] = True


class SecondFactorMiddleware:
    """Acts on the flags set at login (after allauth's AccountMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        session = request.session
        if session.get(SKIPPED_KEY):
            logout(request)
            messages.warning(
                request,
                _(
                    "Il tuo account è protetto da due fattori: accedi di nuovo da questa "
                    "pagina e inserisci il codice dell'app di autenticazione."
                ),
            )
            return redirect(
                f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}"
            )
        if session.get(ENROL_KEY) and is_mfa_enabled(user):
            del session[ENROL_KEY]  # activated (on this page or another device)
        if session.get(ENROL_KEY) and not self._open(request):
            messages.warning(
                request,
                _(
                    "Il tuo ruolo richiede l'autenticazione a due fattori: attiva un'app di "
                    "autenticazione (per esempio FreeOTP, Google Authenticator o Microsoft "
                    "Authenticator) per continuare."
                ),
            )
            return redirect("mfa_activate_totp")
        return None

    @staticmethod
    def _open(request: HttpRequest) -> bool:
        match = request.resolver_match
        name = (match.url_name if match else None) or ""
        return name in OPEN_URL_NAMES or name.startswith(OPEN_URL_PREFIXES)
