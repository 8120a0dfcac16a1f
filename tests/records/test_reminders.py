"""Reminders: from September, at most monthly, opt-out respected, managers told."""

from datetime import date

import pytest
from django.core import mail

from records import services
from records.models import ReminderPreference

pytestmark = pytest.mark.django_db


def run(day, capture):
    with capture(execute=True):
        return services.reminders_send(today=day)


def test_nothing_before_september(operator, centre_manager, django_capture_on_commit_callbacks):
    assert run(date(2026, 8, 31), django_capture_on_commit_callbacks) == (0, 0)
    assert mail.outbox == []


def test_once_a_month_to_people_behind_and_their_managers(
    operator, colleague, centre_manager, external, django_capture_on_commit_callbacks
):
    external(colleague, date(2026, 5, 1), hours="40")  # done: not behind
    people, managers = run(date(2026, 9, 2), django_capture_on_commit_callbacks)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    # The operator and the manager are both behind; the manager hears about the operator.
    assert (people, managers) == (2, 1)
    assert recipients == sorted([operator.email, centre_manager.email, centre_manager.email])
    assert run(date(2026, 9, 20), django_capture_on_commit_callbacks) == (0, 0)
    assert run(date(2026, 10, 1), django_capture_on_commit_callbacks) == (2, 1)


def test_people_who_opted_out_get_nothing_but_their_manager_still_knows(
    operator, centre_manager, django_capture_on_commit_callbacks
):
    services.reminder_preference_set(user=operator, wants_reminders=False)
    services.reminder_preference_set(user=centre_manager, wants_reminders=False)
    assert ReminderPreference.objects.count() == 2
    assert run(date(2026, 11, 3), django_capture_on_commit_callbacks) == (0, 1)
    assert [message.to for message in mail.outbox] == [[centre_manager.email]]
