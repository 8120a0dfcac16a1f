from django.conf import settings
from django.utils import translation

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def remember_language(request, response, language):
    """Switch to ``language`` now, for this browser and, when logged in, for the account."""
    if language not in SUPPORTED:
        return
    translation.activate(language)
    request.LANGUAGE_CODE = language
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def language_for_request(request):
    """The browser's explicit choice, else the account's, else Italian.

    The browser's Accept-Language header is ignored on purpose: the platform
    speaks Italian unless a person asks otherwise.
    """
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in SUPPORTED:
        return chosen
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language in SUPPORTED:
        return user.language
    return settings.LANGUAGE_CODE
