from datetime import timedelta

from website.core.periodic import periodic

from .services import reminders_send


@periodic(every=timedelta(hours=6))
def send_training_hours_reminders():
    """From September, people behind pace and their managers: at most once a month each."""
    reminders_send()
