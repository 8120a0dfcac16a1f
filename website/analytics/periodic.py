from datetime import timedelta

from website.core.periodic import periodic

from .services import visits_close_periods, visits_prepare_salts


@periodic(every=timedelta(hours=1))
def close_visit_periods():
    """Final counts for finished days and months; their visitor hashes and keys are deleted."""
    visits_close_periods()
    visits_prepare_salts()
