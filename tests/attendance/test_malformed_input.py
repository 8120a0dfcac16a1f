"""Hours that are not a day's hours (1e309, NaN, too many digits) and endless reasons are
form errors, never a 500."""

from datetime import time

import pytest
from bs4 import BeautifulSoup

from attendance.forms import CloseRegisterForm, DayRegisterForm, ReopenRegisterForm
from attendance.models import AttendanceRecord
from attendance.services import hours_problem
from courses.forms import HoursField, SessionRunForm
from courses.models import Session

pytestmark = pytest.mark.django_db

MALFORMED = ["1e309", "-1e309", "1e-309", "NaN", "Infinity", "-Infinity", "1" * 40, "0,123456"]


def day_post(running, person, hours):
    data = {f"status_{p.pk}": "present" for p in running["people"]}
    data[f"status_{person.pk}"] = "late"
    data[f"hours_{person.pk}"] = hours
    return data


def assert_refused(response):
    assert response.status_code == 200
    text = BeautifulSoup(response.content, "html.parser").get_text(" ")
    assert "Le ore si scrivono" in text or "Troppe cifre" in text or "Inserisci un numero" in text
    assert not AttendanceRecord.objects.exists()


@pytest.mark.parametrize("hours", MALFORMED)
def test_the_teachers_day_form_refuses_malformed_hours(client, running, teacher, hours):
    client.force_login(teacher)
    code, day = running["edition"].code, running["today"].pk
    url = f"/presenze/{code}/giornate/{day}/"
    assert_refused(client.post(url, day_post(running, running["people"][1], hours)))


@pytest.mark.parametrize("hours", MALFORMED)
def test_the_admin_day_form_refuses_malformed_hours(client, running, training_manager, hours):
    client.force_login(training_manager)
    code, day = running["edition"].code, running["today"].pk
    url = f"/admin/presenze/registri/{code}/giornate/{day}/"
    assert_refused(client.post(url, day_post(running, running["people"][0], hours)))


@pytest.mark.parametrize("hours", ["1e309", "1e-309", "NaN", "1E+28"])
def test_the_service_refuses_them_too(running, hours):
    assert "Le ore si scrivono" in str(hours_problem(running["today"], "late", hours))


def test_minus_zero_is_zero_and_sensible_hours_pass():
    field = HoursField()
    assert str(field.clean("-0")) == "0"
    assert str(field.clean("3,5")) == "3.5"


@pytest.mark.parametrize("hours", ["1e309", "NaN", "Infinity", "-0"])
def test_a_run_of_days_refuses_malformed_hours(edition, hours):
    form = SessionRunForm(
        data={
            "first_date": edition.starts_on.isoformat(),
            "count": 1,
            "recurrence": "working_days",
            "starts_at": time(9).isoformat(),
            "ends_at": time(14).isoformat(),
            "hours": hours,
            "mode": Session.Mode.CLASSROOM,
        },
        edition=edition,
    )
    assert not form.is_valid()
    assert "hours" in form.errors


@pytest.mark.parametrize("form_class", [CloseRegisterForm, ReopenRegisterForm])
def test_a_reason_longer_than_a_page_is_refused(form_class):
    form = form_class({"reason": "r" * 1001})
    assert not form.is_valid()
    assert "1000 caratteri" in form.errors["reason"][0]
    assert form_class({"reason": "r" * 1000}).is_valid()


def test_a_days_reason_is_bounded_too(running):
    form = DayRegisterForm({"reason": "r" * 1001}, session=running["today"], rows=[], closed=True)
    assert not form.is_valid()
    assert "1000 caratteri" in form.errors["reason"][0]
