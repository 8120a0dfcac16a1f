"""Certificate files carry the same protective headers as every other protected file."""

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_pdf_is_private_unsniffed_and_named(client, issue_certificate):
    certificate = issue_certificate()
    client.login(email=certificate.user.email, password=PASSWORD)
    response = client.get(f"/attestati/{certificate.pk}/attestato.pdf")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        f'inline; filename="attestato-{certificate.grouped_code}.pdf"'
    )
    assert "Content-Security-Policy" not in response  # the browser's PDF viewer must open it


def test_the_editions_zip_is_never_cached(client, issue_certificate, training_manager):
    certificate = issue_certificate()
    client.force_login(training_manager)
    response = client.get(f"/admin/attestati/edizioni/{certificate.edition_id}/attestati.zip")
    assert response.status_code == 200
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
