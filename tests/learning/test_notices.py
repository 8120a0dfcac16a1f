"""The periodic job tells each learner once that an activity opened for them."""

from datetime import timedelta

import pytest
from django.core import mail

from learning.availability import opening_time
from learning.models import ActivityNotice
from learning.services import opening_notices_send
from website.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_an_opened_activity_is_announced_once(online, learner, edition, committed):
    link = online["link"]
    opens = opening_time(link, edition)
    with committed():
        assert opening_notices_send(now=opens - timedelta(hours=1)) == 0
        assert opening_notices_send(now=opens + timedelta(hours=1)) == 1
        assert opening_notices_send(now=opens + timedelta(hours=2)) == 0
    assert ActivityNotice.objects.get().user == learner
    assert len(mail.outbox) == 1
    assert "«Leggi il decreto» è disponibile" in mail.outbox[0].subject
    notice = Notification.objects.get(recipient=learner)
    assert notice.url.endswith(f"/attivita/{link.pk}/")


def test_an_old_opening_is_not_announced(online, learner, edition):
    opens = opening_time(online["link"], edition)
    assert opening_notices_send(now=opens + timedelta(days=30)) == 0


def test_the_job_is_registered():
    from website.core.periodic import registered_jobs

    assert "learning.periodic.send_opening_notices" in registered_jobs()
