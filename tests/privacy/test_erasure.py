"""Erasure: the account's personal data go, the posts stay under "Utente rimosso", the
registers and certificates stay under a pseudonym until the retention job removes them."""

import io
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from attendance.models import AttendanceRecord
from certificates.models import Certificate
from courses.models import Enrolment
from forums.models import ForumProfile, Post
from tests.conftest import PASSWORD
from website.accounts.models import AffiliationRequest, User
from website.audit.models import AuditEntry
from website.cms.models import PageFeedback
from website.privacy import services
from website.privacy.models import Erasure


@pytest.fixture
def anna(full_person):
    return full_person(marker="Anna")


def _erase(client, who, committed, **data):
    client.force_login(who)
    with committed():
        return client.post(
            reverse("privacy:erasure"), {"password": PASSWORD, "confirm": "on", **data}
        )


def _database_text() -> str:
    out = io.StringIO()
    call_command(
        "dumpdata",
        stdout=out,
        # reports.reportaccess is a database view over the other tables, not a table;
        # forums.postsearchentry is SQLite's full-text index over the posts' own text (no
        # table at all on PostgreSQL), so the posts dumped here already hold what it reads.
        exclude=[
            "sessions",
            "contenttypes",
            "auth.permission",
            "reports.reportaccess",
            "forums.postsearchentry",
        ],
    )
    return out.getvalue()


def test_erasure_leaves_the_promised_minimum_and_nothing_else(client, anna, committed):
    person, certificate = anna["person"], anna["certificate"]
    old_email, pdf_name, old_fiscal_code = person.email, certificate.pdf.name, person.fiscal_code
    assert old_fiscal_code
    records = AttendanceRecord.objects.filter(user=person).count()
    response = _erase(client, person, committed)
    assert response.status_code == 302
    person.refresh_from_db()
    erasure = Erasure.objects.get(person=person)
    # The account: no name, no address, no login, no roles.
    assert (person.first_name, person.last_name, person.job_title, person.centre) == (
        "",
        "",
        "",
        None,
    )
    assert person.email == f"{erasure.pseudonym.lower()}@rimosso.invalid"
    assert not person.is_active and not person.has_usable_password()
    assert not person.groups.exists()
    assert not EmailAddress.objects.filter(user=person).exists()
    assert person.fiscal_code == ""
    assert not SocialAccount.objects.filter(user=person).exists()
    assert not AffiliationRequest.objects.filter(person=person).exists()
    assert not ForumProfile.objects.filter(user=person).exists()
    assert not PageFeedback.objects.filter(user=person).exists()
    # Kept for the funders, under the pseudonym.
    assert AttendanceRecord.objects.filter(user=person).count() == records == 2
    assert Enrolment.objects.filter(user=person).exists()
    certificate.refresh_from_db()
    assert certificate.snapshot["holder"] == {"name": erasure.pseudonym, "centre": ""}
    assert certificate.credential == "" and not certificate.pdf
    assert not certificate.__class__.pdf.field.storage.exists(pdf_name)
    assert Post.objects.filter(author=person).exists()
    years = services.retention_years()
    assert abs(
        erasure.keep_until - (erasure.erased_at + timedelta(days=365.25 * years))
    ) < timedelta(days=1)
    # Nothing else anywhere names the person.
    text = _database_text()
    for trace in (
        old_email,
        "NomeAnna",
        "CognomeAnna",
        "Commento Anna",
        old_fiscal_code,
        "sub-Anna",
    ):
        assert trace not in text, trace
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.ERASURE, target=erasure.pseudonym
    ).exists()


def test_the_forum_shows_utente_rimosso(client, anna, committed, operator):
    topic = anna["topic"]
    _erase(client, anna["person"], committed)
    client.force_login(operator)
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "Utente rimosso" in page
    assert "NomeAnna" not in page
    assert "Messaggio scritto da Anna" in page


def test_the_certificate_still_verifies_under_the_pseudonym(client, anna, committed):
    certificate = anna["certificate"]
    _erase(client, anna["person"], committed)
    erasure = Erasure.objects.get()
    page = client.get(reverse("certificates:verify_code", args=[certificate.code])).content.decode()
    assert erasure.pseudonym in page
    assert "NomeAnna" not in page


def test_the_erased_account_cannot_log_in(client, anna, committed):
    email = anna["person"].email
    _erase(client, anna["person"], committed)
    client.logout()
    assert not client.login(email=email, password=PASSWORD)
    assert "_auth_user_id" not in client.session


def test_wrong_password_or_no_confirmation_erases_nothing(client, anna):
    person = anna["person"]
    client.force_login(person)
    wrong = client.post(reverse("privacy:erasure"), {"password": "sbagliata", "confirm": "on"})
    assert wrong.status_code == 200 and "La password non è corretta" in wrong.content.decode()
    unconfirmed = client.post(reverse("privacy:erasure"), {"password": PASSWORD})
    assert unconfirmed.status_code == 200
    empty = client.post(reverse("privacy:erasure"), {})
    assert empty.status_code == 200
    person.refresh_from_db()
    assert person.erased_at is None and person.is_active and person.first_name == "NomeAnna"
    assert not Erasure.objects.exists()


def test_only_the_signed_in_person_is_erased(client, anna, operator, committed):
    _erase(client, operator, committed, person=anna["person"].pk)
    anna["person"].refresh_from_db()
    assert anna["person"].erased_at is None
    assert User.objects.get(pk=operator.pk).erased_at is not None


def test_anonymous_and_superuser(client, make_user):
    response = client.post(reverse("privacy:erasure"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    admin = make_user(superuser=True)
    client.force_login(admin)
    response = client.post(
        reverse("privacy:erasure"), {"password": PASSWORD, "confirm": "on"}, follow=True
    )
    assert "Un amministratore non può cancellare" in response.content.decode()
    admin.refresh_from_db()
    assert admin.erased_at is None and admin.is_active


def test_retention_job_deletes_after_the_period(anna, committed, client):
    person = anna["person"]
    _erase(client, person, committed)
    erasure = Erasure.objects.get()
    assert services.retention_purge(now=erasure.keep_until - timedelta(days=1)) == []
    with committed():
        purged = services.retention_purge(now=erasure.keep_until + timedelta(days=1))
    assert purged == [erasure.pseudonym]
    assert not User.objects.filter(pk=person.pk).exists()
    assert not AttendanceRecord.objects.filter(user_id=person.pk).exists()
    assert not Certificate.objects.filter(user_id=person.pk).exists()
    erasure.refresh_from_db()
    assert erasure.person is None and erasure.purged_at is not None
    # The forum posts stay, still without a name.
    assert Post.objects.filter(topic=anna["topic"], author__isnull=True).exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.RETENTION).count() == 1
    assert services.retention_purge(now=timezone.now() + timedelta(days=365 * 50)) == []
