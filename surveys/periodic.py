from datetime import timedelta

from website.core.periodic import periodic

from .services import anonymous_responses_shuffle, survey_notices_send


@periodic(every=timedelta(hours=1))
def send_survey_notices():
    """Tell participants that a survey waits for them (each person once per survey)."""
    survey_notices_send()


@periodic(every=timedelta(minutes=10))
def shuffle_anonymous_responses():
    """Rewrite new anonymous responses in a random order (see services)."""
    anonymous_responses_shuffle()
