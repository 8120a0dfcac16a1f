"""Reading the forums. Every list is filtered through ``permissions``.

The page-building selectors make a fixed number of queries whatever the
number of forums, topics and posts: counters are denormalised, and per-person
state (unread counts, reactions) comes from correlated subqueries or one
prefetch.
"""

from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, TypedDict

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    Lookup,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _

from courses.models import Course
from website.accounts.roles import Role
from website.accounts.types import AnyUser, User
from website.core.prepared import prepared_objects

from .counters import pending_read_marks
from .models import (
    Forum,
    ForumEvent,
    ForumReadMark,
    ModerationAction,
    Post,
    PostSearchEntry,
    Reaction,
    Report,
    Subscription,
    Topic,
    TopicReadMark,
)
from .permissions import (
    moderated_forums,
    readable_by,
    readable_forums,
    sees_every_forum,
    visible_posts_q,
    visible_topics_q,
)
from .search import fts5_query, search_words

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise, WithAnnotations

POSTS_PER_PAGE = 20
TOPICS_PER_PAGE = 25
# As Moodle's forum search (mod/forum/search.php, perpage 10): each result costs the page its
# excerpt and its markup, and twenty made a page at scale 100 a fifth slower than one with a few.
SEARCH_RESULTS_PER_PAGE = 10

VISIBLE_POST = Q(is_hidden=False, is_approved=True)
VISIBLE_TOPIC = Q(is_hidden=False, is_approved=True)


class ReadUpto(TypedDict):
    """What ``topic_for_reader`` adds to a topic: the last post the person has read."""

    read_upto: int


def _read_upto(user: User, *, topic_ref: str = "pk", forum_ref: str = "forum_id") -> Greatest:
    """The id up to which the person has read a topic (its own mark or its forum's)."""
    topic_mark = TopicReadMark.objects.filter(user_id=user.pk, topic_id=OuterRef(topic_ref)).values(
        "last_read_post_id"
    )[:1]
    forum_mark = ForumReadMark.objects.filter(user_id=user.pk, forum_id=OuterRef(forum_ref)).values(
        "last_read_post_id"
    )[:1]
    marks: list[Coalesce | Case] = [
        Coalesce(Subquery(topic_mark, output_field=IntegerField()), Value(0)),
        Coalesce(Subquery(forum_mark, output_field=IntegerField()), Value(0)),
    ]
    # What the person read since the counters were last written to the database.
    pending = pending_read_marks(user.pk)
    if pending:
        whens = [When(**{topic_ref: topic}, then=Value(post)) for topic, post in pending.items()]
        marks.append(Case(*whens, default=Value(0), output_field=IntegerField()))
    return Greatest(*marks)


def _count(queryset: QuerySet[Topic] | QuerySet[Post], group_by: str) -> Coalesce:
    """A correlated COUNT(*) subquery."""
    return Coalesce(
        Subquery(
            queryset.order_by().values(group_by).annotate(total=Count("pk")).values("total"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


# --- Forums --------------------------------------------------------------------------------------


def forum_list(user: User) -> QuerySet[Forum]:
    """The forums the person may read, with their unread topics and each one's latest post,
    in display order."""
    return forums_with_unread(user).select_related(
        "last_post__author", "last_post__topic", "cluster", "edition__course"
    )


def forums_with_unread(user: User) -> QuerySet[Forum]:
    """The forums the person may read, with ``unread_topics`` (how many of their topics have
    a post the person has not read), in display order: the dashboard's list of names."""
    return _with_unread(readable_forums(user), user)


def _with_unread(forums: QuerySet[Forum], user: User) -> QuerySet[Forum]:
    unread_topics = (
        Topic.objects.filter(VISIBLE_TOPIC, forum_id=OuterRef("pk"))
        .annotate(read_upto=_read_upto(user))
        .filter(last_post_id__gt=F("read_upto"))
    )
    return forums.annotate(unread_topics=_count(unread_topics, "forum_id")).order_by(
        "position", "title"
    )


def dashboard_forums(user: User) -> list[Forum]:
    """:func:`forums_with_unread` as a list, in a query built once per shape (whether the
    person sees every forum) while nothing they read waits to be written to the database."""
    if not (user.is_authenticated and user.is_active):
        return []
    if pending_read_marks(user.pk):
        return list(forums_with_unread(user))
    everything = sees_every_forum(user)
    return prepared_objects(
        ("forums.dashboard", everything),
        partial(_dashboard_query, everything=everything),
        [user.pk],
    )


def _dashboard_query(user_id: int, *, everything: bool) -> QuerySet[Forum]:
    person = get_user_model()(pk=user_id)
    return _with_unread(readable_by(person, everything=everything), person)


def forum_for_slug(user: AnyUser, slug: str) -> Forum | None:
    """The forum at this address if the person may read it, else None."""
    return (
        readable_forums(user).select_related("cluster", "edition__course").filter(slug=slug).first()
    )


def forum_topics(user: User, forum: Forum, *, moderator: bool) -> QuerySet[Topic]:
    """The topics of a forum the person sees: pinned first, then by latest activity."""
    unread_posts = Post.objects.filter(
        VISIBLE_POST, topic_id=OuterRef("pk"), id__gt=OuterRef("read_upto")
    )
    return (
        Topic.objects.filter(forum=forum)
        .filter(visible_topics_q(user, moderator=moderator))
        .select_related("author", "last_post__author")
        .annotate(read_upto=_read_upto(user))
        .annotate(unread_posts=_count(unread_posts, "topic_id"))
        .order_by("-is_pinned", "-last_post_at", "-id")
    )


def forum_moderators(forum: Forum) -> list[User]:
    """The people who moderate this forum by name or by relation; training managers if none."""
    users = get_user_model().objects.filter(is_active=True)
    scope = Q(moderated_forums=forum)
    if forum.cluster_id:
        scope |= Q(led_clusters=forum.cluster_id)
    if forum.edition_id:
        scope |= Q(taught_editions=forum.edition_id)
    moderators = list(users.filter(scope).distinct())
    if moderators:
        return moderators
    moderate_all = Permission.objects.filter(
        content_type__app_label="forums", codename="moderate_all"
    )
    holders = Q(groups__permissions__in=moderate_all) | Q(user_permissions__in=moderate_all)
    return list(users.filter(holders).distinct())


# --- Topics --------------------------------------------------------------------------------------


def topic_for_reader(
    user: User, pk: int, *, for_page: bool = False
) -> "WithAnnotations[Topic, ReadUpto] | None":
    """The topic with its forum and the person's read mark, or None (the caller checks rights).

    ``for_page`` adds, in the same query, what the topic's page shows beside it: whether
    the person follows it (``is_following``) and the forums' latest event id
    (``latest_event_id``, read before the posts so that a change made meanwhile is replayed).
    """
    topics = Topic.objects.select_related("forum", "author").annotate(read_upto=_read_upto(user))
    if for_page:
        following = Subscription.objects.filter(
            user_id=user.pk, forum=None, topic=OuterRef("pk"), is_active=True
        )
        latest = ForumEvent.objects.order_by("-id").values("id")[:1]
        topics = topics.annotate(
            is_following=Exists(following),
            latest_event_id=Coalesce(Subquery(latest, output_field=IntegerField()), Value(0)),
        )
    return topics.filter(pk=pk).first()


def _posts_to_show(user: User) -> QuerySet[Post]:
    """Posts with what the page shows beside each: author, attachments, the person's reactions."""
    return Post.objects.select_related(
        "topic__forum", "author__centre", "author__forum_profile"
    ).prefetch_related(
        "attachments",
        Prefetch("author__groups", queryset=Group.objects.select_related("role")),
        Prefetch(
            "reactions", queryset=Reaction.objects.filter(user_id=user.pk), to_attr="my_reactions"
        ),
    )


def topic_posts(user: User, topic: Topic, *, moderator: bool) -> QuerySet[Post]:
    """The posts of a topic the person sees, in order."""
    return (
        _posts_to_show(user)
        .filter(topic=topic)
        .filter(visible_posts_q(user, moderator=moderator))
        .order_by("id")
    )


def post_for_reader(user: User, pk: int) -> Post | None:
    """A post with its topic and forum (rights are checked by the caller), or None."""
    return _posts_to_show(user).filter(pk=pk).first()


def post_position(user: AnyUser, post: Post, *, moderator: bool) -> int:
    """How many posts the person sees before this one in its topic."""
    return (
        Post.objects.filter(topic_id=post.topic_id, id__lt=post.pk)
        .filter(visible_posts_q(user, moderator=moderator))
        .count()
    )


def first_unread_post(
    user: AnyUser, topic: "WithAnnotations[Topic, ReadUpto]", *, moderator: bool
) -> Post | None:
    """The first post after ``read_upto``, which ``topic_for_reader`` annotates."""
    return (
        Post.objects.filter(topic=topic, id__gt=topic.read_upto)
        .filter(visible_posts_q(user, moderator=moderator))
        .order_by("id")
        .first()
    )


def subscription_state(
    user: User, *, forum: Forum | None = None, topic: Topic | None = None
) -> bool:
    return Subscription.objects.filter(user=user, forum=forum, topic=topic, is_active=True).exists()


def followed(user: User) -> QuerySet[Subscription]:
    """The forums and topics the person follows, among those they may still read."""
    readable = readable_forums(user).values("pk")
    return (
        Subscription.objects.filter(user=user, is_active=True)
        .filter(Q(forum__in=readable) | Q(topic__forum__in=readable))
        .select_related("forum", "topic__forum")
        .order_by("-created_at", "-id")
    )


def events_to_replay(
    user_id: int, topic_id: int, *, after: int, moderator: bool, limit: int
) -> list[ForumEvent]:
    events = ForumEvent.objects.filter(topic_id=topic_id, id__gt=after).order_by("id")
    if not moderator:
        events = events.filter(Q(audience=ForumEvent.Audience.READERS) | Q(author_id=user_id))
    return list(events[: limit + 1])


def oldest_event_id() -> int | None:
    return ForumEvent.objects.order_by("id").values_list("id", flat=True).first()


# --- Search --------------------------------------------------------------------------------------


class FullTextMatch(Lookup):
    """``column MATCH query`` on an FTS5 table (SQLite)."""

    lookup_name = "fts_match"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


PostSearchEntry._meta.get_field("source").register_lookup(FullTextMatch)


class BM25(Func):
    """FTS5's rank of the matching row (lower is better), SQLite only."""

    template = f"bm25({PostSearchEntry._meta.db_table})"
    output_field = FloatField()


# What a search result shows: its post's text and date, its topic and forum's titles, its
# author's name (``User.__str__``). Any other field would cost a query per result.
SEARCH_RESULT_FIELDS = (
    "html",
    "created_at",
    "topic__title",
    "topic__forum__title",
    "author__first_name",
    "author__last_name",
    "author__email",
    "author__erased_at",
)


def search_posts(user: AnyUser, query: str) -> QuerySet[Post]:
    """Visible posts of the forums the person may read that hold every word, best match first.

    Full-text search over the posts' text: PostgreSQL's with its Italian
    dictionary (stemmed: «contratti» finds «contratto») ranked by ``ts_rank`` on the
    words each post keeps (``Post.search_vector``, under a GIN index);
    SQLite's FTS5, each word's light stem as a prefix, ranked by bm25. Only the
    words of the query reach the database (``search.search_words``): quotes and
    operators are never read as syntax. Ties go to the newest post.

    Each post comes with only what a result shows (``SEARCH_RESULT_FIELDS``): a page of
    full posts, topics, forums and authors was most of what the page cost per result.
    """
    words = search_words(query)
    if not words:
        return Post.objects.none()
    posts = (
        Post.objects.filter(
            VISIBLE_POST,
            topic__is_hidden=False,
            topic__is_approved=True,
            topic__forum__in=readable_forums(user),
        )
        .select_related("topic__forum", "author")
        .only(*SEARCH_RESULT_FIELDS)
    )
    if connection.vendor == "postgresql":
        terms = SearchQuery(" ".join(words), config="italian", search_type="plain")
        return (
            posts.filter(search_vector=terms)
            .annotate(rank=SearchRank(F("search_vector"), terms))
            .order_by("-rank", "-id")
        )
    return (
        posts.filter(search_entry__source__fts_match=fts5_query(words))
        .annotate(rank=BM25())
        .order_by("rank", "-id")
    )


# --- Moderation ----------------------------------------------------------------------------------


@dataclass
class ReportedPost:
    post: Post
    reports: list[Report] = field(default_factory=list)


def moderation_queue(
    user: AnyUser,
) -> tuple[list[ReportedPost], list[Post], list[ModerationAction]]:
    """Open reports (grouped by post), posts waiting for approval and the latest actions."""
    forums = moderated_forums(user)
    reported: dict[int, ReportedPost] = {}
    reports = (
        Report.objects.filter(resolved_at__isnull=True, post__topic__forum__in=forums)
        .select_related("post__topic__forum", "post__author", "reporter")
        .order_by("created_at", "id")
    )
    for report in reports:
        reported.setdefault(report.post_id, ReportedPost(post=report.post)).reports.append(report)
    pending = (
        Post.objects.filter(is_approved=False, is_hidden=False, topic__forum__in=forums)
        .select_related("topic__forum", "author")
        .order_by("id")
    )
    actions = (
        ModerationAction.objects.filter(forum__in=forums)
        .select_related("actor", "forum", "topic", "post")
        .order_by("-created_at", "-id")[:30]
    )
    return list(reported.values()), list(pending), list(actions)


def moderation_backlog(user: AnyUser) -> int:
    forums = moderated_forums(user)
    return (
        Report.objects.filter(resolved_at__isnull=True, post__topic__forum__in=forums)
        .values("post_id")
        .distinct()
        .count()
        + Post.objects.filter(is_approved=False, is_hidden=False, topic__forum__in=forums).count()
    )


# --- Emails --------------------------------------------------------------------------------------


def post_email_recipients(post: Post) -> list[tuple[User, Subscription]]:
    """(person, subscription) for each follower of the topic or forum who wants every post by email.

    A topic subscription wins over the forum's; a topic the person stopped
    following is skipped even when they follow its forum. Read rights are
    checked by the caller.
    """
    topic = post.topic
    subscriptions = (
        Subscription.objects.filter(Q(topic=topic) | Q(forum_id=topic.forum_id))
        # No author (a deleted account) excludes nobody; the stubs refuse None for `exact`.
        .exclude(user_id=post.author_id)  # type: ignore[misc]
        .filter(
            user__is_active=True,
            user__forum_profile__email_mode="immediate",
        )
        .select_related("user")
        .order_by("user_id", "forum_id")
    )
    chosen: dict[int, Subscription] = {}
    for subscription in subscriptions:
        current = chosen.get(subscription.user_id)
        if current is None or subscription.topic_id is not None:
            chosen[subscription.user_id] = subscription
    return [(s.user, s) for s in chosen.values() if s.is_active]


@dataclass
class DigestGroup:
    topic: Topic
    posts: list[Post] = field(default_factory=list)


def digest_topics(user: User, *, after: int, upto: int, limit: int = 60) -> list[DigestGroup]:
    """What the daily digest tells: new visible posts, by others, in what the person follows."""
    followed_topics = Subscription.objects.filter(
        user=user, is_active=True, topic__isnull=False
    ).values("topic_id")
    followed_forums = Subscription.objects.filter(
        user=user, is_active=True, forum__isnull=False
    ).values("forum_id")
    muted = Subscription.objects.filter(user=user, is_active=False, topic__isnull=False).values(
        "topic_id"
    )
    posts = (
        Post.objects.filter(
            VISIBLE_POST,
            topic__is_hidden=False,
            topic__is_approved=True,
            id__gt=after,
            id__lte=upto,
            topic__forum__in=readable_forums(user),
        )
        .filter(Q(topic_id__in=followed_topics) | Q(topic__forum_id__in=followed_forums))
        .exclude(topic_id__in=muted)
        .exclude(author_id=user.pk)
        .select_related("topic__forum", "author")
        .order_by("topic_id", "id")[:limit]
    )
    groups: dict[int, DigestGroup] = {}
    for post in posts:
        groups.setdefault(post.topic_id, DigestGroup(topic=post.topic)).posts.append(post)
    return list(groups.values())


# --- Panels --------------------------------------------------------------------------------------


def course_forums(user: AnyUser, course: Course) -> QuerySet[Forum]:
    """The edition forums of a course the person may read."""
    return (
        readable_forums(user)
        .filter(edition__course=course)
        .select_related("edition")
        .order_by("edition__starts_on", "edition__code")
    )


# Roles worth showing next to an author's name, in this order.
AUTHOR_BADGES = [
    (Role.TEACHER, _("Docente")),
    (Role.COACH, _("Coach")),
    (Role.CLUSTER_LEAD, _("Responsabile di cluster")),
    (Role.TRAINING_MANAGER, _("Servizio formazione")),
]


def author_badges(user: User | None) -> list["StrOrPromise"]:
    """Labels for an author's roles, from the prefetched groups (no query)."""
    if user is None:
        return []
    codes = {group.role.code for group in user.groups.all() if hasattr(group, "role")}
    return [label for role, label in AUTHOR_BADGES if role in codes]


def reaction_counts(post_id: int) -> dict[str, int]:
    """A post's reaction counters as they are now (after a toggle)."""
    row = Post.objects.filter(pk=post_id).values_list("useful_count", "like_count").first()
    useful, like = row if row is not None else (0, 0)
    return {Reaction.Kind.USEFUL.value: useful, Reaction.Kind.LIKE.value: like}


# --- @mention suggestions ------------------------------------------------------------------------

MENTION_SUGGESTIONS = 8


def mention_suggestions(
    readers: QuerySet[User], query: str, *, asking: User, limit: int = MENTION_SUGGESTIONS
) -> list[User]:
    """Up to ``limit`` of ``readers`` (``permissions.topic_readers`` or ``forum_readers``) whose
    first name, surname or @handle starts with each word of ``query``; never the person asking.

    Only people with a forum profile are suggested: the handle is what a mention writes.
    """
    typed = query.strip().lstrip("@").lower()
    words = typed.replace(".", " ").replace("_", " ").replace("-", " ").split()[:3]
    if not words:
        return []
    every_word = Q()
    for word in words:
        every_word &= (
            Q(first_name__istartswith=word)
            | Q(last_name__istartswith=word)
            | Q(forum_profile__handle__istartswith=word)
        )
    people = (
        readers.filter(forum_profile__isnull=False, erased_at__isnull=True)
        .exclude(pk=asking.pk)
        .filter(every_word | Q(forum_profile__handle__istartswith=typed))
    )
    return list(
        people.select_related("forum_profile", "centre").order_by("last_name", "first_name", "pk")[
            :limit
        ]
    )
