from django.utils import translation
from django.utils.cache import patch_vary_headers

from .i18n import language_for_request


class LanguageMiddleware:
    """Activates the person's language without a URL prefix (see core.i18n)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_for_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


HEALTHZ_PATH = "/healthz"


class HealthCheckMiddleware:
    """Answers ``GET /healthz`` before the sessions, language, messages and accounts layers.

    A load balancer asks it every few seconds; the middlewares above this one (security
    headers, X-Frame-Options, the Content-Security-Policy) still wrap its response. The
    URL configuration keeps the same address for ``reverse("healthz")`` and other methods.
    """

    def __init__(self, get_response):
        from .views import healthz

        self.get_response = get_response
        self.healthz = healthz

    def __call__(self, request):
        if request.path_info == HEALTHZ_PATH and request.method in ("GET", "HEAD"):
            return self.healthz(request)
        return self.get_response(request)
