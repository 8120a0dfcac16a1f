from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from .navigation import main_menu


def site_chrome(request):
    """The header's menu (from the page tree and the app sections' URL names) and links."""
    return {
        "main_navigation": SimpleLazyObject(lambda: main_menu(request)),
        "set_language_url": reverse("set_language"),
        "can_access_admin": SimpleLazyObject(
            lambda: request.user.has_perm("wagtailadmin.access_admin")
        ),
    }
