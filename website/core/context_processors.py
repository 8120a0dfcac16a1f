from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

# The main navigation: (label, URL name). Every section is a Django app or a
# Wagtail index page; the "current" marker comes from the path prefix.
MAIN_NAVIGATION = [
    (_("Notizie"), "/notizie/"),
    (_("Normativa"), "/normativa/"),
    (_("Corsi"), "/corsi/"),
    (_("Forum"), "/forum/"),
    (_("Risorse"), "/risorse/"),
    (_("Verifica attestato"), "/attestati/verifica/"),
]


def site_chrome(request):
    path = request.path
    return {
        "main_navigation": [
            {"label": label, "url": url, "current": path.startswith(url)}
            for label, url in MAIN_NAVIGATION
        ],
        "set_language_url": reverse("set_language"),
        "can_access_admin": SimpleLazyObject(
            lambda: request.user.has_perm("wagtailadmin.access_admin")
        ),
    }
