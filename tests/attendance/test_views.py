"""The register's pages: who sees them, what they show, what the forms accept."""

from datetime import datetime, time
from decimal import Decimal

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.utils import timezone

from attendance import checkin, services
from attendance.models import AttendanceChange, AttendanceRecord
from attendance.services import Mark
from website.accounts.roles import Role

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def urls(running):
    code, today = running["edition"].code, running["today"].pk
    return {
        "register": f"/presenze/{code}/",
        "day": f"/presenze/{code}/giornate/{today}/",
        "all_present": f"/presenze/{code}/giornate/{today}/tutti-presenti/",
        "history": f"/presenze/{code}/storico/",
        "code": f"/presenze/{code}/giornate/{today}/codice/",
        "code_json": f"/presenze/{code}/giornate/{today}/codice.json",
    }


def day_post(running, **overrides):
    data = {}
    for person in running["people"]:
        data[f"status_{person.pk}"] = "present"
        data[f"hours_{person.pk}"] = ""
    data.update(overrides)
    return data


def test_the_grid_shows_every_person_and_day_with_totals_and_the_threshold(
    client, running, teacher
):
    amato, bruno, caruso = running["people"]
    first = running["days"][0]
    services.day_mark(
        session=first,
        marks=[Mark(amato.pk, "present"), Mark(bruno.pk, "late", "2.5"), Mark(caruso.pk, "absent")],
        by=teacher,
    )
    client.force_login(teacher)
    page = soup(client.get(urls(running)["register"]))
    rows = page.select("table.register-grid tbody tr")
    assert [row.th.get_text(" ", strip=True).split(" CPI")[0] for row in rows] == [
        "Amato Anna",
        "Bruno Anna",
        "Caruso Anna",
    ]
    cells = [cell.get_text(" ", strip=True) for cell in rows[1].select("td.register-cell")]
    assert cells == ["R 2,5", "· da segnare", "· da segnare"]
    assert "2,5 ore su 15 (16,7%)" in rows[1].select_one(".register-total").get_text(" ")
    assert "Soglia per l'attestato: 70% delle ore (10,5 ore)" in page.caption.get_text()
    assert page.select_one(f"#giorno-{first.pk} a")["href"].endswith(f"/giornate/{first.pk}/")


def test_the_day_form_saves_marks_and_shows_them_in_the_history(client, running, teacher):
    bruno = running["people"][1]
    client.force_login(teacher)
    response = client.post(
        urls(running)["day"],
        day_post(running, **{f"status_{bruno.pk}": "left_early", f"hours_{bruno.pk}": "3,5"}),
    )
    assert response.status_code == 302
    assert AttendanceRecord.objects.get(user=bruno).hours == Decimal("3.5")
    assert AttendanceRecord.objects.filter(status="present").count() == 2
    history = soup(client.get(urls(running)["history"])).select("table.register-history tbody tr")
    assert len(history) == 3
    assert "Uscita anticipata, 3,5" in history[0].get_text(" ") + history[1].get_text(
        " "
    ) + history[2].get_text(" ")


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("hours", "", "Indica le ore"),
        ("hours", "9", "non più delle 5"),
        ("hours", "tre", "Inserisci un numero"),
        ("status", "asleep", "Scegli un'opzione valida"),
    ],
)
def test_the_day_form_rejects_bad_rows_and_changes_nothing(
    client, running, teacher, field, value, message
):
    bruno = running["people"][1]
    client.force_login(teacher)
    data = day_post(running, **{f"status_{bruno.pk}": "late", f"{field}_{bruno.pk}": value})
    response = client.post(urls(running)["day"], data)
    assert response.status_code == 200
    summary = soup(response).select_one(".form-error-summary").get_text(" ")
    assert message in summary
    assert "Bruno Anna" in summary
    assert not AttendanceRecord.objects.exists()


def test_a_saved_mark_cannot_be_blanked(client, running, teacher):
    amato = running["people"][0]
    services.record_mark(session=running["today"], participant=amato, status="present", by=teacher)
    client.force_login(teacher)
    response = client.post(urls(running)["day"], day_post(running, **{f"status_{amato.pk}": ""}))
    assert "non si cancella" in response.content.decode()
    assert AttendanceRecord.objects.count() == 1


def test_all_present_from_the_grid(client, running, teacher):
    client.force_login(teacher)
    response = client.post(urls(running)["all_present"])
    assert response.status_code == 302
    assert AttendanceRecord.objects.filter(status="present").count() == 3
    assert client.get(urls(running)["all_present"]).status_code == 405


def test_a_day_still_ahead_cannot_be_opened(client, make_edition, teacher):
    edition = make_edition(starts_in=3, days=1)
    edition.teachers.add(teacher)
    client.force_login(teacher)
    response = client.get(f"/presenze/{edition.code}/giornate/{edition.sessions.get().pk}/")
    assert response.status_code == 302
    assert not soup(client.get(f"/presenze/{edition.code}/")).select("thead th a")


@pytest.mark.parametrize("role", [None, Role.OPERATOR, Role.TEACHER, Role.CLUSTER_LEAD])
def test_everyone_but_its_teachers_and_training_managers_gets_404(client, running, make_user, role):
    client.force_login(make_user(role=role))
    for name, url in urls(running).items():
        method = client.post if name == "all_present" else client.get
        assert method(url).status_code == 404, name
    assert client.post(urls(running)["day"], day_post(running)).status_code == 404
    assert not AttendanceRecord.objects.exists()


def test_a_participant_cannot_open_the_register_of_their_own_edition(client, running):
    client.force_login(running["people"][0])
    assert client.get(urls(running)["register"]).status_code == 404
    assert client.post(urls(running)["day"], day_post(running)).status_code == 404
    assert not AttendanceRecord.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, running):
    response = client.get(urls(running)["register"])
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_a_closed_register_is_read_only_for_teachers_and_asks_managers_for_a_reason(
    client, running, teacher, training_manager
):
    for day in running["days"]:
        services.day_mark_all_present(session=day, by=teacher)
    services.register_close(edition=running["edition"], by=training_manager)
    client.force_login(teacher)
    page = soup(client.get(urls(running)["register"]))
    assert "Il registro è chiuso" in page.get_text()
    assert not page.select("thead th a") and not page.select("tfoot form")
    assert client.get(urls(running)["day"]).status_code == 404
    assert client.get(urls(running)["history"]).status_code == 200

    client.force_login(training_manager)
    amato = running["people"][0]
    data = day_post(running, **{f"status_{amato.pk}": "excused"})
    response = client.post(urls(running)["day"], data)
    assert "Motivo della modifica" in soup(response).select_one(".form-error-summary").get_text()
    assert not AttendanceRecord.objects.filter(status="excused").exists()
    response = client.post(urls(running)["day"], {**data, "reason": "Giustificativo arrivato"})
    assert response.status_code == 302
    change = AttendanceChange.objects.order_by("-pk").first()
    assert (change.status, change.reason) == ("excused", "Giustificativo arrivato")


def test_the_list_of_registers(client, running, teacher, make_user, training_manager):
    client.force_login(teacher)
    assert running["edition"].code in client.get("/presenze/").content.decode()
    client.force_login(make_user(role=Role.TEACHER))
    assert client.get("/presenze/").status_code == 404
    client.force_login(training_manager)
    assert running["edition"].code in client.get("/presenze/").content.decode()


# --- Self check-in --------------------------------------------------------------------


@pytest.fixture
def checkin_day(running):
    edition = running["edition"]
    edition.self_checkin_enabled = True
    edition.save(update_fields=["self_checkin_enabled"])
    return running["today"]


def at_nine_ten(day):
    return timezone.make_aware(datetime.combine(day.date, time(9, 10)))


def test_the_teacher_shows_the_code_and_its_qr_code(client, running, checkin_day, teacher):
    client.force_login(teacher)
    now = at_nine_ten(checkin_day)
    with time_machine.travel(now, tick=False):
        page = client.get(urls(running)["code"])
        payload = client.get(urls(running)["code_json"]).json()
    code = checkin.current_code(checkin_day, now)
    assert soup(page).select_one("[data-code]").get_text() == code
    assert soup(page).select_one("[data-qr] svg")
    assert page["Cache-Control"].startswith("max-age=0")
    assert payload["code"] == code and payload["open"] is True
    assert payload["url"] == f"http://testserver/presenze/check-in/{checkin_day.pk}/?codice={code}"
    with time_machine.travel(now.replace(hour=20), tick=False):
        assert client.get(urls(running)["code_json"]).json() == {
            **payload,
            "code": "",
            "qr": "",
            "url": "",
            "open": False,
            "seconds_left": 60,
        }


def test_the_code_is_shown_only_where_self_check_in_is_on(client, running, teacher):
    client.force_login(teacher)
    assert client.get(urls(running)["code"]).status_code == 404
    assert client.get(urls(running)["code_json"]).status_code == 404


def test_a_participant_checks_in_through_the_page(client, running, checkin_day):
    person = running["people"][0]
    client.force_login(person)
    url = f"/presenze/check-in/{checkin_day.pk}/"
    now = at_nine_ten(checkin_day)
    code = checkin.current_code(checkin_day, now)
    with time_machine.travel(now, tick=False):
        page = soup(client.get(f"{url}?codice={code}"))
        assert page.select_one("input[name=code]")["value"] == code
        wrong = client.post(url, {"code": "000000" if code != "000000" else "111111"})
        assert "non è valido per questa giornata" in wrong.content.decode()
        assert not AttendanceRecord.objects.exists()
        response = client.post(url, {"code": code})
    assert response.status_code == 302
    assert AttendanceRecord.objects.get(user=person).source == "checkin"


def test_check_in_pages_answer_404_to_people_without_a_place(
    client, running, checkin_day, operator, teacher
):
    url = f"/presenze/check-in/{checkin_day.pk}/"
    code = checkin.current_code(checkin_day, at_nine_ten(checkin_day))
    for person in (operator, teacher):
        client.force_login(person)
        with time_machine.travel(at_nine_ten(checkin_day), tick=False):
            assert client.get(url).status_code == 404
            assert client.post(url, {"code": code}).status_code == 404
    assert not AttendanceRecord.objects.exists()


def test_guessing_codes_is_slowed_down(client, running, checkin_day, settings):
    settings.ATTENDANCE_CHECKIN_RATE = "3/m"
    client.force_login(running["people"][0])
    url = f"/presenze/check-in/{checkin_day.pk}/"
    with time_machine.travel(at_nine_ten(checkin_day), tick=False):
        statuses = [client.post(url, {"code": f"{n:06d}"}).status_code for n in range(4)]
        code = checkin.current_code(checkin_day, at_nine_ten(checkin_day))
        assert client.post(url, {"code": code}).status_code == 429
    assert statuses[-1] == 429
    assert not AttendanceRecord.objects.exists()


def _refusal_setup(case, running, checkin_day, settings, teacher):
    """The state each refusal needs; returns (day to post to, code to send)."""
    now = at_nine_ten(checkin_day)
    person = running["people"][0]
    code = checkin.current_code(checkin_day, now)
    if case == "wrong":
        return checkin_day, "000000" if code != "000000" else "111111"
    if case == "expired":
        return checkin_day, checkin.current_code(checkin_day, now.replace(minute=5))
    if case == "not today":
        yesterday = running["days"][1]
        return yesterday, checkin.current_code(yesterday, now)
    if case == "rate limited":
        settings.ATTENDANCE_CHECKIN_RATE = "1/m"
        return checkin_day, code
    if case == "already present":
        services.attendance_check_in(session=checkin_day, user=person, code=code, now=now)
        return checkin_day, code
    if case == "closed":
        from attendance.models import RegisterClosure

        RegisterClosure.objects.create(edition=running["edition"], closed_by=teacher)
        return checkin_day, code
    if case == "cancelled":
        type(checkin_day).objects.filter(pk=checkin_day.pk).update(
            cancelled_at=now, cancelled_by=teacher, cancellation_reason="Sciopero dei trasporti"
        )
        return checkin_day, code
    raise AssertionError(case)


@pytest.mark.parametrize(
    ("case", "status", "message"),
    [
        ("wrong", 200, "Il codice non è valido per questa giornata."),
        ("expired", 200, "Il codice è scaduto: inserisci quello mostrato ora in aula."),
        ("not today", 200, "è aperta dalle 08:30 alle 14:00."),
        ("rate limited", 429, "Troppi tentativi: aspetta un minuto e inserisci il codice attuale."),
        (
            "already present",
            200,
            "La tua presenza per questa giornata è già nel registro: presente.",
        ),
        ("closed", 200, "Il registro di questa edizione è chiuso."),
        ("cancelled", 200, "è stata annullata: non si segnano presenze."),
    ],
)
def test_a_refused_check_in_says_why_and_changes_nothing(
    client, running, checkin_day, settings, teacher, case, status, message
):
    person = running["people"][0]
    client.force_login(person)
    with time_machine.travel(at_nine_ten(checkin_day), tick=False):
        day, code = _refusal_setup(case, running, checkin_day, settings, teacher)
        url = f"/presenze/check-in/{day.pk}/"
        if case == "rate limited":  # the one attempt of the minute, spent on a wrong code
            assert client.post(url, {"code": "abc"}).status_code == 200
        records = list(AttendanceRecord.objects.values_list("pk", "status", "hours", "source"))
        changes = AttendanceChange.objects.count()
        response = client.post(url, {"code": code})
    assert response.status_code == status
    page = soup(response)
    assert message in page.select_one("form.checkin-form").get_text(" ", strip=True)
    assert page.select_one("input[name=code]")["value"] == code  # what was typed stays
    assert list(AttendanceRecord.objects.values_list("pk", "status", "hours", "source")) == records
    assert AttendanceChange.objects.count() == changes


# --- The dashboard ---------------------------------------------------------------------


def test_the_dashboard_shows_hours_against_the_threshold(client, running, teacher, checkin_day):
    person = running["people"][0]
    for day in running["days"][:2]:
        services.record_mark(session=day, participant=person, status="present", by=teacher)
    client.force_login(person)
    page = soup(client.get("/la-mia-formazione/"))
    panel = page.select_one(".attendance-panel").get_text(" ", strip=True)
    assert "10 ore su 15 (66,7%)" in panel
    assert "soglia 70%" in panel
    today = page.select_one(".attendance-today")
    assert today.select_one(f"a[href='/presenze/check-in/{checkin_day.pk}/']")

    client.force_login(teacher)
    teacher_page = soup(client.get("/la-mia-formazione/"))
    assert teacher_page.select_one(f"a[href='{urls(running)['day']}']")
    assert teacher_page.select_one(f"a[href='{urls(running)['code']}']")


def test_the_register_speaks_english_to_those_who_chose_it(client, running, teacher):
    teacher.language = "en"
    teacher.save(update_fields=["language"])
    services.record_mark(
        session=running["today"],
        participant=running["people"][0],
        status="late",
        hours="2.5",
        by=teacher,
    )
    client.force_login(teacher)
    page = soup(client.get(urls(running)["register"]))
    assert page.h1.get_text() == "Attendance register UD1-CORSO"
    assert "L 2.5" in page.select_one("td.status-late").get_text(" ", strip=True)
    assert "Certificate threshold: 70% of the hours (10.5 hours)" in page.caption.get_text()
