from datetime import timedelta

from website.core.periodic import periodic

from .services import session_reminders_send


@periodic(every=timedelta(hours=1))
def send_session_reminders():
    """Remind participants of tomorrow's classroom days (each reminder goes out once)."""
    session_reminders_send()
