"""iCalendar (RFC 5545) feeds of classroom days.

Each day is one event whose UID never changes (it is built from the day's
id and the site's host), with its times in Europe/Rome and the time zone
described in the feed itself, so calendar apps place it right anywhere.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from website.core.links import absolute_url, site_host


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


def sessions_calendar(*, name, sessions, link_edition_ids=frozenset(), now=None) -> bytes:
    """A calendar of ``sessions``; live links only for editions in ``link_edition_ids``."""
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
    if sessions:
        first = min(session.date for session in sessions)
        last = max(session.date for session in sessions)
        calendar.add_missing_timezones(
            first_date=first - timedelta(days=366), last_date=last + timedelta(days=366)
        )
    return calendar.to_ical()
