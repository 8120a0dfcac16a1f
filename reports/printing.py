"""What a printed report says at the top of every sheet: which report, which period, which day."""

from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Programme
from website.core.dates import date_range, day_phrase


def programme_period(programme: Programme | None) -> str:
    """«Piano 2026, dall'8 marzo al 30 novembre 2026», or every plan when none is chosen."""
    if programme is None:
        return _("tutti i piani formativi")
    return _("%(title)s, %(period)s") % {
        "title": programme.title,
        "period": date_range(programme.starts_on, programme.ends_on),
    }


def report_heading(title: str, programme: Programme | None, *, scope: str = "") -> str:
    """«Partecipazione per cluster · tutti i piani formativi · dati al 5 dicembre 2026»."""
    parts = [str(title)]
    if scope:
        parts.append(scope)
    parts.append(programme_period(programme))
    parts.append(_("dati %(day)s") % {"day": day_phrase(timezone.localdate(), "al")})
    return " · ".join(parts)
