"""The moderation log is kept for good: nobody edits or deletes its entries, and neither the
forum nor the moderator they name can be deleted. An author may still withdraw their own post:
the entry stays, without its link to what was withdrawn."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from forums import services
from forums.models import Forum, ModerationAction
from website.accounts.models import User
from website.core.models import AppendOnlyError

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged(north_topic, cluster_lead, operator):
    """A reply by the operator, hidden and restored by the cluster lead; the topic pinned."""
    reply = services.post_create(topic=north_topic, author=operator, source="Una risposta")
    services.post_set_hidden(post=reply, actor=cluster_lead, hidden=True)
    services.post_set_hidden(post=reply, actor=cluster_lead, hidden=False)
    services.topic_set_flag(topic=north_topic, actor=cluster_lead, flag="is_pinned", value=True)
    return reply


def log():
    return list(
        ModerationAction.objects.order_by("pk").values_list(
            "pk", "action", "actor", "forum", "topic", "detail"
        )
    )


def test_the_log_cannot_be_edited_or_deleted(logged):
    before = log()
    assert [action for _pk, action, *_rest in before] == ["hide_post", "restore_post", "pin"]
    entry = ModerationAction.objects.first()
    for attempt in (
        ModerationAction.objects.all().delete,
        lambda: ModerationAction.objects.update(detail="riscritto"),
        entry.delete,
        entry.save,
    ):
        with pytest.raises(AppendOnlyError):
            attempt()
    assert log() == before


def test_the_moderator_and_the_forum_stay(logged, cluster_lead, north_forum):
    before = log()
    with pytest.raises(ProtectedError):
        cluster_lead.delete()
    with pytest.raises(ProtectedError):
        User.objects.filter(pk=cluster_lead.pk).delete()
    with pytest.raises(ProtectedError):
        north_forum.delete()
    assert log() == before
    assert all(actor == cluster_lead.pk for _pk, _action, actor, *_rest in before)


def test_the_admin_refuses_to_delete_a_forum_with_a_log(client, logged, north_forum, make_user):
    client.force_login(make_user(superuser=True))
    before = log()
    response = client.post(f"/admin/forum/forum/delete/{north_forum.pk}/", follow=True)
    assert response.status_code == 200
    (message,) = [str(message) for message in response.context["messages"]]
    assert "non si può eliminare" in message and "registro di moderazione" in message
    assert Forum.objects.filter(pk=north_forum.pk).exists()
    assert log() == before


def test_an_author_still_withdraws_a_moderated_post_and_the_entries_stay(logged, operator):
    """On PostgreSQL this is the one change the trigger allows: emptying the link."""
    before = log()
    services.post_delete(post=logged, actor=operator)
    after = ModerationAction.objects.order_by("pk")
    assert list(after.values_list("pk", "action", "actor", "forum", "topic", "detail")) == before
    assert [entry.post_id for entry in after] == [None, None, None]


@pytest.mark.postgres
def test_postgresql_refuses_raw_edits_but_an_emptied_link(logged, north_topic, operator):
    other = services.topic_create(
        forum=north_topic.forum, author=operator, title="Un'altra", source="Testo"
    )
    before = log()
    for sql, params in (
        ("UPDATE forums_moderationaction SET detail = 'riscritto'", ()),
        ("UPDATE forums_moderationaction SET actor_id = NULL", ()),
        ("UPDATE forums_moderationaction SET topic_id = %s", (other.pk,)),
        ("UPDATE forums_moderationaction SET topic_id = NULL, detail = 'x'", ()),
        ("DELETE FROM forums_moderationaction", ()),
    ):
        with (
            pytest.raises(IntegrityError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, params)
    assert log() == before
    with connection.cursor() as cursor:
        cursor.execute("UPDATE forums_moderationaction SET topic_id = NULL, post_id = NULL")
    assert ModerationAction.objects.filter(topic__isnull=True).count() == 3
