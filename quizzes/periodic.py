from datetime import timedelta

from website.core.periodic import periodic

from .services import attempts_close_overdue, closing_reminders_send


@periodic(every=timedelta(minutes=1))
def close_overdue_attempts():
    """Finish the attempts whose time ran out while the learner was away."""
    attempts_close_overdue()


@periodic(every=timedelta(hours=1))
def send_closing_reminders():
    """Remind learners who have not finished a quiz that it closes within a day."""
    closing_reminders_send()
