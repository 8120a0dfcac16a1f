"""Declaring external training, deciding it, its history; bad input changes nothing."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from records import selectors, services
from records.models import ExternalTraining, ExternalTrainingEvent
from website.core.exceptions import Refused
from website.core.models import AppendOnlyError

from .conftest import pdf_upload

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "title": "Anticorruzione e trasparenza",
        "provider": "Syllabus",
        "starts_on": "2026-02-02",
        "ends_on": "2026-02-06",
        "hours": "8",
    }
    data.update(overrides)
    return data


def post_declaration(client, **overrides):
    data = form_data(**overrides)
    if "evidence_file" not in data:
        data["evidence_file"] = pdf_upload()
    return client.post(reverse("records:declare"), data)


def test_a_person_declares_with_a_pdf_and_their_manager_is_told(
    client, operator, centre_manager, django_capture_on_commit_callbacks
):
    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_declaration(client)
    declaration = ExternalTraining.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("records:declaration", args=[declaration.pk])
    assert declaration.status == ExternalTraining.Status.PENDING
    assert declaration.evidence_file.read().startswith(b"%PDF")
    assert [event.action for event in declaration.events.all()] == ["declared"]
    assert [message.to for message in mail.outbox] == [[centre_manager.email]]
    assert selectors.person_year(operator, 2026).pending_count == 1


@pytest.mark.parametrize(
    "overrides",
    [
        {"evidence_file": SimpleUploadedFile("finto.pdf", b"MZ\x90\x00 not a pdf")},
        {"evidence_file": SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64)},
        {"evidence_file": ""},  # neither a file nor a credential
        {"credential": "eyJ.abc.def"},  # both
        {"ends_on": "2026-01-01"},  # before the start
        {"ends_on": (date.today() + timedelta(days=30)).isoformat()},  # not finished yet
        {"hours": "0"},
        {"hours": "5000"},
        {"hours": "abc"},
        {"hours": "NaN"},
        {"title": ""},
        {"title": "x" * 201},
        {"starts_on": "31/02/2026"},
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(client, operator, overrides):
    client.force_login(operator)
    response = post_declaration(client, **overrides)
    assert response.status_code == 400
    assert ExternalTraining.objects.count() == 0
    assert b"alert" in response.content or b"invalid-feedback" in response.content


def make_declaration(person, **fields):
    return services.declaration_create(
        user=person,
        title=fields.get("title", "Corso esterno"),
        provider="Formez PA",
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 3, 2),
        hours=Decimal(fields.get("hours", "6")),
        evidence_file=_checked(),
        today=date(2026, 4, 1),
    )


def _checked():
    from website.core.uploads import POLICIES, TRAINING_EVIDENCE, check_upload

    return check_upload(pdf_upload(), POLICIES[TRAINING_EVIDENCE])


def test_the_manager_approves_and_the_hours_count(operator, centre_manager):
    declaration = make_declaration(operator)
    services.declaration_approve(declaration=declaration, user=centre_manager)
    declaration.refresh_from_db()
    assert declaration.status == ExternalTraining.Status.APPROVED
    assert declaration.decided_by == centre_manager
    assert selectors.person_year(operator, 2026).hours == Decimal("6")


def test_sending_back_needs_a_reason_and_the_person_corrects_it(operator, centre_manager):
    declaration = make_declaration(operator)
    with pytest.raises(Refused):
        services.declaration_return(declaration=declaration, user=centre_manager, reason="  ")
    services.declaration_return(
        declaration=declaration, user=centre_manager, reason="Manca il numero di ore nel PDF"
    )
    declaration.refresh_from_db()
    assert declaration.status == ExternalTraining.Status.RETURNED
    services.declaration_update(
        declaration=declaration,
        user=operator,
        title="Corso esterno",
        provider="Formez PA",
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 3, 2),
        hours=Decimal("5"),
        today=date(2026, 4, 1),
    )
    declaration.refresh_from_db()
    assert declaration.status == ExternalTraining.Status.PENDING
    history = list(declaration.events.values_list("action", "reason"))
    assert history == [
        ("declared", ""),
        ("returned", "Manca il numero di ore nel PDF"),
        ("changed", ""),
    ]
    assert declaration.events.last().details == {"hours": ["6.0", "5.0"]}


def test_nobody_approves_their_own_declaration(centre_manager, training_manager, make_user):
    own = make_declaration(centre_manager)
    with pytest.raises(Refused, match="propria"):
        services.declaration_approve(declaration=own, user=centre_manager)
    trainer_own = make_declaration(training_manager)
    with pytest.raises(Refused, match="propria"):
        services.declaration_approve(declaration=trainer_own, user=training_manager)
    # Someone else with the right decides it.
    services.declaration_approve(declaration=own, user=training_manager)


def test_self_approval_through_the_page_is_404(client, centre_manager):
    own = make_declaration(centre_manager)
    client.force_login(centre_manager)
    response = client.post(
        reverse("records:declaration_decide", args=[own.pk]), {"action": "approve"}
    )
    assert response.status_code == 404
    own.refresh_from_db()
    assert own.status == ExternalTraining.Status.PENDING


def test_a_manager_of_another_centre_cannot_decide(operator, other_manager):
    declaration = make_declaration(operator)
    with pytest.raises(Refused):
        services.declaration_approve(declaration=declaration, user=other_manager)


def test_a_decided_declaration_is_not_decided_again(operator, centre_manager):
    declaration = make_declaration(operator)
    services.declaration_approve(declaration=declaration, user=centre_manager)
    with pytest.raises(Refused):
        services.declaration_return(declaration=declaration, user=centre_manager, reason="No")
    with pytest.raises(Refused):
        services.declaration_update(
            declaration=declaration,
            user=operator,
            title="Altro",
            provider="Altro",
            starts_on=date(2026, 3, 1),
            ends_on=date(2026, 3, 2),
            hours=Decimal("40"),
        )


def test_the_history_is_append_only(operator):
    declaration = make_declaration(operator)
    event = declaration.events.get()
    event.reason = "riscritto"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        ExternalTrainingEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        ExternalTrainingEvent.objects.update(reason="x")


def test_withdrawn_declarations_never_count(operator):
    declaration = make_declaration(operator)
    services.declaration_withdraw(declaration=declaration, user=operator)
    record = selectors.person_year(operator, 2026)
    assert (record.hours, record.pending_count) == (0, 0)
