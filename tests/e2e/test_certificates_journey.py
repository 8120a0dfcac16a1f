"""Certificates in a real browser: issued in the admin, downloaded by the holder, verified by anyone."""

import re

import pytest

from certificates import services
from certificates.models import Certificate
from tests.certificates import conftest as certificate_fixtures
from tests.conftest import PASSWORD

from .helpers import assert_accessible, in_thread, login

# The certificates tests' fixtures, shared with these browser tests.
_media_in_tmp = certificate_fixtures._media_in_tmp
attend = certificate_fixtures.attend
close_register = certificate_fixtures.close_register
closed_edition = certificate_fixtures.closed_edition
participant = certificate_fixtures.participant
template = certificate_fixtures.template

pytestmark = pytest.mark.browser


@pytest.fixture
def edition(live_url, closed_edition, participant, attend, template, operator, place):
    edition = closed_edition(days=2)
    place(operator, edition)
    attend(operator, edition, [5, 5])
    for hours in ([5, 4], [5, "absent"]):
        attend(participant(edition), edition, hours)
    return edition


def test_issued_in_the_admin_downloaded_by_the_holder_verified_by_anyone(
    new_page, edition, training_manager, operator, mailoutbox
):
    manager = new_page()
    login(manager, training_manager.email, PASSWORD)
    manager.goto("/admin/attestati/")
    manager.get_by_role("link", name=edition.code).click()
    assert "soddisfano la regola: 2" in manager.inner_text("main")
    manager.get_by_role("button", name="Rilascia gli attestati a 2 persone").click()
    manager.wait_for_url(re.compile(r"/admin/attestati/rilasci/\d+/$"))
    progress = manager.locator("progress")
    progress.wait_for()
    manager.wait_for_function(
        "() => { const bar = document.querySelector('progress');"
        " return bar.value === bar.max && bar.max === 2; }"
    )
    assert "Completata" in manager.inner_text("main")
    assert "2 di 2 · rilasciati: 2" in manager.inner_text("main")
    assert manager.javascript_errors == []
    assert {message.to[0] for message in mailoutbox} >= {operator.email}

    holder = new_page()
    login(holder, operator.email, PASSWORD)
    holder.goto("/la-mia-formazione/")
    panel = holder.locator("#attestati")
    assert "I miei attestati" in panel.inner_text()
    assert_accessible(holder, context="#attestati")
    certificate = Certificate.objects.get(user=operator)
    link = panel.get_by_role("link", name=re.compile("Scarica il PDF"))
    downloaded = holder.request.get(link.get_attribute("href"))
    assert downloaded.ok and downloaded.body().startswith(b"%PDF")
    assert downloaded.headers["content-type"] == "application/pdf"

    visitor = new_page()
    visitor.goto("/attestati/verifica/")
    assert_accessible(visitor)
    spaced = " ".join(certificate.code[i : i + 4] for i in range(0, 16, 4)).lower()
    visitor.get_by_label("Codice di verifica").fill(spaced)
    visitor.get_by_role("button", name="Verifica", exact=True).click()
    answer = visitor.locator("#answer-title")
    assert answer.inner_text() == "Attestato valido"
    assert operator.get_full_name() in visitor.inner_text("main")
    assert_accessible(visitor)

    visitor.get_by_label("Codice di verifica").fill("nessun codice")
    visitor.get_by_role("button", name="Verifica", exact=True).click()
    assert visitor.locator("#answer-title").inner_text() == "Codice sconosciuto"
    assert_accessible(visitor)

    in_thread(
        services.certificate_revoke,
        certificate=certificate,
        by=training_manager,
        reason="Registro corretto",
        notify=False,
    )
    visitor.goto(f"/attestati/verifica/{certificate.code}/")
    assert visitor.locator("#answer-title").inner_text() == "Attestato revocato"
    assert_accessible(visitor)
    holder.goto("/la-mia-formazione/")
    assert "Revocato" in holder.locator("#attestati").inner_text()
    assert_accessible(holder, context="#attestati")


def test_the_verification_form_says_what_is_missing_and_the_empty_panel_reads_well(
    new_page, operator
):
    visitor = new_page()
    visitor.goto("/attestati/verifica/")
    visitor.get_by_role("button", name="Verifica", exact=True).click()
    assert "Scrivi il codice stampato sull'attestato." in visitor.inner_text("main")
    assert_accessible(visitor)
    holder = new_page(width=360, height=740)
    login(holder, operator.email, PASSWORD)
    holder.goto("/la-mia-formazione/")
    assert "Non hai ancora attestati" in holder.locator("#attestati").inner_text()
    assert_accessible(holder, context="#attestati")
