"""Who may read, post in and moderate which forum: the single source of truth, checked."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import Enrolment
from forums import permissions, services
from forums.models import Forum, Post

from .conftest import enrol

PEOPLE = [
    "operator",
    "outsider",
    "cluster_lead",
    "coach",
    "centre_manager",
    "teacher",
    "training_manager",
    "editor",
    "participant",
]

# Who reads and who moderates each forum (the cluster is the northern one, the
# edition is the northern edition taught by `teacher` with `participant` enrolled).
EXPECTED = {
    "community": {
        "read": set(PEOPLE),
        "moderate": {"training_manager"},
    },
    "north_forum": {
        "read": {
            "operator",
            "cluster_lead",
            "coach",
            "centre_manager",
            "teacher",
            "training_manager",
        },
        "moderate": {"cluster_lead", "training_manager"},
    },
    "south_forum": {
        "read": {"outsider", "participant", "training_manager"},
        "moderate": {"training_manager"},
    },
    "edition_forum": {
        "read": {"teacher", "participant", "training_manager"},
        "moderate": {"teacher", "training_manager"},
    },
}


@pytest.fixture
def everyone(request, edition):
    return {name: request.getfixturevalue(name) for name in PEOPLE}


@pytest.mark.parametrize("forum_name", EXPECTED)
def test_who_reads_and_moderates_each_forum(request, everyone, forum_name):
    forum = request.getfixturevalue(forum_name)
    readers = {name for name, user in everyone.items() if permissions.can_read_forum(user, forum)}
    moderators = {
        name for name, user in everyone.items() if permissions.can_moderate_forum(user, forum)
    }
    assert readers == EXPECTED[forum_name]["read"]
    assert moderators == EXPECTED[forum_name]["moderate"]


def test_lists_and_single_checks_agree_for_every_person_and_forum(everyone, other_edition):
    forums = list(Forum.objects.all())
    assert len(forums) >= 6
    for user in everyone.values():
        readable = set(permissions.readable_forums(user).values_list("pk", flat=True))
        moderated = set(permissions.moderated_forums(user).values_list("pk", flat=True))
        for forum in forums:
            assert (forum.pk in readable) == permissions.can_read_forum(user, forum), (user, forum)
            assert (forum.pk in moderated) == permissions.can_moderate_forum(user, forum)
        assert moderated <= readable


def test_anonymous_and_inactive_people_read_nothing(community, operator, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert not permissions.can_read_forum(AnonymousUser(), community)
    assert not permissions.readable_forums(AnonymousUser()).exists()
    operator.is_active = False
    operator.save()
    operator = django_user_model.objects.get(pk=operator.pk)
    assert not permissions.can_read_forum(operator, community)


def test_explicit_moderators_moderate_and_read(south_forum, operator):
    assert not permissions.can_read_forum(operator, south_forum)
    south_forum.moderators.add(operator)
    permissions.forget_rights(operator)
    assert permissions.can_moderate_forum(operator, south_forum)
    assert permissions.can_read_forum(operator, south_forum)


def test_a_request_or_a_waiting_list_place_gives_no_access(edition, edition_forum, outsider):
    enrol(outsider, edition, status=Enrolment.Status.WAITLISTED)
    assert not permissions.can_read_forum(outsider, edition_forum)


def test_withdrawing_from_an_edition_loses_its_forum(participant, edition_forum):
    assert permissions.can_read_forum(participant, edition_forum)
    Enrolment.objects.filter(user=participant).update(status=Enrolment.Status.WITHDRAWN)
    permissions.forget_rights(participant)
    assert not permissions.can_read_forum(participant, edition_forum)


def test_only_staff_and_moderators_start_announcement_topics(
    announcements, operator, teacher, coach, training_manager, cluster_lead
):
    assert not permissions.can_start_topic(operator, announcements)
    assert not permissions.can_start_topic(cluster_lead, announcements)
    for person in (teacher, coach, training_manager):
        assert permissions.can_start_topic(person, announcements)


def test_hidden_and_unapproved_content_is_for_moderators_and_author(
    north_topic, operator, cluster_lead, coach
):
    post = north_topic.posts.get()
    services.topic_set_hidden(topic=north_topic, actor=cluster_lead, hidden=True)
    north_topic.refresh_from_db()
    assert permissions.can_read_topic(operator, north_topic)  # the author
    assert permissions.can_read_topic(cluster_lead, north_topic)  # a moderator
    assert not permissions.can_read_topic(coach, north_topic)  # another reader
    services.topic_set_hidden(topic=north_topic, actor=cluster_lead, hidden=False)
    north_topic.refresh_from_db()
    Post.objects.filter(pk=post.pk).update(is_approved=False)
    post.refresh_from_db()
    assert permissions.can_read_post(operator, post)
    assert permissions.can_read_post(cluster_lead, post)
    assert not permissions.can_read_post(coach, post)


def test_edit_delete_react_and_report_rules(north_topic, operator, coach, cluster_lead):
    post = north_topic.posts.select_related("topic").get()
    assert permissions.can_edit_post(operator, post)
    assert not permissions.can_edit_post(coach, post)
    assert permissions.can_edit_post(cluster_lead, post)
    assert permissions.can_delete_post(operator, post)
    assert not permissions.can_delete_post(operator, post, now=timezone.now() + timedelta(hours=2))
    assert not permissions.can_delete_post(cluster_lead, post)  # moderators hide instead
    assert permissions.can_react(coach, post) and not permissions.can_react(operator, post)
    assert permissions.can_report(coach, post) and not permissions.can_report(operator, post)
    assert permissions.can_view_revisions(operator, post)
    assert permissions.can_view_revisions(cluster_lead, post)
    assert not permissions.can_view_revisions(coach, post)


def test_a_locked_topic_takes_replies_and_edits_only_from_moderators(
    north_topic, operator, cluster_lead
):
    services.topic_set_flag(topic=north_topic, actor=cluster_lead, flag="is_locked", value=True)
    north_topic.refresh_from_db()
    post = north_topic.posts.select_related("topic").get()
    assert not permissions.can_reply(operator, north_topic)
    assert not permissions.can_edit_post(operator, post)
    assert permissions.can_reply(cluster_lead, north_topic)
