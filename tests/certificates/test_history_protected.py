"""A certificate's history is kept for good: its events are never edited or deleted, and
neither the certificate, its edition nor the people in its history can be deleted."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from certificates import services
from certificates.models import Certificate, CertificateEvent
from website.accounts.models import User
from website.accounts.roles import Role
from website.core.models import AppendOnlyError

pytestmark = pytest.mark.django_db


@pytest.fixture
def revoker(make_user):
    """A training manager whose only trace is a revocation."""
    return make_user(role=Role.TRAINING_MANAGER)


@pytest.fixture
def revoked(issue_certificate, revoker):
    """A certificate issued, then revoked by ``revoker``: two events."""
    certificate = issue_certificate()
    services.certificate_revoke(certificate=certificate, by=revoker, reason="Errore", notify=False)
    return Certificate.objects.get(pk=certificate.pk)


def history(certificate):
    return list(certificate.events.order_by("pk").values_list("pk", "kind", "by", "reason"))


def test_the_events_cannot_be_edited_or_deleted_in_bulk(revoked):
    before = history(revoked)
    assert [kind for _pk, kind, _by, _reason in before] == ["issued", "revoked"]
    with pytest.raises(AppendOnlyError):
        CertificateEvent.objects.filter(certificate=revoked).delete()
    with pytest.raises(AppendOnlyError):
        revoked.events.update(reason="riscritta")
    assert history(revoked) == before


def test_the_person_who_revoked_cannot_be_deleted(revoked, revoker):
    before = history(revoked)
    with pytest.raises(ProtectedError):
        revoker.delete()
    with pytest.raises(ProtectedError):
        User.objects.filter(pk=revoker.pk).delete()
    assert history(revoked) == before
    assert before[-1][2] == revoker.pk


def test_the_certificate_its_edition_and_holder_stay(revoked):
    before = history(revoked)
    for delete in (revoked.edition.delete, revoked.course.delete, revoked.user.delete):
        with pytest.raises(ProtectedError):
            delete()
    assert Certificate.objects.filter(pk=revoked.pk).exists()
    assert history(revoked) == before


def test_the_admin_refuses_to_delete_the_revoker_or_a_used_template(
    client, revoked, revoker, make_user
):
    admin = make_user(superuser=True)
    template = revoked.template_version.template
    before = history(revoked)
    client.force_login(admin)
    for url in (
        reverse("wagtailusers_users:delete", args=[revoker.pk]),
        reverse("certificate_templates:delete", args=[template.pk]),
    ):
        response = client.post(url, follow=True)
        assert response.status_code == 200
        (message,) = [str(message) for message in response.context["messages"]]
        assert "non si può eliminare" in message
    assert User.objects.filter(pk=revoker.pk).exists()
    assert type(template).objects.filter(pk=template.pk).exists()
    assert history(revoked) == before


@pytest.mark.postgres
def test_postgresql_refuses_raw_edits_and_deletes(revoked):
    before = history(revoked)
    for sql in (
        "UPDATE certificates_certificateevent SET reason = 'riscritta'",
        "DELETE FROM certificates_certificateevent",
        "DELETE FROM certificates_certificate",
    ):
        with (
            pytest.raises(IntegrityError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert history(revoked) == before
    assert Certificate.objects.filter(pk=revoked.pk).exists()
