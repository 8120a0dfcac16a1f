"""The completion matrix: teachers see their editions, training managers all; filters; exports."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from learning.models import ActivityCompletion
from tests.breadcrumbs import trail

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(online, edition, place, make_user, org):
    first = make_user(centre=org["pa1"], last_name="Amato", first_name="Rosa")
    second = make_user(centre=org["pa2"], last_name="=Bruno", first_name="Carlo")
    place(first, edition)
    place(second, edition)
    for activity in (online["page"], online["video"], online["forum"]):
        ActivityCompletion.objects.create(user=first, activity=activity, state="viewed")
    ActivityCompletion.objects.create(user=first, activity=online["link"], state="done")
    return first, second


def url(edition, **query):
    return reverse("learning:matrix", args=[edition.code])


def test_teacher_of_the_edition_and_training_manager_see_it(
    client, people, edition, teacher, training_manager
):
    edition.teachers.add(teacher)
    for person in (teacher, training_manager):
        client.force_login(person)
        response = client.get(url(edition))
        assert response.status_code == 200
        assert "Amato Rosa" in response.text and "4 / 4" in response.text
        assert "0 / 4" in response.text


def test_others_get_404(client, people, edition, make_user, make_edition, course, operator):
    from website.accounts.roles import Role

    other_teacher = make_user(role=Role.TEACHER)
    make_edition().teachers.add(other_teacher)
    for person in (other_teacher, operator, people[0]):
        client.force_login(person)
        assert client.get(url(edition)).status_code == 404
        export = reverse("learning:matrix_export", args=[edition.code, "csv"])
        assert client.get(export).status_code == 404
    client.logout()
    assert client.get(url(edition)).status_code == 302


def test_filters_by_status_and_centre(client, people, edition, training_manager, org):
    client.force_login(training_manager)
    html = client.get(url(edition), {"stato": "complete"}).text
    assert "Amato Rosa" in html and "Bruno" not in html
    html = client.get(url(edition), {"stato": "not_started"}).text
    assert "Amato Rosa" not in html and "Bruno" in html
    html = client.get(url(edition), {"centro": org["pa2"].pk}).text
    assert "Amato Rosa" not in html and "Bruno" in html


@pytest.mark.parametrize("query", [{"stato": "boh"}, {"centro": "abc"}, {"centro": "999999"}])
def test_bad_filters_say_so(client, people, edition, training_manager, query):
    client.force_login(training_manager)
    response = client.get(url(edition), query)
    assert response.status_code == 400
    assert "alert-danger" in response.text
    export = reverse("learning:matrix_export", args=[edition.code, "csv"])
    assert client.get(export, query).status_code == 400


def test_csv_and_xlsx_exports(client, people, edition, training_manager):
    client.force_login(training_manager)
    response = client.get(reverse("learning:matrix_export", args=[edition.code, "csv"]))
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="completamento-{edition.code}.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Cognome", "Nome", "Centro per l'impiego"]
    assert rows[0][3] == "Leggi la lezione"
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Amato"][3:] == ["completata"] * 4 + ["4", "4"]
    assert "'=Bruno" in by_name  # a formula is never exported as one
    response = client.get(
        reverse("learning:matrix_export", args=[edition.code, "xlsx"]), {"stato": "complete"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert len(values) == 2 and values[1][0] == "Amato"
    assert (
        client.get(reverse("learning:matrix_export", args=[edition.code, "pdf"])).status_code == 404
    )


def test_the_teachers_edition_page_links_the_matrix(client, people, edition, teacher):
    edition.teachers.add(teacher)
    client.force_login(teacher)
    html = client.get(reverse("courses:teaching_edition", args=[edition.code])).text
    assert reverse("learning:matrix", args=[edition.code]) in html


def test_the_matrix_has_the_sites_one_breadcrumb_trail(client, people, edition, teacher):
    edition.teachers.add(teacher)
    client.force_login(teacher)
    assert trail(client.get(url(edition))) == [
        ("Home", "/"),
        ("La mia formazione", reverse("courses:dashboard")),
        ("Le mie docenze", reverse("courses:teaching")),
        (edition.code, None),
    ]
