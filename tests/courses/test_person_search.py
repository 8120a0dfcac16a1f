"""Manual enrolment: finding a person by name, surname, email or centre, then enrolling them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Enrolment
from website.accounts.roles import Role
from website.accounts.selectors import people_search


@pytest.fixture
def people(make_user, org):
    return {
        "rossi": make_user(
            role=Role.OPERATOR,
            centre=org["pa1"],
            first_name="Maria",
            last_name="Rossi",
            email="m.rossi@regione.example",
        ),
        "russo": make_user(
            role=Role.OPERATOR,
            centre=org["sr1"],
            first_name="Giuseppe",
            last_name="Russo",
            email="g.russo@regione.example",
        ),
        "gone": make_user(
            role=Role.OPERATOR,
            centre=org["pa1"],
            first_name="Ada",
            last_name="Rossi",
            email="a.rossi@regione.example",
            is_active=False,
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("rossi", ["rossi"]),  # the surname; the inactive Ada Rossi is not offered
        ("MARIA", ["rossi"]),  # the name, any case
        ("g.russo@", ["russo"]),  # part of the email
        ("siracusa", ["russo"]),  # the centre's name
        ("CPI-T-PA01", ["rossi"]),  # the centre's code
        ("regione.example", ["rossi", "russo"]),
        ("rossi siracusa", []),  # every word must match
        ("   ", []),
    ],
)
def test_people_are_found_by_any_of_their_details(people, query, expected):
    assert people_search(query) == [people[key] for key in expected]


def test_the_page_lists_who_matches_and_who_is_already_enrolled(
    client, training_manager, edition, people, place
):
    place(people["russo"], edition)
    client.force_login(training_manager)
    url = reverse("editions:enrol_person", args=[edition.pk])

    page = client.get(url, {"q": "regione"}).content.decode()

    assert "Rossi Maria" in page and "Russo Giuseppe" in page
    assert "Iscrivi Maria Rossi" in page
    assert "Iscrivi Giuseppe Russo" not in page and "Già iscritta all'edizione" in page
    assert "a.rossi@regione.example" not in page


def test_enrolling_a_found_person_takes_one_click(client, training_manager, edition, people):
    client.force_login(training_manager)
    url = reverse("editions:enrol_person", args=[edition.pk])

    response = client.post(url, {"email": people["rossi"].email})

    assert response.status_code == 302
    enrolment = Enrolment.objects.get(edition=edition)
    assert enrolment.user == people["rossi"] and enrolment.status == Enrolment.Status.APPROVED


def test_nobody_found_says_so_and_a_long_query_is_cut(client, training_manager, edition, people):
    client.force_login(training_manager)
    url = reverse("editions:enrol_person", args=[edition.pk])

    page = client.get(url, {"q": "nessuno" + "x" * 500}).content.decode()

    assert "Nessuna persona attiva corrisponde" in page
    assert "x" * 101 not in page


def test_the_search_costs_the_same_with_more_people(
    client, training_manager, edition, make_user, org
):
    client.force_login(training_manager)
    url = reverse("editions:enrol_person", args=[edition.pk])
    make_user(role=Role.OPERATOR, centre=org["pa1"], last_name="Bianchi")
    client.get(url, {"q": "bianchi"})  # warm the session and the menus
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"q": "bianchi"})
    for _ in range(30):
        make_user(role=Role.OPERATOR, centre=org["pa2"], last_name="Bianchi")
    with CaptureQueriesContext(connection) as many:
        page = client.get(url, {"q": "bianchi"}).content.decode()
    assert len(many) == len(few)
    assert "Sono mostrate le prime 20 persone" in page


def test_a_teacher_may_not_search_or_enrol(client, teacher, edition, people):
    client.force_login(teacher)
    url = reverse("editions:enrol_person", args=[edition.pk])

    assert client.get(url, {"q": "rossi"}).status_code in (302, 403)
    client.post(url, {"email": people["rossi"].email})
    assert not Enrolment.objects.exists()
