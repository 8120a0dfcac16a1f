from datetime import timedelta

from website.core.periodic import periodic

from .services import opening_notices_send


@periodic(every=timedelta(hours=1))
def send_opening_notices():
    """Tell learners that an activity opened for them (each person once per activity)."""
    opening_notices_send()
