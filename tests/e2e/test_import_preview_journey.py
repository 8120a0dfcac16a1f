"""The enrolment import in a real browser: a training manager uploads a file with several kinds
of line, reads the preview's counts, confirms, and the result says the same numbers."""

import re

import pytest

from courses.models import Course, Edition, Enrolment
from tests.conftest import PASSWORD
from website.accounts.models import User
from website.accounts.roles import Role

from .helpers import assert_accessible, login

pytestmark = pytest.mark.browser

IMPORT_URL = "/admin/formazione/iscrizioni/importa/"


@pytest.fixture
def situation(live_url, make_edition, programme, make_user, place, org):
    """An open edition, a full one of another course, people with and without accounts."""
    other = Course.objects.create(programme=programme, code="UD2", title="Politiche", slug="ud2")
    open_edition = make_edition(code="AC1-PA-01", capacity=10)
    full = make_edition(course=other, code="AC2-PA-01", capacity=1)
    people = {
        name: make_user(
            role=Role.OPERATOR,
            email=f"{name}@example.org",
            first_name=name.title(),
            centre=org["pa1"],
        )
        for name in ("anna", "bruno", "carla")
    }
    place(people["bruno"], open_edition)  # already placed
    place(make_user(), full)  # the only place
    return {"open": open_edition, "full": full, "people": people}


FILE = (
    "email;nome;cognome;centro;edizione\n"
    "anna@example.org;;;;AC1-PA-01\n"  # an account: the email is enough → a place
    "bruno@example.org;Bruno;Rossi;CPI-T-PA01;AC1-PA-01\n"  # already placed → nothing
    "dora.nuova@example.org;Dora;Nuova;CPI-T-PA02;ac1-pa-01\n"  # new person → account, place
    "dora.nuova@example.org;Dora;Nuova;CPI-T-PA02;AC1-PA-01\n"  # the same line again → nothing
    "carla@example.org;;;;AC2-PA-01\n"  # the edition is full → waiting list
)


def _summary(text, marker):
    text = " ".join(text.split())
    return re.search(re.escape(marker) + r" ([^.]*)\.", text).group(1)


def test_the_result_says_what_the_preview_promised(new_page, situation, training_manager):
    page = new_page()
    login(page, training_manager.email, PASSWORD)
    page.goto(IMPORT_URL)
    page.get_by_label("File CSV o XLSX").set_input_files(
        {"name": "iscrizioni.csv", "mimeType": "text/csv", "buffer": FILE.encode()}
    )
    page.get_by_role("button", name="Mostra l'anteprima").click()
    page.wait_for_load_state()
    preview = page.inner_text("main")
    promised = _summary(preview, "Confermando, l'importazione farà:")
    assert promised == (
        "2 posti confermati, 1 persona in lista d'attesa, 1 account nuovo, 2 righe senza modifiche"
    )
    assert "Ripete una riga precedente: nessuna modifica" in preview
    assert "Persona già registrata: messa in lista d'attesa (edizione al completo)" in preview
    assert Enrolment.objects.filter(source="import").count() == 0  # the preview wrote nothing
    assert_accessible(page, context="section[aria-labelledby=preview-title]")

    page.get_by_role("button", name="Conferma e importa").click()
    page.wait_for_load_state()
    done = _summary(page.inner_text("main"), "Importazione completata:")
    assert done == promised
    assert Enrolment.objects.filter(source="import", status="approved").count() == 2
    assert Enrolment.objects.filter(source="import", status="waitlisted").count() == 1
    assert User.objects.filter(email="dora.nuova@example.org").exists()
    assert Edition.objects.get(pk=situation["open"].pk).code == "AC1-PA-01"
    assert page.javascript_errors == []
