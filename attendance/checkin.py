"""Self check-in codes: six digits that change every minute, different for every day.

Nothing is stored: a code is a keyed hash (the site's secret) of the day and
of the minute, so any app server computes the same one. The code shown is
accepted for the minute it is shown and the next, so someone typing it as
it changes is not refused; older codes of the same day are "expired", any
other code is wrong (a code of another day never matches this day's).
"""

import enum
from datetime import datetime, timedelta

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

from courses.models import Session

SALT = "attendance.checkin"
DIGITS = 6


class CodeCheck(enum.Enum):
    VALID = "valid"
    EXPIRED = "expired"
    WRONG = "wrong"


def period() -> int:
    """Seconds each code is shown for."""
    return settings.ATTENDANCE_CHECKIN_CODE_SECONDS


def window_of(moment: datetime) -> int:
    return int(moment.timestamp()) // period()


def code_for(session: Session, window: int) -> str:
    digest = salted_hmac(SALT, f"{session.pk}:{window}", algorithm="sha256").hexdigest()
    return str(int(digest[:12], 16) % 10**DIGITS).zfill(DIGITS)


def current_code(session: Session, now: datetime) -> str:
    return code_for(session, window_of(now))


def seconds_left(now: datetime) -> int:
    """Seconds until the code shown now changes."""
    return period() - int(now.timestamp()) % period()


def check_in_opens(session: Session) -> datetime:
    """Participants may check in from a little before the day starts until it ends."""
    return session.starts() - timedelta(minutes=settings.ATTENDANCE_CHECKIN_OPENS_MINUTES_BEFORE)


def is_check_in_open(session: Session, now: datetime) -> bool:
    return check_in_opens(session) <= now <= session.ends()


def check_code(session: Session, code: str | None, now: datetime) -> CodeCheck:
    code = (code or "").strip().replace(" ", "")
    if len(code) != DIGITS or not code.isdigit():
        return CodeCheck.WRONG
    window = window_of(now)
    if any(constant_time_compare(code, code_for(session, w)) for w in (window, window - 1)):
        return CodeCheck.VALID
    first = window_of(check_in_opens(session))
    for earlier in range(window - 2, first - 1, -1):
        if constant_time_compare(code, code_for(session, earlier)):
            return CodeCheck.EXPIRED
    return CodeCheck.WRONG
