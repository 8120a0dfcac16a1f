"""Everything that changes the forums. One transaction per function.

Counters and last-post pointers stay right under concurrent posting:

- every write that concerns a topic first locks the topic's row, so posts and
  events of one topic are written one after the other (their ids grow in
  commit order, which the live replay relies on);
- a new post moves the forum's counters with atomic expressions (``F() + 1``
  and ``GREATEST``), so posting in different topics of one forum never waits;
- recounts (hiding, moving, deleting) lock the topic and then the forum rows,
  always in that order, and count in statements that start after the locks
  are held, so they see every committed post.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, OuterRef, QuerySet, Subquery, Value
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Edition
from website.accounts.models import Cluster
from website.accounts.types import AnyUser, User
from website.core.exceptions import Refused

from . import notify, permissions
from .counters import READ_MARKS
from .live import record_event
from .markup import Rendered, mention_candidates, render_markdown
from .models import (
    Attachment,
    Forum,
    ForumEvent,
    ForumProfile,
    ForumReadMark,
    ModerationAction,
    Post,
    PostRevision,
    Reaction,
    Report,
    Subscription,
    Topic,
    TopicReadMark,
)
from .naming import (
    DEFAULT_FORUMS,
    cluster_forum_fields,
    edition_forum_fields,
    handle_base,
    handle_candidates,
)


@dataclass(frozen=True)
class Upload:
    """A file that passed the form's checks, with the type read from its content."""

    file: File[bytes]
    name: str
    content_type: str


# --- Forums that exist by themselves -------------------------------------------------------------


def forum_ensure_defaults() -> None:
    """The community forum and the announcements forum (idempotent)."""
    for spec in DEFAULT_FORUMS:
        fields = dict(spec)
        Forum.objects.get_or_create(slug=fields.pop("slug"), defaults=fields)


def forum_ensure_for_cluster(cluster: Cluster) -> Forum:
    forum, _created = Forum.objects.get_or_create(
        cluster=cluster, defaults=cluster_forum_fields(cluster)
    )
    return forum


def forum_ensure_for_edition(edition: Edition) -> Forum:
    forum, _created = Forum.objects.get_or_create(
        edition=edition, defaults=edition_forum_fields(edition, edition.course)
    )
    return forum


# --- People in the forums ------------------------------------------------------------------------


def forum_profile_ensure(*, user: User) -> ForumProfile:
    """The person's forum profile, created with a free @handle on first need."""
    profile = ForumProfile.objects.filter(user=user).first()
    if profile is not None:
        return profile
    base = handle_base(user.first_name, user.last_name, user.pk)
    taken = set(
        ForumProfile.objects.filter(handle__startswith=base).values_list("handle", flat=True)
    )
    for handle in handle_candidates(base):
        if handle in taken:
            continue
        try:
            with transaction.atomic():
                return ForumProfile.objects.create(user=user, handle=handle)
        except IntegrityError:
            existing = ForumProfile.objects.filter(user=user).first()
            if existing is not None:
                return existing
    raise Refused(_("Non è stato possibile assegnare un nome per le menzioni."))


@transaction.atomic
def forum_profile_update(
    *, user: User, handle: str, email_mode: str, auto_subscribe: bool
) -> ForumProfile:
    profile = forum_profile_ensure(user=user)
    profile.handle = handle
    profile.email_mode = email_mode
    profile.auto_subscribe = auto_subscribe
    profile.save(update_fields=["handle", "email_mode", "auto_subscribe"])
    return profile


@transaction.atomic
def forum_emails_stop(*, user: User) -> None:
    """No more forum emails at all (what the unsubscribe link in every email offers)."""
    profile = forum_profile_ensure(user=user)
    profile.email_mode = ForumProfile.EmailMode.OFF
    profile.save(update_fields=["email_mode"])


def _needs_approval(user: User, forum: Forum, rights: permissions.ForumRights) -> bool:
    if not forum.premoderate_newcomers or rights.moderate:
        return False
    approved = Post.objects.filter(author=user, is_approved=True, is_hidden=False).count()
    trusted_after: int = settings.FORUMS_TRUSTED_AFTER_POSTS
    return approved < trusted_after


def render_source(source: str) -> tuple[Rendered, list[int]]:
    candidates = mention_candidates(source)
    handles: dict[str, int] = {}
    if candidates:
        handles = dict(
            ForumProfile.objects.filter(handle__in=candidates).values_list("handle", "user_id")
        )
    rendered = render_markdown(source, handles=handles.keys())
    return rendered, [handles[handle] for handle in rendered.mentions]


# --- Locks and counters --------------------------------------------------------------------------


def _lock_topic(topic_id: int) -> Topic:
    topic = Topic.objects.select_for_update().filter(pk=topic_id).first()
    if topic is None:
        raise Refused(_("La discussione non esiste più."))
    return topic


def _lock_forums(*forum_ids: int) -> None:
    list(Forum.objects.select_for_update().filter(pk__in=forum_ids).order_by("pk"))


def _visible_posts() -> QuerySet[Post]:
    return Post.objects.filter(
        is_hidden=False, is_approved=True, topic__is_hidden=False, topic__is_approved=True
    )


def _recount_topic(topic: Topic) -> None:
    last = (
        Post.objects.filter(topic=topic, is_hidden=False, is_approved=True)
        .order_by("-id")
        .values_list("id", "created_at")
        .first()
    )
    count = Post.objects.filter(topic=topic, is_hidden=False, is_approved=True).count()
    Topic.objects.filter(pk=topic.pk).update(
        post_count=count,
        last_post_id=last[0] if last else None,
        last_post_at=last[1] if last else topic.created_at,
    )


def _recount_forum(forum_id: int) -> None:
    posts = _visible_posts().filter(topic__forum_id=forum_id)
    totals = posts.aggregate(count=Count("id"), last=Max("id"))
    Forum.objects.filter(pk=forum_id).update(
        topic_count=Topic.objects.filter(
            forum_id=forum_id, is_hidden=False, is_approved=True
        ).count(),
        post_count=totals["count"],
        last_post_id=totals["last"],
    )


def _count_new_post(topic: Topic, post: Post, *, new_topic: bool = False) -> None:
    """A visible post was added: move the counters (the topic row is locked)."""
    Topic.objects.filter(pk=topic.pk).update(
        post_count=F("post_count") + 1, last_post_id=post.pk, last_post_at=post.created_at
    )
    Forum.objects.filter(pk=topic.forum_id).update(
        topic_count=F("topic_count") + (1 if new_topic else 0),
        post_count=F("post_count") + 1,
        last_post_id=Greatest(Coalesce(F("last_post_id"), Value(0)), Value(post.pk)),
    )


def _reaction_count(kind: str) -> Coalesce:
    return Coalesce(
        Subquery(
            Reaction.objects.filter(post=OuterRef("pk"), kind=kind)
            .order_by()
            .values("post")
            .annotate(total=Count("pk"))
            .values("total")
        ),
        Value(0),
    )


@transaction.atomic
def forum_recount(*, forum: Forum) -> None:
    """Recount a forum, its topics and their reactions from the rows (after bulk imports)."""
    for topic_id in Topic.objects.filter(forum=forum).values_list("pk", flat=True):
        _recount_topic(_lock_topic(topic_id))
    Post.objects.filter(topic__forum=forum).update(
        useful_count=_reaction_count(Reaction.Kind.USEFUL),
        like_count=_reaction_count(Reaction.Kind.LIKE),
    )
    _lock_forums(forum.pk)
    _recount_forum(forum.pk)


def _post_audience(post: Post, topic: Topic) -> str:
    if post.is_visible and topic.is_visible:
        return ForumEvent.Audience.READERS
    return ForumEvent.Audience.MODERATORS_AND_AUTHOR


def _topic_audience(topic: Topic) -> str:
    if topic.is_visible:
        return ForumEvent.Audience.READERS
    return ForumEvent.Audience.MODERATORS_AND_AUTHOR


def _post_event(post: Post, topic: Topic, kind: str, *, audience: str | None = None) -> None:
    record_event(
        topic_id=topic.pk,
        kind=kind,
        audience=audience or _post_audience(post, topic),
        post=post,
        author_id=post.author_id,
    )


def _topic_event(topic: Topic, *, audience: str | None = None) -> None:
    record_event(
        topic_id=topic.pk,
        kind=ForumEvent.Kind.TOPIC_CHANGED,
        audience=audience or _topic_audience(topic),
        author_id=topic.author_id,
    )


def _log(
    actor: User,
    action: str,
    *,
    forum_id: int,
    topic: Topic | None = None,
    post: Post | None = None,
    detail: str = "",
) -> None:
    ModerationAction.objects.create(
        actor=actor, action=action, forum_id=forum_id, topic=topic, post=post, detail=detail[:300]
    )


# --- Writing -------------------------------------------------------------------------------------


def _attach(post: Post, uploads: Iterable[Upload]) -> None:
    for upload in uploads:
        Attachment.objects.create(
            post=post,
            file=upload.file,
            name=upload.name[:200],
            content_type=upload.content_type,
            size=upload.file.size,
        )


def _subscribe_automatically(user: User, topic: Topic) -> None:
    profile = forum_profile_ensure(user=user)
    if profile.auto_subscribe:
        # An explicit "stop following" (an inactive row) is respected.
        Subscription.objects.get_or_create(user=user, topic=topic, forum=None)


@transaction.atomic
def topic_create(
    *, forum: Forum, author: User, title: str, source: str, uploads: Iterable[Upload] = ()
) -> Topic:
    rights = permissions.forum_rights(author, forum.pk)
    if not permissions.can_start_topic(author, forum):
        raise PermissionDenied
    approved = not _needs_approval(author, forum, rights)
    now = timezone.now()
    topic = Topic.objects.create(
        forum=forum,
        title=title.strip(),
        author=author,
        created_at=now,
        last_post_at=now,
        is_approved=approved,
    )
    rendered, mentioned_ids = render_source(source)
    post = Post.objects.create(
        topic=topic,
        author=author,
        source=source,
        html=rendered.html,
        created_at=now,
        is_approved=approved,
    )
    post.mentions.set(mentioned_ids)
    _attach(post, uploads)
    if approved:
        _count_new_post(topic, post, new_topic=True)
    _subscribe_automatically(author, topic)
    _set_read_mark(author, topic, post.pk)
    if approved:
        notify.post_published(post, mentioned_ids=mentioned_ids)
    topic.refresh_from_db()
    return topic


@transaction.atomic
def post_create(
    *,
    topic: Topic,
    author: User,
    source: str,
    reply_to: Post | None = None,
    uploads: Iterable[Upload] = (),
) -> Post:
    topic = _lock_topic(topic.pk)
    if not permissions.can_reply(author, topic):
        raise Refused(_("Non è possibile rispondere in questa discussione."))
    if reply_to is not None and (
        reply_to.topic_id != topic.pk or not permissions.can_read_post(author, reply_to)
    ):
        reply_to = None
    forum = Forum.objects.get(pk=topic.forum_id)
    approved = not _needs_approval(author, forum, permissions.forum_rights(author, forum.pk))
    rendered, mentioned_ids = render_source(source)
    post = Post.objects.create(
        topic=topic,
        author=author,
        source=source,
        html=rendered.html,
        reply_to=reply_to,
        created_at=timezone.now(),
        is_approved=approved,
    )
    post.mentions.set(mentioned_ids)
    _attach(post, uploads)
    if approved and topic.is_visible:
        _count_new_post(topic, post)
    _subscribe_automatically(author, topic)
    _set_read_mark(author, topic, post.pk)
    _post_event(post, topic, ForumEvent.Kind.POST_CREATED)
    if approved:
        notify.post_published(post, mentioned_ids=mentioned_ids)
    return post


@transaction.atomic
def post_edit(
    *,
    post: Post,
    editor: User,
    source: str,
    uploads: Iterable[Upload] = (),
    remove_attachments: Iterable[Attachment] = (),
) -> Post:
    topic = _lock_topic(post.topic_id)
    post = Post.objects.select_related("topic").get(pk=post.pk)
    if not permissions.can_edit_post(editor, post):
        raise Refused(_("Non puoi modificare questo messaggio."))
    PostRevision.objects.create(
        post=post,
        source=post.source,
        html=post.html,
        written_at=post.edited_at or post.created_at,
        replaced_by=editor,
    )
    before = set(post.mentions.values_list("pk", flat=True))
    rendered, mentioned_ids = render_source(source)
    post.source = source
    post.html = rendered.html
    post.edited_at = timezone.now()
    post.save(update_fields=["source", "html", "edited_at"])
    post.mentions.set(mentioned_ids)
    for attachment in post.attachments.filter(pk__in=[a.pk for a in remove_attachments]):
        _delete_file_after_commit(attachment.file)
        attachment.delete()
    _attach(post, uploads)
    if editor.pk != post.author_id:
        _log(
            editor,
            ModerationAction.Action.EDIT_POST,
            forum_id=topic.forum_id,
            topic=topic,
            post=post,
        )
    _post_event(post, topic, ForumEvent.Kind.POST_CHANGED)
    if post.is_visible and topic.is_visible:
        notify.post_mentions(post, [pk for pk in mentioned_ids if pk not in before])
    return post


def _delete_file_after_commit(field_file: FieldFile) -> None:
    storage, name = field_file.storage, field_file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def post_delete(*, post: Post, actor: User) -> Topic | None:
    """The author withdraws a post. Returns the topic, or None when the topic went with it."""
    topic = _lock_topic(post.topic_id)
    post = Post.objects.select_related("topic").get(pk=post.pk)
    if not permissions.can_delete_post(actor, post):
        raise Refused(_("Il tempo per ritirare questo messaggio è scaduto."))
    first_post_id = topic.posts.order_by("id").values_list("id", flat=True).first()
    if post.pk == first_post_id:
        if topic.posts.exclude(pk=post.pk).exists():
            raise Refused(
                _(
                    "Il primo messaggio di una discussione con risposte non si può ritirare: "
                    "modificalo oppure chiedi a un moderatore."
                )
            )
        _lock_forums(topic.forum_id)
        for attachment in post.attachments.all():
            _delete_file_after_commit(attachment.file)
        topic.delete()
        _recount_forum(topic.forum_id)
        return None
    audience = _post_audience(post, topic)
    for attachment in post.attachments.all():
        _delete_file_after_commit(attachment.file)
    removed = Post(pk=post.pk, author_id=post.author_id)
    post.delete()
    _lock_forums(topic.forum_id)
    _recount_topic(topic)
    _recount_forum(topic.forum_id)
    _post_event(removed, topic, ForumEvent.Kind.POST_REMOVED, audience=audience)
    return topic


@transaction.atomic
def reaction_toggle(*, post: Post, user: User, kind: str) -> bool:
    """Add the reaction, or take it back. True when the person now has it."""
    if not permissions.can_react(user, post):
        raise PermissionDenied
    counters: dict[str, str] = {
        Reaction.Kind.USEFUL: "useful_count",
        Reaction.Kind.LIKE: "like_count",
    }
    field = counters[kind]
    deleted, _rows = Reaction.objects.filter(post=post, user=user, kind=kind).delete()
    if deleted:
        Post.objects.filter(pk=post.pk).update(**{field: F(field) - 1})
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(post=post, user=user, kind=kind)
    except IntegrityError:  # a double click raced us
        return True
    Post.objects.filter(pk=post.pk).update(**{field: F(field) + 1})
    return True


@transaction.atomic
def post_report(*, post: Post, reporter: User, reason: str, note: str = "") -> Report:
    if not permissions.can_report(reporter, post):
        raise PermissionDenied
    report, created = Report.objects.get_or_create(
        post=post,
        reporter=reporter,
        resolved_at=None,
        defaults={"reason": reason, "note": note},
    )
    if not created:
        raise Refused(_("Hai già segnalato questo messaggio: i moderatori lo stanno valutando."))
    notify.report_received(report)
    return report


# --- Moderation ----------------------------------------------------------------------------------


def _require_moderator(actor: AnyUser, topic: Topic) -> None:
    if not permissions.can_moderate_topic(actor, topic):
        raise PermissionDenied


def _resolve_reports(post: Post, actor: User) -> int:
    return Report.objects.filter(post=post, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=actor
    )


@transaction.atomic
def topic_set_flag(*, topic: Topic, actor: User, flag: str, value: bool) -> Topic:
    """Pin or unpin, lock or unlock a topic."""
    actions = {
        ("is_pinned", True): ModerationAction.Action.PIN,
        ("is_pinned", False): ModerationAction.Action.UNPIN,
        ("is_locked", True): ModerationAction.Action.LOCK,
        ("is_locked", False): ModerationAction.Action.UNLOCK,
    }
    topic = _lock_topic(topic.pk)
    _require_moderator(actor, topic)
    if getattr(topic, flag) != value:
        setattr(topic, flag, value)
        topic.save(update_fields=[flag])
        _log(actor, actions[(flag, value)], forum_id=topic.forum_id, topic=topic)
        _topic_event(topic)
    return topic


@transaction.atomic
def topic_set_hidden(*, topic: Topic, actor: User, hidden: bool) -> Topic:
    topic = _lock_topic(topic.pk)
    _require_moderator(actor, topic)
    if topic.is_hidden != hidden:
        _lock_forums(topic.forum_id)
        topic.is_hidden = hidden
        topic.save(update_fields=["is_hidden"])
        _recount_forum(topic.forum_id)
        action = (
            ModerationAction.Action.HIDE_TOPIC if hidden else ModerationAction.Action.RESTORE_TOPIC
        )
        _log(actor, action, forum_id=topic.forum_id, topic=topic)
        # Readers are told even when it leaves their sight: their page learns it changed.
        _topic_event(topic, audience=ForumEvent.Audience.READERS)
    return topic


@transaction.atomic
def topic_move(*, topic: Topic, actor: User, forum: Forum) -> Topic:
    topic = _lock_topic(topic.pk)
    _require_moderator(actor, topic)
    if not permissions.can_moderate_forum(actor, forum):
        raise PermissionDenied
    source_id = topic.forum_id
    if source_id == forum.pk:
        return topic
    _lock_forums(source_id, forum.pk)
    source_title = Forum.objects.filter(pk=source_id).values_list("title", flat=True).first()
    topic.forum = forum
    topic.save(update_fields=["forum"])
    _recount_forum(source_id)
    _recount_forum(forum.pk)
    _log(
        actor,
        ModerationAction.Action.MOVE,
        forum_id=forum.pk,
        topic=topic,
        detail=f"{source_title} → {forum.title}",
    )
    _topic_event(topic, audience=ForumEvent.Audience.READERS)
    return topic


def _first_post_id(topic: Topic) -> int | None:
    return topic.posts.order_by("id").values_list("id", flat=True).first()


@transaction.atomic
def post_set_hidden(*, post: Post, actor: User, hidden: bool) -> Post:
    topic = _lock_topic(post.topic_id)
    _require_moderator(actor, topic)
    post = Post.objects.get(pk=post.pk)
    if post.is_hidden != hidden:
        _lock_forums(topic.forum_id)
        post.is_hidden = hidden
        post.save(update_fields=["is_hidden"])
        if hidden:
            _resolve_reports(post, actor)
        _recount_topic(topic)
        _recount_forum(topic.forum_id)
        action = (
            ModerationAction.Action.HIDE_POST if hidden else ModerationAction.Action.RESTORE_POST
        )
        _log(actor, action, forum_id=topic.forum_id, topic=topic, post=post)
        # Readers are told too (ids only): their page drops the post it can no longer fetch.
        _post_event(post, topic, ForumEvent.Kind.POST_CHANGED, audience=_topic_audience(topic))
    return post


@transaction.atomic
def post_approve(*, post: Post, actor: User) -> Post:
    topic = _lock_topic(post.topic_id)
    _require_moderator(actor, topic)
    post = Post.objects.get(pk=post.pk)
    if post.is_approved:
        return post
    _lock_forums(topic.forum_id)
    post.is_approved = True
    post.save(update_fields=["is_approved"])
    if not topic.is_approved and post.pk == _first_post_id(topic):
        topic.is_approved = True
        topic.save(update_fields=["is_approved"])
    _recount_topic(topic)
    _recount_forum(topic.forum_id)
    _log(
        actor, ModerationAction.Action.APPROVE_POST, forum_id=topic.forum_id, topic=topic, post=post
    )
    _post_event(post, topic, ForumEvent.Kind.POST_CHANGED)
    if not post.is_hidden and topic.is_visible:
        notify.post_published(post, mentioned_ids=list(post.mentions.values_list("pk", flat=True)))
    return post


@transaction.atomic
def post_reject(*, post: Post, actor: User) -> Post:
    """A post waiting for approval is refused: it stays hidden, its author still sees it."""
    topic = _lock_topic(post.topic_id)
    _require_moderator(actor, topic)
    post = Post.objects.get(pk=post.pk)
    if post.is_approved or post.is_hidden:
        return post
    post.is_hidden = True
    post.save(update_fields=["is_hidden"])
    _log(
        actor, ModerationAction.Action.REJECT_POST, forum_id=topic.forum_id, topic=topic, post=post
    )
    _post_event(post, topic, ForumEvent.Kind.POST_CHANGED)
    return post


@transaction.atomic
def reports_dismiss(*, post: Post, actor: User) -> int:
    topic = Topic.objects.get(pk=post.topic_id)
    _require_moderator(actor, topic)
    closed = _resolve_reports(post, actor)
    if closed:
        _log(
            actor,
            ModerationAction.Action.DISMISS_REPORTS,
            forum_id=topic.forum_id,
            topic=topic,
            post=post,
        )
    return closed


# --- Following and reading -----------------------------------------------------------------------


@transaction.atomic
def subscription_set(
    *, user: User, active: bool, forum: Forum | None = None, topic: Topic | None = None
) -> Subscription:
    if (forum is None) == (topic is None):
        raise ValueError("Subscribe to a forum or to a topic")
    subscription, _created = Subscription.objects.update_or_create(
        user=user, forum=forum, topic=topic, defaults={"is_active": active}
    )
    return subscription


def _set_read_mark(user: User, topic: Topic, post_id: int) -> None:
    updated = TopicReadMark.objects.filter(
        user=user, topic=topic, last_read_post_id__lt=post_id
    ).update(last_read_post_id=post_id)
    if not updated:
        TopicReadMark.objects.get_or_create(
            user=user, topic=topic, defaults={"last_read_post_id": post_id}
        )


def topic_mark_read(*, user: User, topic: Topic, post_id: int, current: int | None = None) -> None:
    """Remember that the person has seen the topic up to ``post_id`` (never backwards).

    ``current`` is the mark the caller already read, if any. Kept in the counters
    buffer, not written on this read: the next flush writes it, and the person's
    own pages merge it meanwhile (``selectors``).
    """
    if current is not None and current >= post_id:
        return
    READ_MARKS.add(user.pk, topic.pk, post_id)


@transaction.atomic
def forums_mark_read(*, user: User, forums: Iterable[Forum]) -> None:
    """Everything in these forums, up to now, counts as read."""
    latest = dict(
        Post.objects.filter(topic__forum__in=forums)
        .values("topic__forum_id")
        .annotate(last=Max("id"))
        .values_list("topic__forum_id", "last")
    )
    ForumReadMark.objects.bulk_create(
        [
            ForumReadMark(user=user, forum_id=forum_id, last_read_post_id=last)
            for forum_id, last in latest.items()
        ],
        update_conflicts=True,
        unique_fields=["user", "forum"],
        update_fields=["last_read_post_id"],
    )


def event_log_prune(*, before: datetime) -> int:
    deleted, _rows = ForumEvent.objects.filter(created_at__lt=before).delete()
    return deleted
