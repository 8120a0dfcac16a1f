"""Courses in a real browser: ask for a place, get it approved, see it, take the calendar home."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import icalendar
import pytest
from django.conf import settings
from django.utils import timezone

from courses.models import Course, Edition, Enrolment, Programme, Session
from tests.conftest import PASSWORD
from tests.courses.factories import add_days

from .helpers import assert_accessible, login

pytestmark = pytest.mark.browser


@pytest.fixture
def plan(live_url, org, teacher):
    today = timezone.localdate()
    programme = Programme.objects.create(
        title="Piano di aggiornamento 2027",
        slug="piano-2027",
        region=org["region"],
        starts_on=today,
        ends_on=today + timedelta(days=120),
        funder="FSE+",
    )
    course = Course.objects.create(
        programme=programme,
        code="SD1",
        title="Servizi digitali del centro",
        slug="sd1-servizi-digitali",
        objectives="<ul><li>Usare il fascicolo elettronico.</li></ul>",
        outline="<ol><li>Banche dati.</li><li>Identità digitale.</li></ol>",
    )
    editions = []
    for number, (cluster, mode) in enumerate(
        [(org["north"], Session.Mode.CLASSROOM), (org["south"], Session.Mode.ONLINE)], 1
    ):
        start = today + timedelta(days=40 + number)
        edition = Edition.objects.create(
            course=course,
            code=f"SD1-{cluster.code.upper()}",
            cluster=cluster,
            venue_name="Aula formazione",
            venue_address="Via della Prova 1, Palermo",
            capacity=20,
            starts_on=start,
            ends_on=start + timedelta(days=1),
        )
        edition.teachers.add(teacher)
        add_days(edition, start, 2, mode=mode, meeting_url="https://meet.example.org/sd1")
        editions.append(edition)
    return {"course": course, "editions": editions}


def test_an_operator_asks_the_manager_approves_and_the_calendar_follows(
    new_page, plan, operator, training_manager, mailoutbox
):
    page = new_page()
    login(page, operator.email, PASSWORD)
    page.goto("/corsi/")
    page.locator("label[for=id_open]").click()  # Bootstrap Italia draws the box on the label
    assert page.get_by_label("Solo corsi con iscrizioni aperte").is_checked()
    page.get_by_role("button", name="Applica i filtri").click()
    page.get_by_role("link", name="SD1 – Servizi digitali del centro").click()
    assert_accessible(page)
    edition = plan["editions"][0]
    page.locator(f"#edizione-{edition.pk}").get_by_role(
        "button", name=re.compile("Chiedi l'iscrizione")
    ).click()
    assert "Richiesta inviata per l'edizione SD1-PROVA-PA" in page.inner_text("main")
    assert Enrolment.objects.get(user=operator).status == Enrolment.Status.REQUESTED

    manager = new_page()
    login(manager, training_manager.email, PASSWORD)
    manager.goto("/admin/formazione/iscrizioni/")
    manager.get_by_label(operator.get_full_name()).check()
    manager.get_by_role("button", name="Approva le selezionate").click()
    manager.wait_for_load_state()
    assert Enrolment.objects.get(user=operator).status == Enrolment.Status.APPROVED
    assert mailoutbox[-1].to == [operator.email]
    assert "Iscrizione confermata" in mailoutbox[-1].subject

    page.goto("/la-mia-formazione/")
    main = page.inner_text("main")
    assert "SD1 – Servizi digitali del centro" in main
    assert "Confermata" in main
    assert "Prossimi appuntamenti" in main
    assert_accessible(page)
    # The calendar address is made when asked for, on the calendar page.
    page.get_by_role("link", name="Il mio calendario").first.click()
    page.get_by_role("button", name="Crea l'indirizzo del calendario").click()
    assert_accessible(page)
    feed_url = page.get_by_label("Indirizzo del calendario").input_value()
    # The address is written on the site's public origin (SITE_URL); the test server
    # listens elsewhere, so the path is asked of it.
    assert feed_url.startswith(settings.SITE_URL + "/")
    feed = urlsplit(feed_url)
    response = page.request.get(f"{feed.path}?{feed.query}" if feed.query else feed.path)
    assert response.headers["content-type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(response.body()).walk("VEVENT")
    assert [event.decoded("dtstart").date() for event in events] == [
        edition.starts_on,
        edition.starts_on + timedelta(days=1),
    ]
    assert all(str(e["dtstart"].params["TZID"]) == "Europe/Rome" for e in events)
    assert page.javascript_errors == []


def test_axe_finds_nothing_on_the_catalogue_and_the_course_page(page, plan):
    page.goto("/corsi/")
    assert_accessible(page)
    page.goto("/corsi/?programme=abc")  # with the filter form's error summary
    assert_accessible(page)
    page.goto(plan["course"].get_absolute_url())
    assert_accessible(page)


def test_axe_finds_nothing_on_a_full_dashboard(page, plan, operator):
    online = plan["editions"][1]
    Enrolment.objects.create(user=operator, edition=online, status=Enrolment.Status.APPROVED)
    login(page, operator.email, PASSWORD)
    page.goto("/la-mia-formazione/")
    assert "https://meet.example.org/sd1" in page.content()
    assert_accessible(page)


def test_axe_finds_nothing_on_the_teaching_and_staff_pages(
    page, plan, teacher, operator, centre_manager, cluster_lead, org
):
    edition = plan["editions"][0]
    Enrolment.objects.create(user=operator, edition=edition, status=Enrolment.Status.APPROVED)
    login(page, teacher.email, PASSWORD)
    for path in ("/la-mia-formazione/docenze/", f"/la-mia-formazione/docenze/{edition.code}/"):
        page.goto(path)
        assert_accessible(page)
    for person, path in (
        (centre_manager, "/la-mia-formazione/personale/"),
        (centre_manager, f"/la-mia-formazione/personale/centri/{org['pa1'].code}/"),
        (cluster_lead, f"/la-mia-formazione/personale/cluster/{org['north'].code}/"),
    ):
        page.context.clear_cookies()
        login(page, person.email, PASSWORD)
        page.goto(path)
        if path.endswith("/personale/"):
            assert "CPI Palermo Centro" in page.inner_text("main")
        else:
            assert operator.last_name in page.inner_text("main")
        assert_accessible(page)


@pytest.mark.parametrize("path", ["/corsi/", "/corsi/sd1-servizi-digitali/", "/la-mia-formazione/"])
def test_course_pages_fit_a_320_pixel_screen(new_page, plan, operator, path):
    Enrolment.objects.create(
        user=operator, edition=plan["editions"][0], status=Enrolment.Status.APPROVED
    )
    page = new_page(width=320, height=640)
    login(page, operator.email, PASSWORD)
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
