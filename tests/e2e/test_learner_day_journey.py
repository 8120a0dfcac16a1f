"""The learner's day in a real browser: log in, today first, check in, reload, the month view."""

import re
from datetime import time, timedelta

import pytest
from django.utils import timezone

from attendance import checkin
from attendance.models import AttendanceRecord
from courses.models import Course, Edition, Enrolment, Programme, Session
from tests.conftest import PASSWORD

from .helpers import assert_accessible, login

pytestmark = pytest.mark.browser


@pytest.fixture
def learner_day(live_url, org, make_user):
    """A learner with a classroom day running now (self check-in on) and one next week."""
    now = timezone.localtime()
    today = now.date()
    programme = Programme.objects.create(
        title="Piano del giorno",
        slug="piano-del-giorno",
        region=org["region"],
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=30),
    )
    course = Course.objects.create(
        programme=programme, code="UD7", title="Colloquio di orientamento", slug="ud7"
    )
    edition = Edition.objects.create(
        course=course,
        code="UD7-OGGI",
        cluster=org["north"],
        venue_name="Aula formazione CPI Palermo",
        starts_on=today,
        ends_on=today + timedelta(days=7),
        self_checkin_enabled=True,
    )
    starts = max(now - timedelta(minutes=5), now.replace(hour=0, minute=0, second=0))
    day = Session.objects.create(
        edition=edition, date=today, starts_at=starts.time(), ends_at=time(23, 59), hours=5
    )
    Session.objects.create(
        edition=edition,
        date=today + timedelta(days=7),
        starts_at=time(9),
        ends_at=time(14),
        hours=5,
    )
    learner = make_user(centre=org["pa1"], first_name="Lia", last_name="Amato")
    Enrolment.objects.create(user=learner, edition=edition, status="approved")
    return {"learner": learner, "day": day, "edition": edition}


def test_a_learner_sees_today_first_checks_in_and_finds_the_confirmation_after_a_reload(
    new_page, learner_day
):
    learner, day = learner_day["learner"], learner_day["day"]
    page = new_page(width=375, height=800)
    login(page, learner.email, PASSWORD)
    assert page.url.endswith("/la-mia-formazione/")

    parts = page.locator("main section.dashboard-part")
    assert parts.first.get_attribute("id") == "oggi"
    today = page.locator("#oggi")
    assert "UD7 – Colloquio di orientamento" in today.inner_text()
    assert "Prossimi appuntamenti" in parts.nth(1).inner_text()
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the dashboard is {width} px wide at 375"

    today.get_by_role("link", name=re.compile("Segna la presenza")).click()
    page.get_by_label("Codice mostrato in aula").fill(checkin.current_code(day, timezone.now()))
    page.get_by_role("button", name="Segna la mia presenza").click()
    page.wait_for_url("**/la-mia-formazione/")
    record = AttendanceRecord.objects.get(session=day, user=learner)
    registered_at = timezone.localtime(record.updated_at).strftime("%H:%M")
    confirmation = f"Presenza registrata alle {registered_at}"
    assert confirmation in page.locator("#oggi .checkin-done").inner_text()

    page.reload()
    assert confirmation in page.locator("#oggi .checkin-done").inner_text()
    assert (
        page.locator("#oggi").get_by_role("link", name=re.compile("Segna la presenza")).count() == 0
    )
    assert_accessible(page)

    page.get_by_role("link", name="Il mio calendario").first.click()
    page.wait_for_url("**/la-mia-formazione/calendario/")
    assert_accessible(page)
    # On a phone the month is an agenda: today's day is there, marked.
    agenda = page.locator(".month-agenda")
    assert agenda.is_visible()
    assert "oggi" in agenda.locator(".agenda-today").first.inner_text().lower()
    assert "UD7 – Colloquio di orientamento" in agenda.inner_text()

    desktop = new_page(width=1280, height=900)
    login(desktop, learner.email, PASSWORD)
    desktop.goto("/la-mia-formazione/calendario/")
    table = desktop.locator("table.month-table")
    assert table.is_visible()
    assert "UD7" in table.locator("td[aria-current=date]").inner_text()
    assert_accessible(desktop)
    # Keyboard: the next month's link is reachable and works.
    desktop.get_by_role("link", name="Mese successivo").focus()
    desktop.keyboard.press("Enter")
    desktop.wait_for_url(re.compile(r"\?mese=\d{4}-\d{2}$"))
    assert desktop.get_by_role("link", name="Questo mese").is_visible()
    assert desktop.javascript_errors == [] and page.javascript_errors == []
