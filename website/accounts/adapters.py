from dataclasses import dataclass
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from website.core.links import on_site_origin, site_netloc, site_origin
from website.core.models import SiteIdentity


@dataclass(frozen=True)
class EmailSite:
    """What allauth's templates read as ``current_site``: the platform, not the Site record."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # A new account speaks the language its owner signed up in.
        user.language = getattr(request, "LANGUAGE_CODE", user.language)
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # allauth builds its links (confirmation, reset, sign-up) on the request's host and
        # port and names Django's Site record: every email speaks for SITE_URL instead.
        context = {
            key: on_site_origin(value)
            if key.endswith("_url") and isinstance(value, str) and "://" in value
            else value
            for key, value in context.items()
        }
        context.update(
            current_site=EmailSite(name=settings.WAGTAIL_SITE_NAME, domain=site_netloc()),
            site_name=settings.WAGTAIL_SITE_NAME,
            site_url=site_origin(),
            site_owner=SiteIdentity.load().owner_name,
        )
        super().send_mail(template_prefix, email, context)
