"""Wagtail's document URLs, answering the same for a missing document and a refused one.

Wagtail answers 404 for a document that does not exist and lets the
``before_serve_document`` hooks (the resources' audience check) send an
anonymous visitor to the login page for one that does: the difference told
anyone which document numbers exist. Here a missing document, or a name that
does not match it, gets the refusal a protected one gets.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path, re_path
from wagtail.documents import get_document_model
from wagtail.documents.views import serve

from .access import deny


def serve_document(request: HttpRequest, document_id: str, document_filename: str) -> HttpResponse:
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None or document.filename != document_filename:
        return deny(request)
    return serve.serve(request, document_id, document_filename)


# The names Wagtail reverses (Document.url, the password form).
urlpatterns = [
    re_path(r"^(\d+)/(.*)$", serve_document, name="wagtaildocs_serve"),
    path(
        "authenticate_with_password/<int:restriction_id>/",
        serve.authenticate_with_password,
        name="wagtaildocs_authenticate_with_password",
    ),
]
