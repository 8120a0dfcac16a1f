"""Who may download, issue, revoke and reissue: holders their own, training managers the rest."""

import io
import zipfile

import pytest

from certificates import services
from certificates.models import Certificate, IssueRun
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(closed_edition, participant, attend, template, training_manager):
    edition = closed_edition(days=2)
    holders = [participant(edition) for _ in range(2)]
    for person in holders:
        attend(person, edition, [5, 5])
    services.certificates_issue_edition(edition=edition, by=training_manager, notify=False)
    return edition, holders


def logged_in(client, user):
    client.login(email=user.email, password=PASSWORD)
    return client


def test_holders_download_their_own_pdf_and_credential(client, issued):
    _edition, (holder, _other) = issued
    certificate = Certificate.objects.get(user=holder)
    logged_in(client, holder)
    pdf = client.get(f"/attestati/{certificate.pk}/attestato.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert "private" in pdf["Cache-Control"]
    credential = client.get(f"/attestati/{certificate.pk}/credenziale.jwt")
    assert credential.status_code == 200
    assert credential.content.decode() == certificate.credential
    assert "attachment" in credential["Content-Disposition"]


def test_nobody_else_gets_a_persons_certificate(client, issued, make_user, centre_manager):
    _edition, (holder, other) = issued
    certificate = Certificate.objects.get(user=holder)
    for path in (
        f"/attestati/{certificate.pk}/attestato.pdf",
        f"/attestati/{certificate.pk}/credenziale.jwt",
    ):
        anonymous = client.get(path)
        assert anonymous.status_code == 302 and "/account/login/" in anonymous["Location"]
        for stranger in (other, make_user(), centre_manager):
            assert logged_in(client, stranger).get(path).status_code == 404
            client.logout()
    assert logged_in(client, other).get("/attestati/999999/attestato.pdf").status_code == 404


def test_a_revoked_certificate_is_no_longer_the_holders_to_download(
    client, issued, training_manager
):
    _edition, (holder, _other) = issued
    certificate = Certificate.objects.get(user=holder)
    services.certificate_revoke(
        certificate=certificate, by=training_manager, reason="Errore", notify=False
    )
    assert (
        logged_in(client, holder).get(f"/attestati/{certificate.pk}/attestato.pdf").status_code
        == 404
    )
    client.logout()
    manager = logged_in(client, training_manager)
    assert manager.get(f"/attestati/{certificate.pk}/attestato.pdf").status_code == 200


def test_training_managers_download_an_editions_zip(client, issued, training_manager):
    edition, _holders = issued
    response = logged_in(client, training_manager).get(
        f"/admin/attestati/edizioni/{edition.pk}/attestati.zip"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = sorted(archive.namelist())
    codes = sorted(Certificate.objects.filter(edition=edition).values_list("code", flat=True))
    assert len(names) == 2 and all(name.endswith(".pdf") for name in names)
    assert sorted(name[-20:-4] for name in names) == codes
    assert all(archive.read(name).startswith(b"%PDF") for name in names)


@pytest.mark.parametrize("who", ["operator", "teacher", "editor", "centre_manager"])
def test_only_training_managers_issue_revoke_reissue_or_download_zips(
    client, issued, who, request, make_user
):
    edition, (holder, _other) = issued
    certificate = Certificate.objects.get(user=holder)
    late = make_user()
    user = request.getfixturevalue(who)
    logged_in(client, user)
    pages = [
        "/admin/attestati/",
        f"/admin/attestati/edizioni/{edition.pk}/",
        f"/admin/attestati/edizioni/{edition.pk}/attestati.zip",
        f"/admin/attestati/{certificate.pk}/",
        f"/admin/attestati/{certificate.pk}/revoca/",
        f"/admin/attestati/{certificate.pk}/riemissione/",
        "/admin/attestati/elenco/",
    ]
    for path in pages:
        assert client.get(path).status_code in (302, 403), path
    posts = [
        (f"/admin/attestati/edizioni/{edition.pk}/rilascia/", {}),
        (f"/admin/attestati/edizioni/{edition.pk}/rilascia-una-persona/", {"user": late.pk}),
        (f"/admin/attestati/{certificate.pk}/revoca/", {"reason": "Revoca non autorizzata"}),
        (f"/admin/attestati/{certificate.pk}/riemissione/", {"reason": "Non autorizzata"}),
    ]
    for path, data in posts:
        assert client.post(path, data).status_code in (302, 403), path
    certificate.refresh_from_db()
    assert certificate.status == "valid"
    assert Certificate.objects.count() == 2 and not IssueRun.objects.exists()
