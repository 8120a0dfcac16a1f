"""The yearly record in a real browser: the operator declares external training with a PDF,
the manager approves it, the progress bar and the centre view change, the yearly statement
downloads and verifies; axe-core finds nothing on the way."""

import re

import pytest
from django.utils import timezone

from records.models import ExternalTraining, Statement
from tests.conftest import PASSWORD
from tests.records import conftest as records_fixtures

from .helpers import assert_accessible, login

_media_in_tmp = records_fixtures._media_in_tmp
pytestmark = pytest.mark.browser


def progress(page) -> str:
    return page.locator("#ore-annuali [role=progressbar]").get_attribute("aria-valuenow")


def test_declare_approve_progress_statement(new_page, live_url, operator, centre_manager):
    today = timezone.localdate()
    year = today.year
    record_url = f"/report/persone/{operator.pk}/?anno={year}"

    person = new_page()
    login(person, operator.email, PASSWORD)
    person.goto(record_url)
    assert progress(person) == "0"
    assert_accessible(person)
    person.get_by_role("link", name="Dichiara una formazione esterna").first.click()
    assert_accessible(person)
    person.get_by_label("Titolo del corso o dell'attività").fill(
        "Privacy nei servizi per l'impiego"
    )
    person.locator("#id_provider").fill("Syllabus")
    person.locator("#id_starts_on").fill(today.isoformat())
    person.locator("#id_ends_on").fill(today.isoformat())
    person.locator("#id_hours").fill("8")
    person.get_by_label("Attestato (PDF)").set_input_files(
        {
            "name": "attestato.pdf",
            "mimeType": "application/pdf",
            "buffer": records_fixtures.pdf_bytes(),
        }
    )
    person.get_by_role("button", name="Invia la dichiarazione").click()
    person.wait_for_url(re.compile(r"/ore-formazione/esterna/\d+/$"))
    assert "In attesa di approvazione" in person.inner_text("main")
    assert_accessible(person)

    manager = new_page()
    login(manager, centre_manager.email, PASSWORD)
    manager.goto("/ore-formazione/approvazioni/")
    assert_accessible(manager)
    manager.get_by_role("link", name="Privacy nei servizi per l'impiego").click()
    manager.get_by_role("button", name="Approva").click()
    manager.wait_for_load_state()
    assert ExternalTraining.objects.get().status == ExternalTraining.Status.APPROVED
    manager.goto(f"/ore-formazione/centri/{operator.centre.code}/{year}/")
    row = manager.get_by_role("row", name=re.compile(operator.last_name))
    assert "8" in row.inner_text()
    assert_accessible(manager)

    person.goto(record_url)
    assert progress(person) == "20"  # 8 of 40 hours
    person.get_by_role("button", name="Emetti la dichiarazione annuale (PDF)").click()
    person.wait_for_load_state()
    statement = Statement.objects.get()
    link = person.get_by_role("link", name="Scarica il PDF")
    downloaded = person.request.get(link.get_attribute("href"))
    assert downloaded.ok and downloaded.body().startswith(b"%PDF")
    assert_accessible(person)

    visitor = new_page()
    visitor.goto("/ore-formazione/verifica/")
    visitor.get_by_label("Codice di verifica").fill(statement.code.lower())
    visitor.get_by_role("button", name="Verifica", exact=True).click()
    assert "Dichiarazione autentica" in visitor.inner_text("main")
    assert_accessible(visitor)
    assert person.javascript_errors == [] and manager.javascript_errors == []
