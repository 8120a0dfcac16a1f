"""The audit log: each export is recorded, training managers read it, nobody edits it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from courses.models import Enrolment
from courses.services import enrolment_approve
from website.accounts.roles import Role
from website.accounts.services import affiliation_grant
from website.audit.models import AuditEntry
from website.audit.services import audit_record
from website.core.models import AppendOnlyError


@pytest.fixture
def entry(operator):
    return audit_record(actor=operator, action=AuditEntry.Action.EXPORT, target="Registro ED-1")


def test_register_and_participant_exports_are_recorded(
    client, training_manager, teacher, edition, place, operator
):
    place(operator, edition)
    edition.teachers.add(teacher)
    client.force_login(training_manager)
    for name in ("reports:edition_register_csv", "reports:edition_register_xlsx"):
        assert client.get(reverse(name, args=[edition.code])).status_code == 200
    client.force_login(teacher)
    assert client.get(reverse("courses:participants_csv", args=[edition.code])).status_code == 200
    kinds = list(
        AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT)
        .order_by("pk")
        .values_list("actor", "detail__kind", "detail__format")
    )
    assert kinds == [
        (training_manager.pk, "register", "csv"),
        (training_manager.pk, "register", "xlsx"),
        (teacher.pk, "participants", "csv"),
    ]


def test_a_refused_export_is_not_recorded(client, operator, edition):
    client.force_login(operator)
    assert client.get(reverse("reports:edition_register_csv", args=[edition.code])).status_code in (
        403,
        404,
    )
    assert not AuditEntry.objects.exists()


def test_enrolment_decisions_and_affiliation_changes_are_recorded(
    training_manager, edition, place, make_user, org
):
    person = make_user()
    enrolment = place(person, edition, status=Enrolment.Status.REQUESTED)
    enrolment_approve(enrolment=enrolment, by=training_manager)
    affiliation_grant(person=person, centre=org["sr1"], by=training_manager)
    entries = list(AuditEntry.objects.order_by("pk"))
    assert [entry.action for entry in entries] == [
        AuditEntry.Action.ENROLMENT_DECISION,
        AuditEntry.Action.AFFILIATION_CHANGE,
    ]
    assert all(entry.actor == training_manager for entry in entries)
    assert entries[1].detail["centre"] == "CPI Siracusa"
    assert person.first_name not in entries[0].target


def test_role_changes_in_the_admin_are_recorded(client, make_user):
    admin = make_user(superuser=True)
    person = make_user()
    client.force_login(admin)
    from website.accounts.roles import role_group

    group = role_group(Role.TEACHER)
    response = client.post(
        reverse("wagtailusers_users:edit", args=[person.pk]),
        {
            "email": person.email,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "language": "it",
            "is_active": "on",
            "groups": [group.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ROLE_CHANGE)
    assert entry.actor == admin and entry.detail["added"] == [group.name]


def test_training_managers_read_the_log_others_do_not(
    client, training_manager, operator, editor, entry
):
    client.force_login(training_manager)
    index = client.get(reverse("audit:index"))
    assert index.status_code == 200 and "Registro ED-1" in index.content.decode()
    assert client.get(reverse("audit:inspect", args=[entry.pk])).status_code == 200
    filtered = client.get(reverse("audit:index"), {"action": "import"})
    assert "Registro ED-1" not in filtered.content.decode()
    for someone in (operator, editor):
        client.force_login(someone)
        assert client.get(reverse("audit:index")).status_code in (302, 403)
        assert client.get(reverse("audit:inspect", args=[entry.pk])).status_code in (302, 403)


def test_nobody_edits_the_log_even_a_superuser_through_the_admin(client, make_user, entry):
    client.force_login(make_user(superuser=True))
    page = client.get(reverse("audit:index")).content.decode()
    assert "Registro ED-1" in page
    assert client.get(reverse("audit:inspect", args=[entry.pk])).status_code == 200
    for name, args in (("audit:add", []), ("audit:edit", [entry.pk]), ("audit:delete", [entry.pk])):
        try:
            url = reverse(name, args=args)
        except NoReverseMatch:
            continue
        assert client.get(url).status_code != 200
        assert client.post(url, {"target": "cambiato", "action": "import"}).status_code != 200
        assert f'href="{url}"' not in page
    entry.refresh_from_db()
    assert entry.target == "Registro ED-1" and entry.action == AuditEntry.Action.EXPORT
    assert AuditEntry.objects.count() == 1


def test_the_model_refuses_edits_and_deletes(entry):
    entry.target = "cambiato"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(target="cambiato")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


def test_certificate_zip_is_recorded_and_refusals_are_not(
    client, issue_certificate, training_manager, operator
):
    certificate = issue_certificate()
    url = reverse("certificate_issue:zip", args=[certificate.edition_id])
    client.force_login(operator)
    assert client.get(url).status_code != 200
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.DOWNLOAD).exists()
    client.force_login(training_manager)
    assert client.get(url).status_code == 200
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DOWNLOAD)
    assert entry.actor == training_manager
    assert entry.detail == {"kind": "certificates_zip", "edition": certificate.edition.code}


@pytest.mark.postgres
def test_postgresql_refuses_raw_edits_and_deletes_outside_the_retention_job(entry):
    from django.db import IntegrityError, transaction

    from website.core.retention import retention_purge

    for sql in (
        "UPDATE audit_auditentry SET target = 'riscritto'",
        "UPDATE audit_auditentry SET action = 'import', actor_id = NULL",
        "DELETE FROM audit_auditentry",
    ):
        with (
            pytest.raises(IntegrityError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET actor_id = NULL")
    entry.refresh_from_db()
    assert entry.actor is None and entry.target == "Registro ED-1"
    # The retention job's door through the registers does not open the audit log.
    with (
        pytest.raises(IntegrityError, match="append-only"),
        retention_purge(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditentry")
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_recording_an_act_writes_one_row_and_nothing_else(operator):
    """Every export writes an entry while someone waits for the file: one INSERT, no
    references for Wagtail's usage pages (AuditEntryViewSet.add_to_reference_index)."""
    reverse("wagtailadmin_home")  # the admin's URLs register the viewsets, as on a request
    with CaptureQueriesContext(connection) as queries:
        audit_record(actor=operator, action=AuditEntry.Action.EXPORT, target="Registro ED-2")
    assert [query["sql"].split()[0] for query in queries.captured_queries] == ["INSERT"]
