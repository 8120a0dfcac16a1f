"""The teacher's page of an edition counts missing marks only for days that have started."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from attendance.selectors import missing_marks
from courses.models import Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def running_edition(make_edition, teacher, place, make_user):
    """Held yesterday, to be held tomorrow: three participants, no marks yet."""
    edition = make_edition(starts_in=-1, days=1)
    Session.objects.create(
        edition=edition,
        date=timezone.localdate() + timedelta(days=1),
        starts_at=time(9),
        ends_at=time(14),
        hours=5,
    )
    edition.ends_on = timezone.localdate() + timedelta(days=1)
    edition.save(update_fields=["ends_on"])
    edition.teachers.add(teacher)
    for number in range(3):
        place(make_user(email=f"partecipante{number}@example.org"), edition)
    return edition


def test_the_teachers_page_counts_only_the_days_that_have_started(client, teacher, running_edition):
    client.force_login(teacher)
    response = client.get(reverse("courses:teaching_edition", args=[running_edition.code]))
    text = " ".join(response.content.decode().split())
    assert "Mancano 3 presenze da segnare." in text  # yesterday's, not tomorrow's too


def test_a_day_counts_from_its_start(running_edition):
    tomorrow = timezone.localdate() + timedelta(days=1)
    tz = timezone.get_current_timezone()
    before = datetime.combine(tomorrow, time(8, 59), tzinfo=tz)
    after = datetime.combine(tomorrow, time(9, 0), tzinfo=tz)
    assert missing_marks(running_edition, started_by=before) == 3
    assert missing_marks(running_edition, started_by=after) == 6
    assert missing_marks(running_edition) == 6  # closing a register still needs every day
