"""Training managers keep the registers from the Wagtail admin: list, grid, days, history, closing."""

from datetime import datetime, timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.utils import timezone

from attendance import services
from attendance.models import AttendanceChange, AttendanceRecord, RegisterEvent
from attendance.selectors import register_is_closed
from website.accounts.roles import Role, role_group

pytestmark = pytest.mark.django_db

ADMIN = "/admin/presenze/registri/"


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def during(day):
    """A moment while ``day`` is on: its marks are due by then, whatever the hour the suite runs."""
    return timezone.make_aware(datetime.combine(day.date, day.starts_at)) + timedelta(hours=1)


def fill(running, teacher):
    for day in running["days"]:
        services.day_mark_all_present(session=day, by=teacher)


def test_training_managers_hold_the_register_permissions():
    group = role_group(Role.TRAINING_MANAGER)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"change_attendancerecord", "view_attendancechange", "add_registerclosure"} <= codenames
    for role in Role:
        if role != Role.TRAINING_MANAGER:
            other = role_group(role).permissions
            assert not other.filter(content_type__app_label="attendance").exists(), role


def test_the_menu_and_the_list_of_registers(client, running, training_manager):
    client.force_login(training_manager)
    home = client.get("/admin/").content.decode()
    assert "Registri delle presenze" in home and "Report" in home
    page = soup(client.get(ADMIN))
    assert running["edition"].code in page.select_one("table.listing").get_text()
    searched = soup(client.get(ADMIN + "?q=nessuna"))
    assert not searched.select("table.listing")


def test_the_admin_grid_day_form_and_history(client, running, training_manager):
    code = running["edition"].code
    client.force_login(training_manager)
    day = running["today"]
    with time_machine.travel(during(day), tick=False):
        page = soup(client.get(f"{ADMIN}{code}/"))
    assert len(page.select("table.register-grid tbody tr")) == 3
    assert "9 presenze da segnare" in page.get_text()
    amato = running["people"][0]
    data = {f"status_{p.pk}": "present" for p in running["people"]}
    data[f"status_{amato.pk}"] = "late"
    data[f"hours_{amato.pk}"] = "7"
    response = client.post(f"{ADMIN}{code}/giornate/{day.pk}/", data)
    assert "non più delle 5" in response.content.decode()
    assert not AttendanceRecord.objects.exists()
    data[f"hours_{amato.pk}"] = "4,5"
    response = client.post(f"{ADMIN}{code}/giornate/{day.pk}/", data)
    assert response.status_code == 302
    assert AttendanceRecord.objects.get(user=amato).hours == 4.5
    history = soup(client.get(f"{ADMIN}{code}/storico/"))
    assert len(history.select("table.register-history tbody tr")) == 3


def test_closing_and_reopening_from_the_admin(client, running, teacher, training_manager):
    code = running["edition"].code
    client.force_login(training_manager)
    response = client.post(f"{ADMIN}{code}/chiudi/", {"reason": ""}, follow=True)
    assert "Mancano 9 presenze" in response.content.decode()
    assert not register_is_closed(running["edition"])
    fill(running, teacher)
    client.post(f"{ADMIN}{code}/chiudi/", {"reason": "Registro verificato"})
    assert register_is_closed(running["edition"])
    response = client.post(f"{ADMIN}{code}/riapri/", {"reason": ""}, follow=True)
    assert "Motivo della riapertura" in response.content.decode()
    assert register_is_closed(running["edition"])
    client.post(f"{ADMIN}{code}/riapri/", {"reason": "Ore del secondo giorno da rivedere"})
    assert not register_is_closed(running["edition"])
    events = list(RegisterEvent.objects.order_by("at", "pk").values_list("action", "reason"))
    assert events == [
        ("closed", "Registro verificato"),
        ("reopened", "Ore del secondo giorno da rivedere"),
    ]
    history = soup(client.get(f"{ADMIN}{code}/storico/")).get_text()
    assert "Registro riaperto" in history and "Ore del secondo giorno da rivedere" in history


def test_a_closed_register_in_the_admin_asks_for_a_reason(
    client, running, teacher, training_manager
):
    fill(running, teacher)
    services.register_close(edition=running["edition"], by=training_manager)
    code, day = running["edition"].code, running["today"]
    data = {f"status_{p.pk}": "present" for p in running["people"]}
    data[f"status_{running['people'][0].pk}"] = "absent"
    client.force_login(training_manager)
    response = client.post(f"{ADMIN}{code}/giornate/{day.pk}/", data)
    assert response.status_code == 200
    assert not AttendanceRecord.objects.filter(status="absent").exists()
    client.post(f"{ADMIN}{code}/giornate/{day.pk}/", {**data, "reason": "Errore di trascrizione"})
    change = AttendanceChange.objects.order_by("-pk").first()
    assert (change.status, change.reason) == ("absent", "Errore di trascrizione")


@pytest.mark.parametrize("role", [Role.EDITOR, Role.TEACHER, Role.OPERATOR])
def test_other_roles_cannot_use_the_admin_registers(client, running, make_user, role):
    person = make_user(role=role)
    running["edition"].teachers.add(person)
    client.force_login(person)
    code, day = running["edition"].code, running["today"]
    for url in (
        ADMIN,
        f"{ADMIN}{code}/",
        f"{ADMIN}{code}/storico/",
        f"{ADMIN}{code}/giornate/{day.pk}/",
    ):
        assert client.get(url).status_code in (302, 403), url
    assert client.post(f"{ADMIN}{code}/chiudi/").status_code in (302, 403)
    assert client.get("/admin/report/").status_code in (302, 403)
    assert not RegisterEvent.objects.exists()
