"""Who may do what in the forums: the single source of truth.

Views, selectors, the websocket consumer, emails, the digest, the panels and
the tests all ask these functions. Reading and moderating are decided per
forum by two querysets (``readable_forums`` and ``moderated_forums``), so a
list of forums and the check on one forum can never disagree; everything else
(topics, posts, attachments) follows from the forum's rights and the state of
the object.

Who belongs where:

- the community forums: every active registered person;
- a cluster's forum: staff whose confirmed centre (``User.centre``, which
  only someone entitled grants: see ``website.accounts.services``) is in the
  cluster, its leads, its coaches and the teachers of its editions; its
  leads moderate it;
- an edition's forum: people with a confirmed place and its teachers, who
  moderate it;
- whoever holds ``forums.moderate_all`` (training managers, superusers)
  reads and moderates every forum; a forum's extra moderators moderate (and
  so read) it;
- in an announcements forum, moderators and holders of
  ``forums.post_announcements`` (teachers, coaches, training managers) start
  topics.

The rights of one person on one forum are read in one query and remembered on
the user object for the rest of the request. Long-lived code (the websocket
consumer) loads a fresh user object when it must re-check.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeGuard

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils import timezone

from courses.models import Edition, Enrolment
from courses.relations import placed_edition_ids, taught_cluster_ids, taught_edition_ids
from website.accounts.models import Cluster
from website.accounts.relations import coached_cluster_ids, led_cluster_ids, staff_cluster_ids
from website.accounts.types import AnyUser, User

from .models import Attachment, Forum, Post, Topic


@dataclass(frozen=True)
class ForumRights:
    read: bool
    moderate: bool


NO_RIGHTS = ForumRights(read=False, moderate=False)
ALL_RIGHTS = ForumRights(read=True, moderate=True)


def _is_active(user: AnyUser | None) -> TypeGuard[User]:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _sees_everything(user: AnyUser) -> bool:
    return user.has_perm("forums.moderate_all")


def _moderated_q(user: User) -> Q:
    return (
        Q(pk__in=Forum.moderators.through.objects.filter(user_id=user.pk).values("forum_id"))
        | Q(kind=Forum.Kind.CLUSTER, cluster_id__in=led_cluster_ids(user))
        | Q(kind=Forum.Kind.EDITION, edition_id__in=taught_edition_ids(user))
    )


def _member_q(user: User) -> Q:
    member_cluster_ids = (
        Q(cluster_id__in=staff_cluster_ids(user))
        | Q(cluster_id__in=led_cluster_ids(user))
        | Q(cluster_id__in=coached_cluster_ids(user))
        | Q(cluster_id__in=taught_cluster_ids(user))
    )
    member_edition_ids = Q(edition_id__in=placed_edition_ids(user)) | Q(
        edition_id__in=taught_edition_ids(user)
    )
    return (
        Q(kind=Forum.Kind.COMMUNITY)
        | (Q(kind=Forum.Kind.CLUSTER) & member_cluster_ids)
        | (Q(kind=Forum.Kind.EDITION) & member_edition_ids)
    )


def readable_forums(user: AnyUser | None) -> QuerySet[Forum]:
    """Every forum the person may read."""
    if not _is_active(user):
        return Forum.objects.none()
    return readable_by(user, everything=_sees_everything(user))


def sees_every_forum(user: User) -> bool:
    return _sees_everything(user)


def readable_by(user: User, *, everything: bool) -> QuerySet[Forum]:
    """:func:`readable_forums` of an active person, ``everything`` saying whether they see
    every forum (reading only ``user.pk``: the dashboard builds it once for everyone)."""
    if everything:
        return Forum.objects.all()
    return Forum.objects.filter(_member_q(user) | _moderated_q(user))


def moderated_forums(user: AnyUser | None) -> QuerySet[Forum]:
    """Every forum the person moderates."""
    if not _is_active(user):
        return Forum.objects.none()
    if _sees_everything(user):
        return Forum.objects.all()
    return Forum.objects.filter(_moderated_q(user))


def forum_rights(user: AnyUser | None, forum_id: int) -> ForumRights:
    """The person's rights on one forum, in one query (remembered on the user object)."""
    if not _is_active(user):
        return NO_RIGHTS
    if _sees_everything(user):
        return ALL_RIGHTS
    cache: dict[int, ForumRights] = user.__dict__.setdefault("_aula_forum_rights", {})
    if forum_id not in cache:
        moderated = _moderated_q(user)
        row = (
            Forum.objects.filter(pk=forum_id)
            .annotate(
                can_read=ExpressionWrapper(_member_q(user) | moderated, BooleanField()),
                can_moderate=ExpressionWrapper(moderated, BooleanField()),
            )
            .values_list("can_read", "can_moderate")
            .first()
        )
        cache[forum_id] = (
            ForumRights(read=bool(row[0]), moderate=bool(row[1])) if row else NO_RIGHTS
        )
    return cache[forum_id]


def forget_rights(user: AnyUser) -> None:
    """Drop what the user object remembers (after a change of membership)."""
    user.__dict__.pop("_aula_forum_rights", None)


# --- Forums ------------------------------------------------------------------


def can_read_forum(user: AnyUser, forum: Forum) -> bool:
    return forum_rights(user, forum.pk).read


def can_moderate_forum(user: AnyUser, forum: Forum) -> bool:
    return forum_rights(user, forum.pk).moderate


def can_start_topic(user: AnyUser, forum: Forum) -> bool:
    rights = forum_rights(user, forum.pk)
    if not rights.read:
        return False
    return (
        not forum.is_announcements or rights.moderate or user.has_perm("forums.post_announcements")
    )


# --- Topics ------------------------------------------------------------------


def _is_author(user: AnyUser, obj: Topic | Post) -> bool:
    return obj.author_id is not None and obj.author_id == user.pk


def can_read_topic(user: AnyUser, topic: Topic) -> bool:
    rights = forum_rights(user, topic.forum_id)
    if not rights.read:
        return False
    return topic.is_visible or rights.moderate or _is_author(user, topic)


def can_moderate_topic(user: AnyUser, topic: Topic) -> bool:
    return forum_rights(user, topic.forum_id).moderate


def can_reply(user: AnyUser, topic: Topic) -> bool:
    if not can_read_topic(user, topic):
        return False
    if can_moderate_topic(user, topic):
        return True
    return topic.is_visible and not topic.is_locked


# --- Posts -------------------------------------------------------------------


def can_read_post(user: AnyUser, post: Post) -> bool:
    if not can_read_topic(user, post.topic):
        return False
    return post.is_visible or can_moderate_topic(user, post.topic) or _is_author(user, post)


def can_edit_post(user: AnyUser, post: Post) -> bool:
    if not can_read_post(user, post):
        return False
    if can_moderate_topic(user, post.topic):
        return True
    return _is_author(user, post) and not post.is_hidden and not post.topic.is_locked


def delete_window() -> timedelta:
    return timedelta(minutes=settings.FORUMS_DELETE_WINDOW_MINUTES)


def can_delete_post(user: AnyUser, post: Post, *, now: datetime | None = None) -> bool:
    """Authors withdraw their own post for a short while; moderators hide instead."""
    if not (_is_author(user, post) and can_read_post(user, post)):
        return False
    return (now or timezone.now()) - post.created_at <= delete_window()


def can_react(user: AnyUser, post: Post) -> bool:
    return post.is_visible and can_read_post(user, post) and not _is_author(user, post)


def can_report(user: AnyUser, post: Post) -> bool:
    return post.is_visible and can_read_post(user, post) and not _is_author(user, post)


def can_view_revisions(user: AnyUser, post: Post) -> bool:
    return can_read_post(user, post) and (
        _is_author(user, post) or can_moderate_topic(user, post.topic)
    )


def can_read_attachment(user: AnyUser, attachment: Attachment) -> bool:
    return can_read_post(user, attachment.post)


# --- The same rules read the other way: who may read a forum or a topic ------
#
# What the @mention suggestions list. Each clause mirrors one clause of ``_member_q`` and
# ``_moderated_q`` (and ``_sees_everything``); tests/forums/test_inpage.py checks,
# person by person and forum by forum, that both directions give the same answer.


def _everything_q() -> Q:
    moderate_all = Permission.objects.filter(
        content_type__app_label="forums", codename="moderate_all"
    )
    holders = User.objects.filter(
        Q(groups__permissions__in=moderate_all) | Q(user_permissions__in=moderate_all)
    )
    return Q(is_superuser=True) | Q(pk__in=holders.values("pk"))


def _moderators_of_q(forum: Forum) -> Q:
    moderators = Q(
        pk__in=Forum.moderators.through.objects.filter(forum_id=forum.pk).values("user_id")
    )
    if forum.kind == Forum.Kind.CLUSTER and forum.cluster_id is not None:
        moderators |= Q(
            pk__in=Cluster.leads.through.objects.filter(cluster_id=forum.cluster_id).values(
                "user_id"
            )
        )
    if forum.kind == Forum.Kind.EDITION and forum.edition_id is not None:
        moderators |= Q(
            pk__in=Edition.teachers.through.objects.filter(edition_id=forum.edition_id).values(
                "user_id"
            )
        )
    return _everything_q() | moderators


def _members_of_q(forum: Forum) -> Q:
    if forum.kind == Forum.Kind.COMMUNITY:
        return Q(pk__isnull=False)  # everyone (an empty Q() would vanish in an OR)
    if forum.kind == Forum.Kind.CLUSTER and forum.cluster_id is not None:
        cluster_id = forum.cluster_id
        return (
            Q(centre__cluster_id=cluster_id)
            | Q(
                pk__in=Cluster.leads.through.objects.filter(cluster_id=cluster_id).values("user_id")
            )
            | Q(
                pk__in=Cluster.coaches.through.objects.filter(cluster_id=cluster_id).values(
                    "user_id"
                )
            )
            | Q(
                pk__in=Edition.teachers.through.objects.filter(
                    edition__cluster_id=cluster_id
                ).values("user_id")
            )
        )
    if forum.kind == Forum.Kind.EDITION and forum.edition_id is not None:
        edition_id = forum.edition_id
        return Q(
            pk__in=Enrolment.objects.filter(
                edition_id=edition_id, status=Enrolment.Status.APPROVED
            ).values("user_id")
        ) | Q(
            pk__in=Edition.teachers.through.objects.filter(edition_id=edition_id).values("user_id")
        )
    return Q(pk__in=[])


def forum_readers(forum: Forum) -> QuerySet[User]:
    """Every active person who may read the forum (``readable_forums`` the other way round)."""
    allowed = _members_of_q(forum) | _moderators_of_q(forum)
    return User.objects.filter(is_active=True).filter(allowed)


def topic_readers(topic: Topic) -> QuerySet[User]:
    """Every active person who may read the topic (``can_read_topic`` the other way round)."""
    if topic.is_visible:
        return forum_readers(topic.forum)
    forum = topic.forum
    allowed = _moderators_of_q(forum) | (Q(pk=topic.author_id or 0) & _members_of_q(forum))
    return User.objects.filter(is_active=True).filter(allowed)


# --- Querysets for lists -----------------------------------------------------


def visible_topics_q(user: AnyUser, *, moderator: bool) -> Q:
    """Topics of one forum the person sees in its list."""
    if moderator:
        return Q()
    return Q(is_hidden=False, is_approved=True) | Q(author_id=user.pk)


def visible_posts_q(user: AnyUser, *, moderator: bool, prefix: str = "") -> Q:
    """Posts of one topic the person sees."""
    if moderator:
        return Q()
    return Q(**{f"{prefix}is_hidden": False, f"{prefix}is_approved": True}) | Q(
        **{f"{prefix}author_id": user.pk}
    )
