"""Live unread counts: one push per change, or one per person at the end of a bulk block."""

import pytest

from website.notifications import services
from website.notifications.services import notification_create, pushes_held

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch):
    """What the channel layer was asked to send: (group, message) in order."""
    messages = []

    class Layer:
        async def group_send(self, group, message):
            messages.append((group, message))

    monkeypatch.setattr(services, "get_channel_layer", Layer)
    return messages


def test_each_committed_notification_pushes_the_count_at_once(
    sent, make_user, django_capture_on_commit_callbacks
):
    person = make_user()
    for title in ("Uno", "Due"):
        with django_capture_on_commit_callbacks(execute=True):
            notification_create(recipient=person, kind="prova", title=title)
    group = f"user-{person.pk}"
    assert sent == [
        (group, {"type": "notifications.count", "unread": 1}),
        (group, {"type": "notifications.count", "unread": 2}),
    ]


def test_a_bulk_block_pushes_once_per_person_at_its_end(
    sent, make_user, django_capture_on_commit_callbacks
):
    first, second, untouched = make_user(), make_user(), make_user()
    with pushes_held():
        for person in (first, second, first):
            with django_capture_on_commit_callbacks(execute=True):
                notification_create(recipient=person, kind="prova", title="Attestato")
        assert sent == []
    assert sorted(sent) == sorted(
        [
            (f"user-{first.pk}", {"type": "notifications.count", "unread": 2}),
            (f"user-{second.pk}", {"type": "notifications.count", "unread": 1}),
        ]
    )
    assert all(group != f"user-{untouched.pk}" for group, _message in sent)


def test_a_block_stopped_half_way_still_pushes_what_was_committed(
    sent, make_user, django_capture_on_commit_callbacks
):
    person = make_user()
    with pytest.raises(RuntimeError), pushes_held():
        with django_capture_on_commit_callbacks(execute=True):
            notification_create(recipient=person, kind="prova", title="Attestato")
        raise RuntimeError("the worker stopped")
    assert sent == [(f"user-{person.pk}", {"type": "notifications.count", "unread": 1})]
