"""Telling people: in-app notifications (mentions, replies, reports) and emails.

In-app notifications go through ``website.notifications`` (which also updates
the header's count live). Emails go through ``email_person`` (rendered in the
recipient's language, sent by the task worker after commit), one per post for
people who asked for it and a daily digest for the others, each with a signed
link that stops them without logging in.
"""

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django_tasks import task

from website.core.links import absolute_url, site_origin
from website.notifications.emails import email_person
from website.notifications.services import notification_create

from . import permissions, selectors
from .models import ForumProfile, Post, Report, Subscription

UNSUBSCRIBE_SALT = "forums.unsubscribe"
# A digest goes out once a day; the job runs hourly, so allow for its drift.
DIGEST_INTERVAL = timedelta(hours=23, minutes=30)


def _absolute(path: str) -> str:
    return absolute_url(path)


def _excerpt(post) -> str:
    return Truncator(post.plain_text).chars(200)


def _author_name(post) -> str:
    return str(post.author) if post.author else _("Una persona che ha lasciato la piattaforma")


def _fresh_users(ids):
    return get_user_model().objects.filter(pk__in=ids, is_active=True)


def _notify(recipient, kind, title_builder, post):
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        title = title_builder()
    notification_create(
        recipient=recipient,
        kind=kind,
        title=Truncator(title).chars(200),
        body=_excerpt(post),
        url=post.get_absolute_url(),
    )


def post_mentions(post: Post, user_ids: Iterable[int]) -> None:
    """Tell the people newly mentioned in a post (those who may read it)."""
    topic = post.topic
    for user in _fresh_users([pk for pk in user_ids if pk != post.author_id]):
        if permissions.can_read_post(user, post):
            _notify(
                user,
                "forum-mention",
                lambda: (
                    _("%(name)s ti ha menzionato in «%(topic)s»")
                    % {"name": _author_name(post), "topic": topic.title}
                ),
                post,
            )


def post_published(post: Post, *, mentioned_ids: Iterable[int]) -> None:
    """A post everyone in the forum can see was published: notify, then email after commit."""
    topic = post.topic
    told = {post.author_id}
    post_mentions(post, mentioned_ids)
    told.update(mentioned_ids)
    quoted_author = post.reply_to.author_id if post.reply_to_id and post.reply_to else None
    if quoted_author and quoted_author not in told:
        for user in _fresh_users([quoted_author]):
            if permissions.can_read_post(user, post):
                _notify(
                    user,
                    "forum-reply",
                    lambda: (
                        _("%(name)s ha risposto al tuo messaggio in «%(topic)s»")
                        % {"name": _author_name(post), "topic": topic.title}
                    ),
                    post,
                )
        told.add(quoted_author)
    if (
        topic.author_id
        and topic.author_id not in told
        and Subscription.objects.filter(
            user_id=topic.author_id, topic=topic, is_active=True
        ).exists()
    ):
        for user in _fresh_users([topic.author_id]):
            if permissions.can_read_post(user, post):
                _notify(
                    user,
                    "forum-reply",
                    lambda: (
                        _("Nuova risposta di %(name)s nella tua discussione «%(topic)s»")
                        % {"name": _author_name(post), "topic": topic.title}
                    ),
                    post,
                )
    post_id = post.pk
    transaction.on_commit(lambda: send_post_emails.enqueue(post_id=post_id))


def report_received(report: Report) -> None:
    """Tell the forum's moderators (or, where it has none of its own, the training managers)."""
    post = report.post
    forum = post.topic.forum
    moderators = selectors.forum_moderators(forum)
    for user in moderators:
        if user.pk == report.reporter_id:
            continue
        with translation.override(user.language or settings.LANGUAGE_CODE):
            title = _("Nuova segnalazione nel forum «%(forum)s»") % {"forum": forum.title}
            body = str(report.get_reason_display())
        notification_create(
            recipient=user,
            kind="forum-report",
            title=Truncator(title).chars(200),
            body=body,
            url=reverse("forums:moderation"),
        )


# --- Unsubscribe links ---------------------------------------------------------------


def unsubscribe_token(user, subscription=None) -> str:
    """A signed token that stops one subscription's emails, or all forum emails (None)."""
    return signing.dumps(
        {"u": user.pk, "s": subscription.pk if subscription else 0}, salt=UNSUBSCRIBE_SALT
    )


def read_unsubscribe_token(token):
    """(user, subscription or None) for a valid token; raises signing.BadSignature otherwise."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    user = get_user_model().objects.filter(pk=data.get("u")).first()
    if user is None:
        raise signing.BadSignature("unknown person")
    subscription = None
    if data.get("s"):
        subscription = (
            Subscription.objects.select_related("forum", "topic")
            .filter(pk=data["s"], user=user)
            .first()
        )
        if subscription is None:
            raise signing.BadSignature("unknown subscription")
    return user, subscription


def _unsubscribe_url(user, subscription=None) -> str:
    return _absolute(
        reverse("forums:unsubscribe", kwargs={"token": unsubscribe_token(user, subscription)})
    )


def _list_headers(url) -> dict:
    # RFC 8058: mail clients may unsubscribe with one POST, no page and no login.
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


# --- Emails ---------------------------------------------------------------------------------


@task()
def send_post_emails(*, post_id) -> int:
    """One email per person following the post's topic or forum who asked for them."""
    post = Post.objects.select_related("topic__forum", "author").filter(pk=post_id).first()
    if post is None or not post.is_visible or not post.topic.is_visible:
        return 0
    sent = 0
    for user, subscription in selectors.post_email_recipients(post):
        if not permissions.can_read_post(user, post):
            continue
        unsubscribe_url = _unsubscribe_url(user, subscription)
        email_person(
            user,
            "forums/emails/new_post",
            {
                "post": post,
                "topic": post.topic,
                "forum": post.topic.forum,
                "author_name": _author_name(post),
                "post_url": _absolute(post.get_absolute_url()),
                "following_forum": subscription.forum_id is not None,
                "unsubscribe_url": unsubscribe_url,
                "unsubscribe_all_url": _unsubscribe_url(user),
                "preferences_url": _absolute(reverse("forums:preferences")),
            },
            headers=_list_headers(unsubscribe_url),
        )
        sent += 1
    return sent


def digests_send_due(*, now=None) -> int:
    """Send the daily digest to everyone due for one; returns how many were sent.

    Idempotent: each person's profile records the last post the digest covered
    and when it went out, so running again sends nothing new.
    """
    now = now or timezone.now()
    newest = Post.objects.aggregate(newest=Max("id"))["newest"] or 0
    sent = 0
    due = ForumProfile.objects.filter(
        email_mode=ForumProfile.EmailMode.DIGEST, user__is_active=True
    )
    for profile_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            profile = (
                ForumProfile.objects.select_for_update(of=("self",))
                .select_related("user")
                .get(pk=profile_id)
            )
            if profile.digest_sent_at and now - profile.digest_sent_at < DIGEST_INTERVAL:
                continue
            after = profile.digest_through_post_id
            if after is not None and newest > after:
                groups = selectors.digest_topics(profile.user, after=after, upto=newest)
                if groups:
                    url = _unsubscribe_url(profile.user)
                    email_person(
                        profile.user,
                        "forums/emails/digest",
                        {
                            "groups": groups,
                            "post_count": sum(len(group.posts) for group in groups),
                            "unsubscribe_url": url,
                            "preferences_url": _absolute(reverse("forums:preferences")),
                            "site_url": site_origin(),
                        },
                        headers=_list_headers(url),
                    )
                    sent += 1
            profile.digest_through_post_id = max(newest, after or 0)
            profile.digest_sent_at = now
            profile.save(update_fields=["digest_through_post_id", "digest_sent_at"])
    return sent
