"""The learner's day on "La mia formazione" and in the calendar (issues 18 and 19).

Today first (the day's classes and the check-in, whose confirmation stays), then
what comes next (classroom days and the events the person registered for), then
what to do online, the enrolments and the history. The month view and the iCal
feed show the same days and events, and never someone else's.
"""

import itertools
from datetime import date, datetime, time, timedelta

import icalendar
import pytest
import time_machine
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from attendance import checkin
from attendance.models import AttendanceRecord
from courses import agenda
from courses.models import CalendarFeed, Edition, Session
from tests.cms.factories import make_event
from website.cms import services as cms_services

from .factories import add_days

pytestmark = pytest.mark.django_db

DASHBOARD = "/la-mia-formazione/"
CALENDAR = "/la-mia-formazione/calendario/"
ROME = timezone.get_default_timezone()


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def text(node):
    return " ".join(node.get_text(" ").split())


@pytest.fixture
def learner_today(make_edition, make_user, place, org):
    """A learner with a place in an edition with self check-in: yesterday, today, in 3 and 4 days."""
    learner = make_user(centre=org["pa1"], first_name="Lia", last_name="Rossi")
    edition = make_edition(starts_in=-1, days=2, code="UD1-OGGI", self_checkin_enabled=True)
    later = timezone.localdate() + timedelta(days=3)
    add_days(edition, later, 2)
    edition.ends_on = later + timedelta(days=1)
    edition.save(update_fields=["ends_on"])
    place(learner, edition)
    today = edition.sessions.get(date=timezone.localdate())
    return {"learner": learner, "edition": edition, "today": today}


def _section_ids(page):
    return [section["id"] for section in page.select("main section.dashboard-part")]


def test_today_comes_first_then_next_online_enrolments(client, learner_today):
    client.force_login(learner_today["learner"])
    page = soup(client.get(DASHBOARD))
    # The edition under way: its attendance so far is history, below the rest.
    assert _section_ids(page) == ["oggi", "prossimi", "online", "iscrizioni", "storico"]
    today = page.select_one("#oggi")
    assert "UD1 – Trasparenza e accesso agli atti" in text(today)
    assert "09:00–14:00" in text(today)
    assert today.select_one(
        f".attendance-today a[href$='/presenze/check-in/{learner_today['today'].pk}/']"
    )
    upcoming = page.select("#prossimi time")
    later = timezone.localdate() + timedelta(days=3)
    assert [node["datetime"] for node in upcoming] == [
        later.isoformat(),
        (later + timedelta(days=1)).isoformat(),
    ]
    # Headings in order: h1, then each part's h2, its days' h3, their cards' h4.
    levels = [int(h.name[1]) for h in page.select("main h1, main h2, main h3, main h4")]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_a_day_without_classes_says_so_and_history_comes_last(
    client, make_edition, make_user, place
):
    learner = make_user()
    place(learner, make_edition(starts_in=-40, days=1, code="UD1-PASSATA"))
    client.force_login(learner)
    page = soup(client.get(DASHBOARD))
    assert "Oggi non hai giornate di formazione." in text(page.select_one("#oggi"))
    assert _section_ids(page)[-1] == "storico"
    history = page.select_one("#storico")
    assert "UD1-PASSATA" in text(history.select_one("details"))


def test_the_check_in_confirmation_stays_after_a_reload(client, learner_today):
    learner, day = learner_today["learner"], learner_today["today"]
    now = timezone.make_aware(datetime.combine(day.date, time(9, 7)))
    client.force_login(learner)
    with time_machine.travel(now, tick=False):
        response = client.post(
            f"/presenze/check-in/{day.pk}/", {"code": checkin.current_code(day, now)}
        )
        assert response.status_code == 302
    with time_machine.travel(now + timedelta(minutes=30), tick=False):
        for _reload in range(2):
            today = soup(client.get(DASHBOARD)).select_one("#oggi")
            done = today.select_one(".checkin-done")
            assert "Presenza registrata alle 09:07: presente, 5 ore." in text(done)
            assert not today.select_one(f"a[href$='/presenze/check-in/{day.pk}/']")
    assert AttendanceRecord.objects.get(user=learner).status == "present"


def test_a_wrong_code_leaves_the_check_in_to_do(client, learner_today):
    learner, day = learner_today["learner"], learner_today["today"]
    now = timezone.make_aware(datetime.combine(day.date, time(9, 7)))
    client.force_login(learner)
    with time_machine.travel(now, tick=False):
        response = client.post(f"/presenze/check-in/{day.pk}/", {"code": "nonvale"})
        assert response.status_code == 200
        today = soup(client.get(DASHBOARD)).select_one("#oggi")
    assert not today.select_one(".checkin-done")
    assert today.select_one(f"a[href$='/presenze/check-in/{day.pk}/']")
    assert not AttendanceRecord.objects.exists()


def test_a_teachers_absent_mark_is_shown_as_such(client, learner_today, teacher):
    from attendance import services as attendance_services

    learner_today["edition"].teachers.add(teacher)
    attendance_services.record_mark(
        session=learner_today["today"],
        participant=learner_today["learner"],
        status="absent",
        by=teacher,
    )
    client.force_login(learner_today["learner"])
    done = soup(client.get(DASHBOARD)).select_one("#oggi .checkin-done")
    assert "Nel registro di oggi: assente" in text(done)


# --- Events the person registered for ---------------------------------------------------


def test_registered_events_appear_in_what_comes_next_and_in_the_feed(
    client, learner_today, make_user
):
    learner = learner_today["learner"]
    mine = make_event(days_from_now=2, title="Laboratorio sul patto di servizio")
    timed = make_event(
        days_from_now=5, title="Giornata regionale", start_time=time(10), end_time=time(13)
    )
    other = make_event(days_from_now=2, title="Evento di altri")
    past = make_event(days_from_now=-3, title="Evento passato")
    cms_services.event_registration_create(event=mine, user=learner)
    cms_services.event_registration_create(event=timed, user=learner)
    cms_services.event_registration_create(event=other, user=make_user())
    cms_services.EventRegistration.objects.create(event=past, user=learner)

    client.force_login(learner)
    upcoming = text(soup(client.get(DASHBOARD)).select_one("#prossimi"))
    assert "Laboratorio sul patto di servizio" in upcoming
    assert "Giornata regionale" in upcoming and "10:00–13:00" in upcoming
    assert "Evento di altri" not in upcoming and "Evento passato" not in upcoming
    # In date order with the classroom days: the event in 2 days before the day in 3.
    assert upcoming.index("Laboratorio sul patto") < upcoming.index("Trasparenza")

    client.post("/la-mia-formazione/calendario/nuovo-indirizzo/")
    token = CalendarFeed.objects.get(user=learner).token
    client.logout()
    feed = icalendar.Calendar.from_ical(
        client.get(f"/la-mia-formazione/calendario/{token}.ics").content
    )
    events = {str(event["summary"]): event for event in feed.walk("VEVENT")}
    assert "Evento di altri" not in events
    workshop = events["Laboratorio sul patto di servizio"]
    assert str(workshop["uid"]) == f"aula-evento-{mine.pk}@testserver"
    assert workshop.decoded("dtstart") == mine.date  # a whole day
    assert workshop.decoded("dtend") == mine.date + timedelta(days=1)
    assert str(workshop["location"]) == "Sala riunioni, Palermo"
    regional = events["Giornata regionale"]
    assert regional.decoded("dtstart") == datetime.combine(timed.date, time(10), tzinfo=ROME)
    assert str(regional["dtstart"].params["TZID"]) == "Europe/Rome"
    assert "UD1 – Trasparenza e accesso agli atti" in events  # the classroom days are still there


def test_a_cancelled_registration_leaves_the_dashboard(client, make_user):
    learner = make_user()
    event = make_event(days_from_now=4, title="Seminario annullabile")
    cms_services.event_registration_create(event=event, user=learner)
    client.force_login(learner)
    assert "Seminario annullabile" in text(soup(client.get(DASHBOARD)))
    cms_services.event_registration_cancel(event=event, user=learner)
    assert "Seminario annullabile" not in text(soup(client.get(DASHBOARD)))


# --- The month view -----------------------------------------------------------------------


def _edition_with(make_edition, *days):
    edition = make_edition(days=0, starts_in=0)
    Session.objects.bulk_create(
        Session(edition=edition, date=day, starts_at=time(9), ends_at=time(14), hours=5)
        for day in days
    )
    return edition


def test_the_month_view_shows_my_days_within_the_month_and_marks_today(
    client, make_edition, make_user, place
):
    learner = make_user()
    with time_machine.travel(datetime(2027, 3, 15, 10, tzinfo=ROME), tick=False):
        mine = _edition_with(make_edition, date(2027, 2, 28), date(2027, 3, 1), date(2027, 3, 31))
        theirs = _edition_with(make_edition, date(2027, 3, 10))
        place(learner, mine)
        place(make_user(), theirs)
        event = make_event(days_from_now=16, title="Evento di fine mese")  # 31 March
        cms_services.event_registration_create(event=event, user=learner)
        client.force_login(learner)
        response = client.get(CALENDAR)
        page = soup(response)
        table = page.select_one("table.month-table")
        assert text(page.select_one("#month-title")) == "Marzo 2027"
        assert "Le tue giornate e i tuoi eventi di" in text(table.caption)
        headers = [text(th) for th in table.select("thead th[scope=col]")]
        assert headers[0] == "Lunedì" and headers[-1] == "Domenica"
        dated = {
            cell.time["datetime"]: cell for cell in table.select("td") if cell.select(".month-item")
        }
        assert sorted(dated) == ["2027-03-01", "2027-03-31"]  # not 28 February, not theirs
        assert "Evento di fine mese" in text(dated["2027-03-31"])
        today = table.select_one("td[aria-current=date]")
        assert today.time["datetime"] == "2027-03-15" and "oggi" in text(today)
        agenda_days = [node["datetime"] for node in page.select(".month-agenda h4 time")]
        assert agenda_days == ["2027-03-01", "2027-03-31"]
        nav = {a.get_text(strip=True): a["href"] for a in page.select("nav a[href^='?mese=']")}
        assert nav == {"Mese precedente": "?mese=2027-02", "Mese successivo": "?mese=2027-04"}

        february = soup(client.get(CALENDAR + "?mese=2027-02"))
        cells = [c.time["datetime"] for c in february.select("table td") if c.select(".month-item")]
        assert cells == ["2027-02-28"]
        assert "Questo mese" in text(february.select_one("nav[aria-label='Altri mesi']"))
        december = soup(client.get(CALENDAR + "?mese=2026-12"))
        assert text(december.select_one("#month-title")) == "Dicembre 2026"
        assert december.select_one("a[rel=next]")["href"] == "?mese=2027-01"
        january = soup(client.get(CALENDAR + "?mese=2027-01"))
        assert january.select_one("a[rel=prev]")["href"] == "?mese=2026-12"


@pytest.mark.parametrize(
    "asked",
    ["2027-13", "2027-00", "marzo", "2027-3", "27-03", "99999-01", "2027-03-01", "", "1500-01"],
)
def test_a_malformed_month_is_explained_without_an_error(client, operator, asked):
    client.force_login(operator)
    response = client.get(CALENDAR, {"mese": asked})
    assert response.status_code == 400
    alert = soup(response).select_one("[role=alert]")
    assert "Il mese richiesto non è valido" in text(alert)
    assert soup(response).select_one("table.month-table")  # the current month instead


def test_the_month_view_speaks_english_in_english(client, make_user):
    learner = make_user(language="en")
    with time_machine.travel(datetime(2027, 3, 15, 10, tzinfo=ROME), tick=False):
        client.force_login(learner)
        page = soup(client.get(CALENDAR, {"mese": "2027-03"}))
    assert text(page.select_one("#month-title")) == "March 2027"
    assert text(page.select_one("table.month-table thead th")) == "Monday"


def test_the_month_view_asks_for_a_login(client):
    response = client.get(CALENDAR)
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_parse_month():
    assert agenda.parse_month("2027-03") == date(2027, 3, 1)
    assert agenda.parse_month(" 2027-12 ") == date(2027, 12, 1)
    for bad in ("2027-13", "2027-0", "abcd-ef", "2027/03", "2101-01"):
        assert agenda.parse_month(bad) is None
    assert agenda.next_month(date(2027, 12, 1)) == date(2028, 1, 1)
    assert agenda.previous_month(date(2027, 1, 1)) == date(2026, 12, 1)


# --- A read never writes --------------------------------------------------------------------


def test_reading_the_dashboard_and_the_calendar_writes_nothing(client, learner_today):
    client.force_login(learner_today["learner"])
    client.get(DASHBOARD)
    for url in (DASHBOARD, CALENDAR, CALENDAR + "?mese=2027-03"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        writes = [
            q["sql"]
            for q in captured.captured_queries
            if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        ]
        assert writes == [], url
    assert not CalendarFeed.objects.exists()
    page = soup(client.get(CALENDAR))
    assert page.select_one("#calendario-app button").get_text(strip=True) == (
        "Crea l'indirizzo del calendario"
    )
    client.post("/la-mia-formazione/calendario/nuovo-indirizzo/")
    feed = CalendarFeed.objects.get(user=learner_today["learner"])
    page = soup(client.get(CALENDAR))
    assert page.select_one("#calendar-url")["value"].endswith(f"/{feed.token}.ics")


def test_cancelled_editions_stay_out_of_the_calendar(client, make_edition, make_user, place):
    learner = make_user()
    edition = make_edition(starts_in=1, days=1, code="UD1-ANNULLATA")
    place(learner, edition)
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.CANCELLED)
    client.force_login(learner)
    month = agenda.month_param(edition.starts_on)
    assert "UD1-ANNULLATA" not in client.get(CALENDAR, {"mese": month}).content.decode()
