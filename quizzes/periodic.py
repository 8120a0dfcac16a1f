from datetime import timedelta

from website.core.periodic import periodic

from .services import attempts_close_overdue


@periodic(every=timedelta(minutes=1))
def close_overdue_attempts():
    """Finish the attempts whose time ran out while the learner was away."""
    attempts_close_overdue()
