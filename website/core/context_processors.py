from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from .generations import content_generation, rights_generation, user_generation
from .navigation import main_menu


def site_chrome(request):
    """The header's menu (from the page tree and the app sections' URL names) and links; the
    signed-in person's part of it is cached under their generation (``chrome_version``)."""
    user = getattr(request, "user", None)
    return {
        "chrome_version": SimpleLazyObject(
            lambda: (
                f"{user_generation(user.pk)}.{rights_generation()}"
                if user is not None and user.is_authenticated
                else 0
            )
        ),
        "chrome_seconds": settings.USER_CHROME_CACHE_SECONDS,
        # What cached fragments of the public pages are built from (core.generations).
        "content_version": SimpleLazyObject(content_generation),
        "fragment_seconds": settings.PAGE_CACHE_SECONDS,
        "main_navigation": SimpleLazyObject(lambda: main_menu(request)),
        "set_language_url": reverse("set_language"),
        "can_access_admin": SimpleLazyObject(
            lambda: request.user.has_perm("wagtailadmin.access_admin")
        ),
    }
