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
