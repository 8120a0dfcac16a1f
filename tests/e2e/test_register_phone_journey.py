"""The register on a 375-pixel phone: nothing is cut off on the right, and half hours typed
with a comma are kept as half hours."""

from decimal import Decimal

import pytest

from attendance.models import AttendanceRecord
from tests.conftest import PASSWORD

from .helpers import assert_accessible, login
from .test_attendance_journey import today_edition  # noqa: F401 (the journey's fixture)

pytestmark = pytest.mark.browser

HIDDEN_ON_THE_RIGHT = """() => [...document.querySelectorAll('main .table-responsive')]
    .filter((box) => box.scrollWidth > box.clientWidth + 1).map((box) => box.className)"""


def test_a_teacher_marks_a_day_on_a_phone(new_page, today_edition, teacher):  # noqa: F811
    edition, day = today_edition["edition"], today_edition["day"]
    amato = today_edition["people"][0]
    phone = new_page(width=375, height=800)
    login(phone, teacher.email, PASSWORD)
    phone.goto(f"/presenze/{edition.code}/giornate/{day.pk}/")
    assert phone.evaluate(HIDDEN_ON_THE_RIGHT) == []
    last_mark = phone.locator(".day-register-last").first.bounding_box()
    assert last_mark["x"] + last_mark["width"] <= 375
    phone.screenshot(path="/tmp/aula-register-day-375.png", full_page=True)
    assert_accessible(phone)

    phone.get_by_label("Stato di Amato Lia").select_option("left_early")
    phone.get_by_label("Ore di Amato Lia").fill("3,5")
    phone.get_by_role("button", name="Salva la giornata").click()
    phone.wait_for_load_state()
    assert AttendanceRecord.objects.get(session=day, user=amato).hours == Decimal("3.5")
    phone.goto(f"/presenze/{edition.code}/giornate/{day.pk}/")
    assert phone.get_by_label("Ore di Amato Lia").input_value() == "3,5"

    phone.goto(f"/presenze/{edition.code}/")
    assert phone.evaluate(HIDDEN_ON_THE_RIGHT) == []  # two days fit the screen
    phone.screenshot(path="/tmp/aula-register-grid-375.png", full_page=True)
    assert_accessible(phone)
    assert phone.javascript_errors == []
