from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    default = True
    name = "website.accounts"
    label = "accounts"
    verbose_name = _("Persone e organizzazione")

    def ready(self):
        from . import backends, checks, mfa, signals, wagtail_permissions  # noqa: F401

        backends.connect_signals()
        wagtail_permissions.connect_signals()


class UsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app, with our user viewset (extra profile fields)."""

    default = False
    user_viewset = "website.accounts.viewsets.UserViewSet"
