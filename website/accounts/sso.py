"""Institutional login: what an identity provider says about a person, and what Aula does with it.

allauth's OpenID Connect and SAML providers authenticate the person; the apps are built
from the environment (website/settings/sso.py). Each app's ``attribute_mapping`` names
the claim or attribute holding the name, surname, e-mail, fiscal code and office code.

- A first login shows the sign-up form (allauth's social sign-up, with Aula's fields:
  the centre, the privacy notice) filled in with what the provider sent; its address is
  trusted as verified. When the provider sends an office whose code is a centre's, the
  form does not ask for the centre: the provider's word is the confirmed affiliation.
- A later login finds the account by the provider's identifier and brings the fiscal
  code and the office up to date.
- An account with the same address or fiscal code that is not yet connected is not
  taken over: the person is told to log in as usual and connect the provider from their
  account (unless AULA_SSO_CONNECT_BY_EMAIL lets the address find it).
"""

import logging
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.forms import SignupForm
from allauth.socialaccount.models import SocialLogin
from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import fiscal_code, services
from .models import EmploymentCentre, User

logger = logging.getLogger("aula.security")

CONNECT = "connect"


@dataclass(frozen=True)
class Identity:
    """What the identity provider asserted, through the app's attribute mapping."""

    first_name: str = ""
    last_name: str = ""
    email: str = ""
    fiscal_code: str = ""
    office: str = ""
    centre: EmploymentCentre | None = None


def _claims(extra_data: Any) -> dict[str, Any]:
    """The provider's data as one flat dict: OIDC's ID token and userinfo (which wins), or
    SAML's attributes (each a list of values)."""
    if not isinstance(extra_data, dict):
        return {}
    if "userinfo" in extra_data or "id_token" in extra_data:
        return {**(extra_data.get("id_token") or {}), **(extra_data.get("userinfo") or {})}
    return extra_data


def _value(claims: dict[str, Any], name: str | None) -> str:
    if not name:
        return ""
    value = claims.get(name)
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    return str(value).strip() if value is not None else ""


def identity_of(sociallogin: SocialLogin) -> Identity:
    mapping: dict[str, str] = sociallogin.provider.app.settings.get("attribute_mapping", {})
    claims = _claims(sociallogin.account.extra_data)
    raw_code = _value(claims, mapping.get("fiscal_code"))
    code = fiscal_code.normalise(raw_code)
    if code and not fiscal_code.is_valid(code):
        logger.warning(
            "Institutional login through %s: the fiscal code sent is not valid and was ignored",
            sociallogin.provider.name,
        )
        code = ""
    office = _value(claims, mapping.get("office"))
    centre = EmploymentCentre.objects.filter(code__iexact=office).first() if office else None
    if office and centre is None:
        logger.warning(
            "Institutional login through %s: office %r is no centre's code",
            sociallogin.provider.name,
            office,
        )
    return Identity(
        first_name=_value(claims, mapping.get("first_name")),
        last_name=_value(claims, mapping.get("last_name")),
        email=_value(claims, mapping.get("email")).lower(),
        fiscal_code=code,
        office=office,
        centre=centre,
    )


def _refuse(request: HttpRequest, message: str) -> None:
    messages.error(request, message)
    raise ImmediateHttpResponse(redirect("account_login"))


class InstitutionalLoginAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request: HttpRequest, sociallogin: SocialLogin, data):
        user = super().populate_user(request, sociallogin, data)
        identity = identity_of(sociallogin)
        if identity.first_name:
            user.first_name = identity.first_name
        if identity.last_name:
            user.last_name = identity.last_name
        if identity.email and identity.email not in {a.email for a in sociallogin.email_addresses}:
            # A mapping that names another claim than OpenID Connect's "email".
            sociallogin.email_addresses.insert(
                0,
                EmailAddress(
                    email=identity.email,
                    verified=self.is_email_verified(sociallogin.provider, identity.email),
                    primary=True,
                ),
            )
        if identity.email:
            user.email = identity.email
        user.fiscal_code = identity.fiscal_code
        user.language = getattr(request, "LANGUAGE_CODE", user.language)
        return user

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        identity = identity_of(sociallogin)
        if sociallogin.is_existing:
            if sociallogin.user.erased_at is None:
                services.institutional_identity_apply(
                    person=sociallogin.user,
                    fiscal_code=identity.fiscal_code,
                    centre=identity.centre,
                )
                # allauth saves this instance again when it connects the identity.
                sociallogin.user.refresh_from_db(fields=["fiscal_code", "centre"])
            return
        connecting = sociallogin.state.get("process") == CONNECT
        others = User.objects.all()
        if connecting and request.user.pk is not None:
            others = others.exclude(pk=request.user.pk)
        if identity.fiscal_code and others.filter(fiscal_code=identity.fiscal_code).exists():
            logger.warning(
                "Institutional login through %s refused: another account has the fiscal code",
                sociallogin.provider.name,
            )
            _refuse(
                request,
                _(
                    "Il codice fiscale comunicato da %(provider)s appartiene a un account già "
                    "registrato. Se è il tuo, accedi con email e password e collega l'accesso "
                    "istituzionale dal profilo («Accessi istituzionali collegati»); altrimenti "
                    "rivolgiti alla gestione della formazione."
                )
                % {"provider": sociallogin.provider.name},
            )
        if connecting:
            return
        emails = {a.email.lower() for a in sociallogin.email_addresses} | {identity.email}
        emails.discard("")
        if (
            emails
            and User.objects.filter(
                Q(email__in=emails) | Q(emailaddress__email__in=emails)
            ).exists()
        ):
            _refuse(
                request,
                _(
                    "Esiste già un account con l'indirizzo comunicato da %(provider)s. Accedi "
                    "con email e password, poi collega l'accesso istituzionale dal profilo "
                    "(«Accessi istituzionali collegati»): dalla volta successiva basterà il "
                    "pulsante."
                )
                % {"provider": sociallogin.provider.name},
            )


class InstitutionalSignupForm(SignupForm):
    """The first institutional login's form: allauth's social sign-up with Aula's fields.

    The centre is not asked when the provider sent a known office code.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.identity = identity_of(self.sociallogin)
        if self.identity.centre is not None:
            del self.fields["centre"]

    def signup(self, request, user):
        if self.identity.centre is not None:
            self.cleaned_data["centre"] = None
        super().signup(request, user)
        services.institutional_identity_apply(
            person=user, fiscal_code=self.identity.fiscal_code, centre=self.identity.centre
        )
