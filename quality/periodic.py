from datetime import timedelta

from website.core.periodic import periodic

from .services import overdue_reminders_send


@periodic(every=timedelta(hours=6))
def send_overdue_action_reminders():
    """Tell owners and managers of overdue improvement actions (once per action and due date)."""
    overdue_reminders_send()
