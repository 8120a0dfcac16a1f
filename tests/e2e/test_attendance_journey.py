"""The register in a real browser: a teacher marks today and corrects a mark, people check in."""

import io
from datetime import time, timedelta

import pytest
import zxingcpp
from django.utils import timezone
from PIL import Image

from attendance import checkin
from attendance.models import AttendanceChange, AttendanceRecord
from courses.models import Course, Edition, Enrolment, Programme, Session
from tests.conftest import PASSWORD
from website.accounts.roles import Role

from .helpers import assert_accessible, login

pytestmark = pytest.mark.browser


@pytest.fixture
def today_edition(live_url, org, teacher, make_user):
    """An edition with a day yesterday and one running now, three participants, self check-in."""
    now = timezone.localtime()
    today = now.date()
    programme = Programme.objects.create(
        title="Piano in corso",
        slug="piano-in-corso",
        region=org["region"],
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=30),
    )
    course = Course.objects.create(
        programme=programme, code="UD9", title="Servizi per il lavoro", slug="ud9"
    )
    edition = Edition.objects.create(
        course=course,
        code="UD9-OGGI",
        cluster=org["north"],
        venue_name="Aula formazione",
        starts_on=today - timedelta(days=1),
        ends_on=today,
        self_checkin_enabled=True,
    )
    edition.teachers.add(teacher)
    starts = max(now - timedelta(minutes=5), now.replace(hour=0, minute=0, second=0))
    Session.objects.create(
        edition=edition,
        date=today - timedelta(days=1),
        starts_at=time(9),
        ends_at=time(14),
        hours=5,
    )
    day = Session.objects.create(
        edition=edition, date=today, starts_at=starts.time(), ends_at=time(23, 59), hours=5
    )
    people = [
        make_user(role=Role.OPERATOR, centre=org["pa1"], last_name=name, first_name="Lia")
        for name in ("Amato", "Bruno", "Caruso")
    ]
    for person in people:
        Enrolment.objects.create(user=person, edition=edition, status="approved")
    return {"edition": edition, "day": day, "people": people}


def test_a_teacher_marks_today_corrects_one_mark_and_the_history_shows_both(
    new_page, today_edition, teacher
):
    edition, day = today_edition["edition"], today_edition["day"]
    bruno = today_edition["people"][1]
    page = new_page()
    login(page, teacher.email, PASSWORD)
    page.goto("/la-mia-formazione/")
    page.locator(".attendance-registers").get_by_role("link", name="Segna la giornata").click()
    assert_accessible(page)
    page.get_by_role("button", name="Tutti presenti").click()
    assert "Segnate presenti 3 persone" in page.inner_text("main")
    assert AttendanceRecord.objects.filter(session=day, status="present").count() == 3
    assert_accessible(page)

    # The correction, with the keyboard only: the status, Tab to the hours, Enter to save.
    page.goto(f"/presenze/{edition.code}/giornate/{day.pk}/")
    status = page.get_by_label("Stato di Bruno Lia")
    status.focus()
    page.keyboard.type("Entrata")
    assert status.input_value() == "late"
    page.keyboard.press("Tab")
    hours = page.get_by_label("Ore di Bruno Lia")
    assert hours.evaluate("element => element === document.activeElement")
    page.keyboard.press("Control+A")
    page.keyboard.type("3,5")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "salvata: 1 modifica" in page.inner_text("main")
    record = AttendanceRecord.objects.get(session=day, user=bruno)
    assert (record.status, str(record.hours)) == ("late", "3.5")

    page.get_by_role("link", name="Storico delle modifiche").click()
    rows = page.locator("table.register-history tbody tr")
    assert rows.count() == 4
    assert "Entrata in ritardo, 3,5" in rows.nth(0).inner_text()
    assert "Presente, 5" in rows.nth(0).inner_text()  # from what
    assert AttendanceChange.objects.filter(participant=bruno).count() == 2
    assert_accessible(page)
    page.goto(f"/presenze/{edition.code}/")
    assert_accessible(page)
    assert page.javascript_errors == []


def _qr_url(page):
    image = Image.open(io.BytesIO(page.locator("[data-qr] svg").screenshot()))
    results = zxingcpp.read_barcodes(image)
    assert results, "no QR code found"
    return results[0].text


def test_self_check_in_with_a_valid_an_expired_and_a_foreign_code(
    new_page, today_edition, teacher, make_edition, live_url
):
    edition, day = today_edition["edition"], today_edition["day"]
    amato, bruno, caruso = today_edition["people"]
    screen = new_page()
    login(screen, teacher.email, PASSWORD)
    screen.goto(f"/presenze/{edition.code}/giornate/{day.pk}/codice/")
    assert_accessible(screen)
    url = _qr_url(screen)
    code = screen.locator("[data-code]").inner_text()
    assert url.endswith(f"/presenze/check-in/{day.pk}/?codice={code}")

    phone = new_page(width=390, height=800)
    login(phone, amato.email, PASSWORD)
    phone.goto(url.replace("http://testserver", live_url))
    assert phone.get_by_label("Codice mostrato in aula").input_value() == code
    assert_accessible(phone)
    phone.get_by_role("button", name="Segna la mia presenza").click()
    assert "Presenza registrata: presente, 5 ore" in phone.inner_text("main")
    assert AttendanceRecord.objects.get(session=day, user=amato).source == "checkin"

    now = timezone.now()
    expired = checkin.code_for(day, checkin.window_of(now) - 3)
    foreign_day = make_edition(starts_in=0, days=1).sessions.get()
    foreign = checkin.current_code(foreign_day, now)
    late = new_page()
    login(late, bruno.email, PASSWORD)
    for typed, message in ((expired, "scaduto"), (foreign, "non è valido per questa giornata")):
        late.goto(f"/presenze/check-in/{day.pk}/")
        late.get_by_label("Codice mostrato in aula").fill(typed)
        late.get_by_role("button", name="Segna la mia presenza").click()
        assert message in late.inner_text("main")
    assert_accessible(late)
    assert not AttendanceRecord.objects.filter(user=bruno).exists()

    outsider = new_page()
    login(outsider, caruso.email, PASSWORD)
    Enrolment.objects.filter(user=caruso).update(status="withdrawn")
    response = outsider.goto(f"/presenze/check-in/{day.pk}/")
    assert response.status == 404

    # The teacher corrects the check-in afterwards.
    screen.goto(f"/presenze/{edition.code}/giornate/{day.pk}/")
    screen.get_by_label("Stato di Amato Lia").select_option("left_early")
    screen.get_by_label("Ore di Amato Lia").fill("2")
    screen.get_by_role("button", name="Salva la giornata").click()
    record = AttendanceRecord.objects.get(session=day, user=amato)
    assert (record.status, record.source) == ("left_early", "register")


def test_the_reports_pass_axe(new_page, today_edition, training_manager, teacher):
    page = new_page()
    login(page, training_manager.email, PASSWORD)
    for url in (
        "/report/",
        "/report/piani/piano-in-corso/",
        "/report/cluster/",
        "/report/centri/",
        f"/report/persone/{today_edition['people'][0].pk}/",
        f"/report/edizioni/{today_edition['edition'].code}/registro/",
        "/presenze/",
    ):
        page.goto(url)
        assert_accessible(page)
    page.goto("/report/cluster/?piano=nessuno")
    assert_accessible(page)
    learner = new_page()
    login(learner, today_edition["people"][0].email, PASSWORD)
    learner.goto("/la-mia-formazione/")
    assert learner.locator(".attendance-today").get_by_role("link", name="Segna la presenza")
    assert_accessible(learner)


@pytest.mark.parametrize("who", ["teacher", "manager"])
def test_register_and_report_pages_fit_a_320_pixel_screen(
    new_page, today_edition, teacher, training_manager, who
):
    person = teacher if who == "teacher" else training_manager
    page = new_page(width=320, height=640)
    login(page, person.email, PASSWORD)
    edition, day = today_edition["edition"], today_edition["day"]
    urls = [f"/presenze/{edition.code}/", f"/presenze/{edition.code}/giornate/{day.pk}/"]
    if who == "manager":
        urls += ["/report/piani/piano-in-corso/", "/report/cluster/"]
    for url in urls:
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url


def test_the_code_changes_on_screen_without_reloading(new_page, today_edition, teacher, settings):
    settings.ATTENDANCE_CHECKIN_CODE_SECONDS = 3  # the server thread reads the same settings
    edition, day = today_edition["edition"], today_edition["day"]
    page = new_page()
    login(page, teacher.email, PASSWORD)
    page.goto(f"/presenze/{edition.code}/giornate/{day.pk}/codice/")
    first = page.locator("[data-code]").inner_text()
    seconds = int(page.locator("[data-seconds]").inner_text())
    page.wait_for_function(
        f"() => document.querySelector('[data-code]').textContent !== '{first}'",
        timeout=(seconds + 5) * 1000,
    )
    now = timezone.now()
    shown = page.locator("[data-code]").inner_text()
    assert shown in {
        checkin.current_code(day, now),
        checkin.code_for(day, checkin.window_of(now) - 1),
    }
    assert page.javascript_errors == []
