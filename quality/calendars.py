"""The coach's calendar of visits (iCalendar, like the courses' feeds of classroom days)."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from website.core.links import absolute_url, site_host


def visit_uid(visit) -> str:
    return f"aula-visita-{visit.pk}@{site_host()}"


def visits_calendar(*, name, visits, now=None) -> bytes:
    """All-day events, one per visit, with a UID that never changes."""
    now = now or timezone.now()
    calendar = Calendar()
    calendar.add("prodid", "-//Aula//Qualita//IT")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for visit in visits:
        event = Event()
        event.add("uid", visit_uid(visit))
        event.add("dtstamp", now)
        event.add("dtstart", visit.date)
        event.add("summary", f"Coaching – {visit.centre.name}")
        event.add("location", visit.centre.address or visit.centre.town)
        event.add(
            "description",
            f"{visit.topics}\n{absolute_url('quality:visit', visit.pk)}",
        )
        calendar.add_component(event)
    return calendar.to_ical()
