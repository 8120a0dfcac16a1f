"""The register's hours on a phone: a text field with a decimal keypad, read the same in both
languages ("3,5" and "3.5" are three hours and a half, never 35), shown back as typed."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from attendance.models import AttendanceRecord

pytestmark = pytest.mark.django_db


def _post(client, running, person, hours):
    code, today = running["edition"].code, running["today"].pk
    data = {}
    for someone in running["people"]:
        data[f"status_{someone.pk}"] = "present"
        data[f"hours_{someone.pk}"] = ""
    data[f"status_{person.pk}"] = "left_early"
    data[f"hours_{person.pk}"] = hours
    return client.post(f"/presenze/{code}/giornate/{today}/", data)


@pytest.mark.parametrize("language", ["it", "en"])
@pytest.mark.parametrize("typed", ["3,5", "3.5", " 3,5 "])
def test_half_hours_are_read_in_either_notation_and_language(
    client, running, teacher, typed, language
):
    bruno = running["people"][1]
    teacher.language = language  # the language the teacher reads the site in
    teacher.save(update_fields=["language"])
    client.force_login(teacher)
    response = _post(client, running, bruno, typed)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert AttendanceRecord.objects.get(user=bruno).hours == Decimal("3.5")


def test_the_field_is_a_decimal_text_field_showing_the_italian_comma(client, running, teacher):
    bruno = running["people"][1]
    client.force_login(teacher)
    _post(client, running, bruno, "3,5")
    code, today = running["edition"].code, running["today"].pk
    page = BeautifulSoup(client.get(f"/presenze/{code}/giornate/{today}/").content, "html.parser")
    field = page.select_one(f"input[name=hours_{bruno.pk}]")
    assert (field["type"], field["inputmode"], field["value"]) == ("text", "decimal", "3,5")


@pytest.mark.parametrize("typed", ["3,5,1", "tre", "1e309", "3,55"])
def test_what_is_not_an_hour_count_is_refused_and_nothing_saved(client, running, teacher, typed):
    bruno = running["people"][1]
    client.force_login(teacher)
    response = _post(client, running, bruno, typed)
    assert response.status_code == 200
    assert "Il registro non è stato salvato" in response.content.decode()
    assert not AttendanceRecord.objects.exists()
