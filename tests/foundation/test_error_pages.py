"""The site's own error pages, in the reader's language (the demo shows them too: DEBUG off)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import permission_denied, server_error

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "language, expected", [("it", "Pagina non trovata"), ("en", "Page not found")]
)
def test_not_found_in_both_languages(client, settings, language, expected):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/non-esiste/")
    assert response.status_code == 404
    text = response.content.decode()
    assert expected in text
    assert "Using the URLconf" not in text  # never Django's technical page


@pytest.mark.parametrize("language", ["it", "en"])
def test_not_allowed_and_server_error_in_both_languages(language):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with translation.override(language):
        denied = permission_denied(request, exception=None)
        failed = server_error(request)
    assert denied.status_code == 403 and failed.status_code == 500
    assert ("Accesso non consentito" if language == "it" else "Access denied") in (
        denied.content.decode()
    )
    assert "Something went wrong" in failed.content.decode()
