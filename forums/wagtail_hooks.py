"""The forums' admin viewsets and the panels they add to the dashboard and course pages."""

from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from courses.hooks import COURSE_PAGE_PANELS, DASHBOARD_PANELS, render_panel
from website.cms.hooks import SECTION_SIZE, SITE_SEARCH_SOURCES, SearchHit, SearchSection
from website.privacy.hooks import ERASURE_HANDLERS, PERSONAL_DATA_SOURCES, PersonalData

from . import selectors
from .models import (
    ForumProfile,
    ForumReadMark,
    Post,
    Reaction,
    Subscription,
    TopicReadMark,
)
from .search import plain_text, search_words, snippet
from .viewsets import ForumAdminGroup


@hooks.register("register_admin_viewset")
def register_forum_viewsets():
    return ForumAdminGroup()


@hooks.register(DASHBOARD_PANELS)
def my_forums_panel(request) -> str:
    """ "I miei forum": the forums the person reads, with what is new (two queries)."""
    if not request.user.is_authenticated:
        return ""
    forums = selectors.dashboard_forums(request.user)
    if not forums:
        return ""
    return render_panel("forums/panels/dashboard.html", {"forums": forums}, request=request)


@hooks.register(COURSE_PAGE_PANELS)
def course_forums_panel(request, course) -> str:
    """The forum of the person's edition of this course, where they look for it."""
    if not request.user.is_authenticated:
        return ""
    forums = list(selectors.course_forums(request.user, course))
    if not forums:
        return ""
    return render_to_string(
        "forums/panels/course.html", {"forums": forums, "course": course}, request=request
    )


@hooks.register(PERSONAL_DATA_SOURCES)
def forum_data(person) -> list[PersonalData]:
    posts = [
        {
            "forum": post.topic.forum.title,
            "topic": post.topic.title,
            "created_at": post.created_at,
            "edited_at": post.edited_at,
            "text": post.source,
            "hidden": post.is_hidden,
        }
        for post in Post.objects.filter(author=person)
        .select_related("topic__forum")
        .order_by("created_at", "pk")
    ]
    reactions = [
        {"topic": reaction.post.topic.title, "kind": reaction.kind, "at": reaction.created_at}
        for reaction in Reaction.objects.filter(user=person)
        .select_related("post__topic")
        .order_by("created_at", "pk")
    ]
    subscriptions = [
        {
            "forum": subscription.forum.title if subscription.forum else "",
            "topic": subscription.topic.title if subscription.topic else "",
            "active": subscription.is_active,
            "created_at": subscription.created_at,
        }
        for subscription in Subscription.objects.filter(user=person).select_related(
            "forum", "topic"
        )
    ]
    profile = [
        {
            "handle": item.handle,
            "email_mode": item.email_mode,
            "auto_subscribe": item.auto_subscribe,
        }
        for item in ForumProfile.objects.filter(user=person)
    ]
    return [
        PersonalData("forum_messaggi", posts),
        PersonalData("forum_reazioni", reactions),
        PersonalData("forum_iscrizioni", subscriptions),
        PersonalData("forum_profilo", profile),
    ]


@hooks.register(ERASURE_HANDLERS)
def erase_forum_data(person, pseudonym: str) -> None:
    """Posts stay, signed "Utente rimosso"; the person's forum settings go."""
    ForumProfile.objects.filter(user=person).delete()
    Subscription.objects.filter(user=person).delete()
    TopicReadMark.objects.filter(user=person).delete()
    ForumReadMark.objects.filter(user=person).delete()


@hooks.register(SITE_SEARCH_SOURCES)
def forum_search_source(user, query) -> SearchSection | None:
    """The best matching posts of the forums the reader may read (one query)."""
    if not user.is_authenticated:
        return None
    posts = list(selectors.search_posts(user, query)[:SECTION_SIZE])
    if not posts:
        return None
    words = search_words(query)
    return SearchSection(
        kind=_("Messaggi dei forum"),
        label=_("Messaggio"),
        more_url=f"{reverse('forums:search')}?{urlencode({'q': query})}",
        more_text=_("Tutti i messaggi trovati"),
        order=30,
        hits=[
            SearchHit(
                title=post.topic.title,
                url=reverse("forums:post", kwargs={"pk": post.pk}),
                excerpt=snippet(plain_text(post.html), words),
                meta=post.topic.forum.title,
            )
            for post in posts
        ],
    )
