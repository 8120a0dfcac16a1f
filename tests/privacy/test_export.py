"""A person's copy of their data: every kind of record they have, and nobody else's."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD
from website.audit.models import AuditEntry
from website.privacy import services
from website.privacy.models import PersonalDataExport

KINDS = {
    "profilo",
    "appartenenze",
    "iscrizioni",
    "presenze",
    "attestati",
    "forum_messaggi",
    "valutazioni",
    "formazione_esterna",
    "accessi_istituzionali",
}


def _archive(client, export):
    response = client.get(reverse("privacy:export_download", args=[export.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


@pytest.fixture
def two_people(full_person):
    return full_person(marker="Anna"), full_person(marker="Bruno")


def _request(client, person, committed):
    client.force_login(person)
    with committed():
        response = client.post(reverse("privacy:export_request"))
    assert response.status_code == 302
    return PersonalDataExport.objects.get(person=person)


def test_the_copy_holds_every_kind_of_record_and_nobody_elses(client, two_people, committed):
    anna, bruno = two_people[0]["person"], two_people[1]["person"]
    export = _request(client, anna, committed)
    assert export.status == PersonalDataExport.Status.READY
    package = _archive(client, export)
    names = set(package.namelist())
    for kind in KINDS:
        assert f"json/{kind}.json" in names
        assert f"csv/{kind}.csv" in names
        rows = json.loads(package.read(f"json/{kind}.json"))
        assert rows, f"{kind} is empty"
    everything = "".join(package.read(name).decode("utf-8-sig") for name in names)
    assert anna.email in everything
    assert "Messaggio scritto da Anna" in everything
    assert "Commento Anna" in everything
    assert "Corso esterno Anna" in everything
    assert two_people[0]["certificate"].grouped_code in everything
    for trace in (bruno.email, "Bruno", two_people[1]["certificate"].grouped_code):
        assert trace not in everything
    index = json.loads(package.read("indice.json"))
    assert index["person_id"] == anna.pk
    assert index["kinds"]["presenze"] == 2


def test_the_request_and_the_download_are_audited(client, two_people, committed):
    anna = two_people[0]["person"]
    export = _request(client, anna, committed)
    _archive(client, export)
    steps = [
        entry.detail["step"]
        for entry in AuditEntry.objects.filter(action=AuditEntry.Action.PERSONAL_EXPORT).order_by(
            "pk"
        )
    ]
    assert steps == ["requested", "downloaded"]
    assert set(AuditEntry.objects.values_list("actor", flat=True).distinct()) >= {anna.pk}


def test_someone_else_gets_not_found(client, two_people, committed, make_user):
    export = _request(client, two_people[0]["person"], committed)
    client.force_login(two_people[1]["person"])
    assert client.get(reverse("privacy:export_download", args=[export.pk])).status_code == 404
    client.force_login(make_user(superuser=True))
    assert client.get(reverse("privacy:export_download", args=[export.pk])).status_code == 404
    client.logout()
    response = client.get(reverse("privacy:export_download", args=[export.pk]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_bad_input_and_expiry(client, two_people, committed):
    anna = two_people[0]["person"]
    client.force_login(anna)
    assert client.get(reverse("privacy:export_download", args=[999999])).status_code == 404
    assert client.get(reverse("privacy:export_request")).status_code == 405
    export = _request(client, anna, committed)
    PersonalDataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now())
    assert client.get(reverse("privacy:export_download", args=[export.pk])).status_code == 404
    stored = export.file.name
    with committed():
        assert services.exports_expire() == 1
    assert not PersonalDataExport.objects.filter(pk=export.pk).exists()
    assert not export.file.storage.exists(stored)


def test_one_copy_at_a_time(client, operator):
    client.force_login(operator)
    client.post(reverse("privacy:export_request"))  # queued: the task waits for the commit
    response = client.post(reverse("privacy:export_request"), follow=True)
    assert PersonalDataExport.objects.filter(person=operator).count() == 1
    assert "già in preparazione" in response.content.decode()
    page = client.get(reverse("privacy:my_data")).content.decode()
    assert 'http-equiv="refresh"' in page
    assert "<progress" in page


def test_the_profile_links_to_my_data(client, operator):
    client.force_login(operator)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("privacy:my_data") in page
    assert PASSWORD  # the shared password the erasure tests confirm with


def test_the_jobs_run_on_a_schedule():
    from website.core.periodic import registered_jobs

    jobs = registered_jobs()
    assert jobs["website.privacy.periodic.expire_personal_data_exports"].every == timedelta(hours=1)
    assert jobs["website.privacy.periodic.purge_after_retention"].every == timedelta(days=1)


def test_the_demo_operator_has_a_copy_ready_and_seeding_again_changes_nothing(make_user):
    from demo import privacy as demo_privacy

    operator = make_user(email="operatore@aula.example")
    messages = []
    demo_privacy.seed(scale=1, log=messages.append)
    demo_privacy.seed(scale=1, log=messages.append)
    export = PersonalDataExport.objects.get(person=operator)
    assert export.status == PersonalDataExport.Status.READY and export.file
    assert export.expires_at > timezone.now() + timedelta(days=300)
    assert len(messages) == 1
