"""System checks: the signing key must be a usable Ed25519 key."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

from .credentials import parse_private_key, parse_public_key


@register(Tags.security)
def signing_key_check(app_configs, **kwargs):
    problems = []
    if settings.CERTIFICATES_SIGNING_KEY:
        try:
            parse_private_key(settings.CERTIFICATES_SIGNING_KEY)
        except ImproperlyConfigured as error:
            problems.append(Error(str(error), id="certificates.E001"))
    for value in settings.CERTIFICATES_PREVIOUS_PUBLIC_KEYS:
        try:
            parse_public_key(value)
        except ValueError:
            problems.append(
                Error(
                    "CERTIFICATES_PREVIOUS_PUBLIC_KEYS holds a value that is not a raw "
                    "Ed25519 public key in base64url.",
                    id="certificates.E002",
                )
            )
    return problems
