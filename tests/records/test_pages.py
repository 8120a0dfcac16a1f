"""Who sees what: another person's record and declarations are 404; managers see their centre."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from records.models import ExternalTraining, Statement

from .test_declarations import make_declaration

pytestmark = pytest.mark.django_db


def test_another_persons_declaration_and_evidence_are_404(
    client, operator, colleague, other_manager, cluster_lead, coach
):
    declaration = make_declaration(operator)
    for stranger in (colleague, other_manager, cluster_lead, coach):
        client.force_login(stranger)
        for name in ("declaration", "declaration_evidence", "declaration_change"):
            assert client.get(reverse(f"records:{name}", args=[declaration.pk])).status_code == 404
        response = client.post(
            reverse("records:declaration_decide", args=[declaration.pk]), {"action": "approve"}
        )
        assert response.status_code == 404
    declaration.refresh_from_db()
    assert declaration.status == ExternalTraining.Status.PENDING


def test_the_owner_and_their_manager_see_the_declaration(client, operator, centre_manager):
    declaration = make_declaration(operator)
    client.force_login(operator)
    page = client.get(reverse("records:declaration", args=[declaration.pk]))
    assert page.status_code == 200
    assert "Approva" not in page.content.decode()
    evidence = client.get(reverse("records:declaration_evidence", args=[declaration.pk]))
    assert evidence["Content-Type"] == "application/pdf"
    assert evidence["X-Content-Type-Options"] == "nosniff"
    client.force_login(centre_manager)
    page = client.get(reverse("records:declaration", args=[declaration.pk]))
    assert "Approva" in page.content.decode()
    response = client.post(
        reverse("records:declaration_decide", args=[declaration.pk]), {"action": "return"}
    )
    declaration.refresh_from_db()
    assert declaration.status == ExternalTraining.Status.PENDING  # no reason, nothing changed
    client.post(
        reverse("records:declaration_decide", args=[declaration.pk]),
        {"action": "approve", "next": "approvals"},
    )
    declaration.refresh_from_db()
    assert declaration.status == ExternalTraining.Status.APPROVED
    assert response.status_code == 302


def test_anonymous_people_go_to_the_login_page(client, operator):
    declaration = make_declaration(operator)
    for url in (
        reverse("records:declare"),
        reverse("records:declaration", args=[declaration.pk]),
        reverse("records:approvals"),
        reverse("records:centre", args=["CPI-T-PA01", 2026]),
        reverse("records:overview", args=[2026]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url


def test_the_training_record_page_shows_the_year_to_whoever_sees_it(
    client, operator, colleague, centre_manager
):
    make_declaration(operator, title="Corso di Syllabus")
    url = reverse("reports:training_record", args=[operator.pk]) + "?anno=2026"
    client.force_login(operator)
    page = client.get(url).content.decode()
    assert 'id="ore-annuali"' in page and "Corso di Syllabus" in page
    assert 'role="progressbar"' in page
    client.force_login(centre_manager)
    assert "Corso di Syllabus" in client.get(url).content.decode()
    client.force_login(colleague)
    assert client.get(url).status_code == 404
    # A year out of range is ignored (the current year is shown), never an error.
    client.force_login(operator)
    assert client.get(url.replace("2026", "99999")).status_code == 200


def test_the_centre_view_is_for_its_managers_and_training_managers(
    client, operator, colleague, centre_manager, other_manager, cluster_lead, training_manager
):
    url = reverse("records:centre", args=["CPI-T-PA01", 2026])
    for person, status in (
        (operator, 404),
        (other_manager, 404),
        (cluster_lead, 404),
        (centre_manager, 200),
        (training_manager, 200),
    ):
        client.force_login(person)
        assert client.get(url).status_code == status, person
    assert client.get(reverse("records:centre", args=["NESSUNO", 2026])).status_code == 404
    assert client.get(reverse("records:centre", args=["CPI-T-PA01", 1900])).status_code == 404


def test_the_centre_exports(client, operator, centre_manager, external):
    external(operator, date(2026, 5, 1), hours="12.5")
    client.force_login(centre_manager)
    response = client.get(reverse("records:centre_csv", args=["CPI-T-PA01", 2026]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    mine = next(row for row in rows if row[0] == operator.last_name)
    assert mine[3:5] == ["40", "12,5"]
    response = client.get(reverse("records:centre_xlsx", args=["CPI-T-PA01", 2026]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [row for row in sheet.iter_rows(values_only=True) if row[0] == operator.last_name]
    assert float(values[0][4]) == 12.5


def test_the_overview_is_scoped(client, operator, coach, cluster_lead, training_manager, org):
    url = reverse("records:overview", args=[2026])
    client.force_login(operator)
    assert client.get(url).status_code == 404
    client.force_login(cluster_lead)
    page = client.get(url).content.decode()
    assert "CPI Palermo Centro" in page and "CPI Siracusa" not in page
    client.force_login(coach)
    assert "CPI Siracusa" not in client.get(url).content.decode()
    client.force_login(training_manager)
    page = client.get(url).content.decode()
    assert "CPI Siracusa" in page and "<svg" in page


def test_approvals_list_for_managers_only(client, operator, colleague, centre_manager):
    make_declaration(operator, title="Da decidere")
    client.force_login(colleague)
    assert client.get(reverse("records:approvals")).status_code == 404
    client.force_login(centre_manager)
    assert "Da decidere" in client.get(reverse("records:approvals")).content.decode()


def test_the_statement_is_issued_frozen_downloaded_and_verified(
    client, operator, colleague, external
):
    external(operator, date(2026, 5, 1), hours="12")
    client.force_login(operator)
    response = client.post(reverse("records:statement_issue", args=[2026]))
    assert response.status_code == 302
    statement = Statement.objects.get()
    assert statement.snapshot["hours"] == "12.0"
    pdf = client.get(reverse("records:statement_pdf", args=[statement.code]))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    statement.year = 2025
    with pytest.raises(ValueError):
        statement.save()
    # Frozen: later training does not change the issued statement.
    external(operator, date(2026, 6, 1), hours="8")
    statement.refresh_from_db()
    assert statement.snapshot["hours"] == "12.0"
    client.force_login(colleague)
    assert client.get(reverse("records:statement_pdf", args=[statement.code])).status_code == 404
    client.logout()
    answer = client.get(reverse("records:verify_code", args=[statement.code.lower()]))
    assert "Dichiarazione autentica" in answer.content.decode()
    unknown = client.get(reverse("records:verify") + "?code=ZZZZ")
    assert "Nessuna dichiarazione" in unknown.content.decode()


def test_a_statement_for_a_future_year_is_refused(client, operator):
    client.force_login(operator)
    client.post(reverse("records:statement_issue", args=[2099]))
    assert not Statement.objects.exists()


def test_the_statement_is_in_the_persons_language(operator, external):
    from pypdf import PdfReader

    from records import services

    operator.language = "en"
    operator.save(update_fields=["language"])
    external(operator, date(2026, 5, 1))
    statement = services.statement_issue(user=operator, year=2026, today=date(2026, 6, 1))
    text = PdfReader(statement.pdf.open("rb")).pages[0].extract_text()
    assert statement.language == "en"
    assert "2026" in text


def test_the_organiser_confirms_event_attendance(
    client, operator, colleague, training_manager, event_page
):
    from website.cms.models import EventRegistration

    event = event_page(date.today())
    EventRegistration.objects.create(event=event, user=operator)
    url = reverse("records:event_attendance", args=[event.pk])
    client.force_login(operator)
    assert client.get(url).status_code == 404
    client.force_login(training_manager)
    # Someone not registered cannot be confirmed.
    response = client.post(url, {"hours": "3", "people": [colleague.pk]})
    assert response.status_code == 400
    response = client.post(url, {"hours": "3", "people": [operator.pk]})
    assert response.status_code == 302
    assert event.confirmed_attendances.get().user == operator
    # Again: nothing new.
    client.post(url, {"hours": "3", "people": [operator.pk]})
    assert event.confirmed_attendances.count() == 1


def test_an_event_with_confirmed_attendance_is_not_deleted(
    client, operator, confirmed_event, make_user
):
    from wagtail.models import Page

    from website.accounts.roles import Role

    attendance = confirmed_event(operator, date.today())
    admin = make_user(role=Role.EDITOR_IN_CHIEF, superuser=True)
    client.force_login(admin)
    response = client.post(reverse("wagtailadmin_pages:delete", args=[attendance.event_id]))
    assert response.status_code == 302
    assert Page.objects.filter(pk=attendance.event_id).exists()
