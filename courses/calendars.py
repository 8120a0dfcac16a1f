"""iCalendar (RFC 5545) feeds of classroom days, and of the entries other apps add
(``courses.hooks.CALENDAR_ENTRIES``: the events someone registered for).

Each day is one event whose UID never changes (it is built from the day's
id and the site's host), with its times in Europe/Rome and the time zone
described in the feed itself, so calendar apps place it right anywhere.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from website.core.links import absolute_url, site_host

from .hooks import CalendarEntry


def session_uid(session) -> str:
    return f"aula-giornata-{session.pk}@{site_host()}"


def _description(session, *, with_link):
    edition = session.edition
    lines = [
        f"{edition.course.code} – {edition.course.title}",
        _("Edizione %(code)s") % {"code": edition.code},
        _("%(hours)s ore di formazione") % {"hours": f"{session.hours:g}".replace(".", ",")},
    ]
    if session.topic:
        lines.append(session.topic)
    if session.is_online:
        if with_link and session.meeting_url:
            lines.append(_("Collegamento alla diretta: %(url)s") % {"url": session.meeting_url})
        else:
            lines.append(_("Il collegamento alla diretta è visibile a chi ha un posto."))
    lines.append(absolute_url(edition.course.get_absolute_url()))
    return "\n".join(lines)


def _location(session):
    if session.is_online:
        return _("Online in diretta")
    return session.edition.venue or (
        session.edition.cluster.name if session.edition.cluster_id else ""
    )


def _entry_event(entry: CalendarEntry, now: datetime) -> Event:
    """An entry at its times in Europe/Rome, or as whole days when it has no times."""
    event = Event()
    event.add("uid", f"{entry.uid}@{site_host()}")
    event.add("dtstamp", now)
    zone = ZoneInfo(settings.TIME_ZONE)
    if entry.starts_at is not None:
        event.add("dtstart", datetime.combine(entry.starts_on, entry.starts_at, tzinfo=zone))
        if entry.ends_at is not None:
            event.add("dtend", datetime.combine(entry.ends_on, entry.ends_at, tzinfo=zone))
    else:
        # All-day: DTEND is the day after the last one (RFC 5545, 3.6.1).
        event.add("dtstart", entry.starts_on)
        event.add("dtend", entry.ends_on + timedelta(days=1))
    event.add("summary", entry.title)
    if entry.location:
        event.add("location", entry.location)
    url = absolute_url(entry.url) if entry.url.startswith("/") else entry.url
    lines = (str(entry.kind).capitalize(), url)
    event.add("description", "\n".join(line for line in lines if line))
    if url:
        event.add("url", url)
    return event


def sessions_calendar(
    *,
    name,
    sessions,
    link_edition_ids=frozenset(),
    now=None,
    entries: Iterable[CalendarEntry] = (),
) -> bytes:
    """A calendar of ``sessions`` and ``entries``; live links only for editions in
    ``link_edition_ids``."""
    now = now or timezone.now()
    calendar = Calendar()
    calendar.add("prodid", "-//Aula//Corsi//IT")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    sessions = list(sessions)
    for session in sessions:
        edition = session.edition
        event = Event()
        event.add("uid", session_uid(session))
        event.add("dtstamp", now)
        event.add("dtstart", session.starts())
        event.add("dtend", session.ends())
        event.add("summary", f"{edition.course.code} – {edition.course.title}")
        location = _location(session)
        if location:
            event.add("location", location)
        event.add(
            "description",
            _description(session, with_link=edition.pk in link_edition_ids),
        )
        event.add("url", absolute_url(edition.course.get_absolute_url()))
        if session.is_cancelled:
            # Calendars that subscribed keep the event and show it cancelled.
            event.add("status", "CANCELLED")
        if session.is_online and edition.pk in link_edition_ids and session.meeting_url:
            event.add("conference", session.meeting_url, parameters={"value": "URI"})
        calendar.add_component(event)
    entries = list(entries)
    for entry in entries:
        calendar.add_component(_entry_event(entry, now))
    days: list[date] = [session.date for session in sessions]
    days += [day for entry in entries for day in (entry.starts_on, entry.ends_on)]
    if days:
        first, last = min(days), max(days)
        calendar.add_missing_timezones(
            first_date=first - timedelta(days=366), last_date=last + timedelta(days=366)
        )
    return calendar.to_ical()
