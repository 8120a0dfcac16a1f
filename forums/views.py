"""The forum pages. Every object is checked against the person asking; what they
may not read, and what they may read but not do (edit someone else's post,
moderate a forum they do not moderate), answers 404: the answer never tells a
person more than the page they may see.

Every page works without JavaScript; the topic page's script adds live updates
on top, and the editors' script does in the page what the forms do with a reload:
reactions, quoting, the preview and @mention suggestions. Those ask the same views
(or small endpoints beside them) for JSON with ``Accept: application/json``.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from website.core.exceptions import Refused
from website.core.files import protected_file_response
from website.core.navigation import Crumb, trail
from website.core.ratelimits import release_slot, take_slot

from . import notify, permissions, selectors, services
from .forms import (
    EditPostForm,
    MentionQueryForm,
    MoveTopicForm,
    PreferencesForm,
    PreviewForm,
    ReplyForm,
    ReportForm,
    SearchForm,
    TopicForm,
)
from .markup import quote_source, render_markdown
from .models import Attachment, Forum, Reaction
from .search import RESULT_VALUES, search_results, search_words

POSTING_RATE_GROUP = "forums.post"
PREVIEW_RATE_GROUP = "forums.preview"
REPORT_RATE_GROUP = "forums.report"
QUOTED_SELECTION_MAX_LENGTH = 5_000


# --- Helpers -------------------------------------------------------------------------------------


def _readable_forum(request, slug) -> Forum:
    forum = selectors.forum_for_slug(request.user, slug)
    if forum is None:
        raise Http404
    return forum


def _readable_topic(request, pk, *, for_page=False):
    topic = selectors.topic_for_reader(request.user, pk, for_page=for_page)
    if topic is None or not permissions.can_read_topic(request.user, topic):
        raise Http404
    return topic


def _readable_post(request, pk):
    post = selectors.post_for_reader(request.user, pk)
    if post is None or not permissions.can_read_post(request.user, post):
        raise Http404
    return post


def _next_url(request, fallback):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


def _rate_limited_response(request, template, context):
    context["rate_limited"] = True
    return render(request, template, context, status=429)


def _wants_json(request: HttpRequest) -> bool:
    """The page's script asks for JSON; a form without JavaScript asks for HTML."""
    return "application/json" in request.headers.get("Accept", "")


def _json_error(message, status: int) -> JsonResponse:
    return JsonResponse({"error": str(message)}, status=status)


def _decorate_posts(user, posts):
    """What the person may do with each post (rights are read once per forum)."""
    for post in posts:
        post.can_edit = permissions.can_edit_post(user, post)
        post.can_delete = permissions.can_delete_post(user, post)
        post.can_react = permissions.can_react(user, post)
        post.can_report = permissions.can_report(user, post)
        post.can_view_revisions = post.edited_at and permissions.can_view_revisions(user, post)
        post.can_moderate = permissions.can_moderate_topic(user, post.topic)
        post.my_reaction_kinds = {reaction.kind for reaction in post.my_reactions}
        post.can_quote = permissions.can_reply(user, post.topic)
        post.author_badges = selectors.author_badges(post.author)
    return posts


def _post_url(user, post):
    """The page of the topic that shows the post, anchored on it."""
    moderator = permissions.can_moderate_topic(user, post.topic)
    position = selectors.post_position(user, post, moderator=moderator)
    page = position // selectors.POSTS_PER_PAGE + 1
    url = post.topic.get_absolute_url()
    if page > 1:
        url += f"?page={page}"
    return f"{url}#post-{post.pk}"


def _wants_preview(request):
    return request.method == "POST" and "preview" in request.POST


def _preview_response(request, form, template, context):
    """The form again, with the text as it would be published shown above it."""
    source = form.data.get("source", "")
    context["preview"] = render_markdown(source).html if source.strip() else ""
    form.is_valid()  # also says what would be refused
    return render(request, template, context)


def _set_following(request, *, target_url, followed, unfollowed, **target):
    active = request.POST.get("action") == "follow"
    services.subscription_set(user=request.user, active=active, **target)
    messages.success(request, followed if active else unfollowed)
    return redirect(_next_url(request, target_url))


# --- Forums --------------------------------------------------------------------------------------


def _trail(current=None, *, forum=None, topic=None) -> list[Crumb]:
    """Forum [/ forum] [/ topic] / what this page is; the last step is the current page."""
    steps: list[tuple[str | Promise, str | None]] = [(_("Forum"), reverse("forums:index"))]
    if forum is not None:
        steps.append((forum.title, forum.get_absolute_url()))
    if topic is not None:
        steps.append((topic.title, topic.get_absolute_url()))
    if current is not None:
        steps.append((current, None))
    steps[-1] = (steps[-1][0], None)
    return trail(*steps)


def forum_index(request):
    if not request.user.is_authenticated:
        return render(request, "forums/index_anonymous.html", {"breadcrumbs": _trail()})
    forums = list(selectors.forum_list(request.user))
    sections = [
        (_("Comunità"), [f for f in forums if f.kind == Forum.Kind.COMMUNITY]),
        (_("Cluster"), [f for f in forums if f.kind == Forum.Kind.CLUSTER]),
        (_("Edizioni dei corsi"), [f for f in forums if f.kind == Forum.Kind.EDITION]),
    ]
    return render(
        request,
        "forums/index.html",
        {
            "sections": [(title, items) for title, items in sections if items],
            "search_form": SearchForm(),
            "moderates": selectors.moderation_backlog(request.user)
            if permissions.moderated_forums(request.user).exists()
            else None,
            "breadcrumbs": _trail(),
        },
    )


@login_required
def forum_detail(request, slug):
    forum = _readable_forum(request, slug)
    moderator = permissions.can_moderate_forum(request.user, forum)
    topics = selectors.forum_topics(request.user, forum, moderator=moderator)
    page = Paginator(topics, selectors.TOPICS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "forums/forum.html",
        {
            "forum": forum,
            "page_obj": page,
            "is_moderator": moderator,
            "can_start_topic": permissions.can_start_topic(request.user, forum),
            "is_following": selectors.subscription_state(request.user, forum=forum),
            "breadcrumbs": _trail(forum=forum),
        },
    )


@login_required
def topic_create(request, slug):
    forum = _readable_forum(request, slug)
    if not permissions.can_start_topic(request.user, forum):
        raise Http404
    form = TopicForm(request.POST or None, request.FILES or None)
    context = {
        "forum": forum,
        "form": form,
        "breadcrumbs": _trail(_("Nuova discussione"), forum=forum),
    }
    if _wants_preview(request):
        return _preview_response(request, form, "forums/topic_form.html", context)
    if request.method == "POST" and form.is_valid():
        slot = take_slot(POSTING_RATE_GROUP, request.user.pk, settings.FORUMS_POST_RATES)
        if slot is None:
            return _rate_limited_response(request, "forums/topic_form.html", context)
        try:
            topic = services.topic_create(
                forum=forum,
                author=request.user,
                title=form.cleaned_data["title"],
                source=form.cleaned_data["source"],
                uploads=form.cleaned_data["attachments"],
            )
        except Exception:
            release_slot(slot)
            raise
        if topic.is_approved:
            messages.success(request, _("Discussione pubblicata."))
        else:
            messages.info(
                request,
                _("La discussione sarà visibile a tutti dopo l'approvazione di un moderatore."),
            )
        return redirect(topic)
    return render(request, "forums/topic_form.html", context)


@login_required
@require_POST
def forum_follow(request, slug):
    forum = _readable_forum(request, slug)
    return _set_following(
        request,
        forum=forum,
        target_url=forum.get_absolute_url(),
        followed=_("Ora segui questo forum."),
        unfollowed=_("Non segui più questo forum."),
    )


@login_required
@require_POST
def forum_mark_read(request, slug):
    forum = _readable_forum(request, slug)
    services.forums_mark_read(user=request.user, forums=[forum])
    messages.success(request, _("Tutte le discussioni del forum sono segnate come lette."))
    return redirect(_next_url(request, forum.get_absolute_url()))


@login_required
@require_POST
def mark_all_read(request):
    services.forums_mark_read(user=request.user, forums=permissions.readable_forums(request.user))
    messages.success(request, _("Tutti i forum sono segnati come letti."))
    return redirect(_next_url(request, reverse("forums:index")))


# --- Topics --------------------------------------------------------------------------------------


@login_required
def topic_detail(request, pk):
    topic = _readable_topic(request, pk, for_page=True)
    user = request.user
    moderator = permissions.can_moderate_topic(user, topic)
    paginator = Paginator(
        selectors.topic_posts(user, topic, moderator=moderator), selectors.POSTS_PER_PAGE
    )
    number = request.GET.get("page")
    page = paginator.get_page(paginator.num_pages if number == "ultima" else number)
    posts = _decorate_posts(user, list(page.object_list))
    if posts:
        services.topic_mark_read(
            user=user, topic=topic, post_id=max(p.pk for p in posts), current=topic.read_upto
        )
    can_reply = permissions.can_reply(user, topic)
    return render(
        request,
        "forums/topic.html",
        {
            "topic": topic,
            "forum": topic.forum,
            "page_obj": page,
            "posts": posts,
            "is_moderator": moderator,
            "can_reply": can_reply,
            "reply_form": ReplyForm() if can_reply else None,
            "is_following": topic.is_following,
            "last_event_id": topic.latest_event_id,
            "is_last_page": page.number == paginator.num_pages,
            "breadcrumbs": _trail(forum=topic.forum, topic=topic),
        },
    )


@login_required
def topic_first_unread(request, pk):
    topic = _readable_topic(request, pk)
    moderator = permissions.can_moderate_topic(request.user, topic)
    post = selectors.first_unread_post(request.user, topic, moderator=moderator)
    if post is None:
        messages.info(request, _("Hai già letto tutti i messaggi di questa discussione."))
        return redirect(f"{topic.get_absolute_url()}?page=ultima")
    post.topic = topic
    return redirect(_post_url(request.user, post))


def _quote(request, topic, quoted_id: str) -> dict[str, object]:
    """The reply form's initial text quoting a post of the topic (or the part of it the
    person selected, ``testo``), or {} when there is no such post the person may read."""
    if not quoted_id.isdigit():
        return {}
    quoted = selectors.post_for_reader(request.user, int(quoted_id))
    if not (
        quoted and quoted.topic_id == topic.pk and permissions.can_read_post(request.user, quoted)
    ):
        return {}
    selection = request.GET.get("testo", "").strip()[:QUOTED_SELECTION_MAX_LENGTH]
    name = str(quoted.author) if quoted.author else _("Una persona")
    attribution = _("[%(name)s](%(url)s) ha scritto:") % {
        "name": name.replace("[", "").replace("]", ""),
        "url": quoted.get_absolute_url(),
    }
    return {
        "source": quote_source(selection or quoted.source, attribution=attribution),
        "reply_to": quoted.pk,
    }


@login_required
def topic_reply(request, pk):
    topic = _readable_topic(request, pk)
    if not permissions.can_reply(request.user, topic):
        raise Http404
    initial = {}
    quoted_id = request.GET.get("cita", "")
    if request.method == "GET" and quoted_id:
        initial = _quote(request, topic, quoted_id)
        if _wants_json(request):
            if not initial:
                raise Http404
            return JsonResponse(initial)
    form = ReplyForm(request.POST or None, request.FILES or None, initial=initial)
    context = {
        "topic": topic,
        "forum": topic.forum,
        "form": form,
        "breadcrumbs": _trail(_("Rispondi"), forum=topic.forum, topic=topic),
    }
    if _wants_preview(request):
        return _preview_response(request, form, "forums/reply_form.html", context)
    if request.method == "POST" and form.is_valid():
        slot = take_slot(POSTING_RATE_GROUP, request.user.pk, settings.FORUMS_POST_RATES)
        if slot is None:
            return _rate_limited_response(request, "forums/reply_form.html", context)
        reply_to = None
        if form.cleaned_data.get("reply_to"):
            reply_to = selectors.post_for_reader(request.user, form.cleaned_data["reply_to"])
        try:
            post = services.post_create(
                topic=topic,
                author=request.user,
                source=form.cleaned_data["source"],
                reply_to=reply_to,
                uploads=form.cleaned_data["attachments"],
            )
        except Refused as error:
            release_slot(slot)
            form.add_error(None, str(error))
            return render(request, "forums/reply_form.html", context, status=409)
        if post.is_approved:
            messages.success(request, _("Risposta pubblicata."))
        else:
            messages.info(
                request,
                _("La tua risposta sarà visibile a tutti dopo l'approvazione di un moderatore."),
            )
        post.topic = topic
        return redirect(_post_url(request.user, post))
    return render(request, "forums/reply_form.html", context)


@login_required
@require_POST
def topic_follow(request, pk):
    topic = _readable_topic(request, pk)
    return _set_following(
        request,
        topic=topic,
        target_url=topic.get_absolute_url(),
        followed=_("Ora segui questa discussione."),
        unfollowed=_("Non segui più questa discussione."),
    )


TOPIC_ACTIONS = {
    "pin": ("is_pinned", True, _("La discussione è ora in evidenza.")),
    "unpin": ("is_pinned", False, _("La discussione non è più in evidenza.")),
    "lock": ("is_locked", True, _("La discussione è chiusa: non accetta nuove risposte.")),
    "unlock": ("is_locked", False, _("La discussione è di nuovo aperta.")),
}


@login_required
@require_POST
def topic_moderate(request, pk):
    topic = _readable_topic(request, pk)
    if not permissions.can_moderate_topic(request.user, topic):
        raise Http404
    action = request.POST.get("action")
    if action in TOPIC_ACTIONS:
        flag, value, message = TOPIC_ACTIONS[action]
        services.topic_set_flag(topic=topic, actor=request.user, flag=flag, value=value)
    elif action in ("hide", "restore"):
        services.topic_set_hidden(topic=topic, actor=request.user, hidden=action == "hide")
        message = (
            _("La discussione è nascosta: la vedono solo i moderatori e chi l'ha aperta.")
            if action == "hide"
            else _("La discussione è di nuovo visibile a tutti.")
        )
    else:
        messages.error(request, _("Azione di moderazione sconosciuta."))
        return redirect(topic)
    messages.success(request, str(message))
    return redirect(_next_url(request, topic.get_absolute_url()))


@login_required
def topic_move(request, pk):
    topic = _readable_topic(request, pk)
    if not permissions.can_moderate_topic(request.user, topic):
        raise Http404
    forums = (
        permissions.moderated_forums(request.user)
        .exclude(pk=topic.forum_id)
        .order_by("position", "title")
    )
    form = MoveTopicForm(request.POST or None, forums=forums)
    if request.method == "POST" and form.is_valid():
        services.topic_move(topic=topic, actor=request.user, forum=form.cleaned_data["forum"])
        messages.success(
            request,
            _("Discussione spostata in «%(forum)s».") % {"forum": form.cleaned_data["forum"]},
        )
        return redirect(topic)
    return render(
        request,
        "forums/topic_move.html",
        {
            "topic": topic,
            "forum": topic.forum,
            "form": form,
            "breadcrumbs": _trail(_("Sposta la discussione"), forum=topic.forum, topic=topic),
        },
    )


# --- What the editors' script asks: preview and @mention suggestions -----------------------------


def _preview(request) -> JsonResponse:
    """The text as it would be published, through the one Markdown and sanitising path.

    Nothing is saved. The size is the posting form's; the rate is counted per person.
    """
    form = PreviewForm(request.POST)
    if not form.is_valid():
        return _json_error(" ".join(str(error) for error in form.errors["source"]), 400)
    source = form.cleaned_data["source"]
    if not source:
        return JsonResponse({"html": ""})
    if take_slot(PREVIEW_RATE_GROUP, request.user.pk, settings.FORUMS_PREVIEW_RATES) is None:
        return _json_error(
            _("Troppe anteprime in poco tempo: attendi qualche minuto e riprova."), 429
        )
    rendered, _mentioned = services.render_source(source)
    return JsonResponse({"html": rendered.html})


def _mentions(request, readers) -> JsonResponse:
    form = MentionQueryForm(request.GET)
    if not form.is_valid():
        return _json_error(" ".join(str(error) for error in form.errors["q"]), 400)
    people = selectors.mention_suggestions(readers, form.cleaned_data["q"], asking=request.user)
    return JsonResponse(
        {
            "results": [
                {
                    "handle": person.forum_profile.handle,
                    "name": str(person),
                    "centre": person.centre.name if person.centre else "",
                }
                for person in people
            ]
        }
    )


@login_required
@require_POST
def topic_preview(request, pk):
    topic = _readable_topic(request, pk)
    if not permissions.can_reply(request.user, topic):
        raise Http404
    return _preview(request)


@login_required
@require_GET
def topic_mentions(request, pk):
    """People who may read the topic, for the @mention suggestions of its editors."""
    topic = _readable_topic(request, pk)
    return _mentions(request, permissions.topic_readers(topic))


@login_required
@require_POST
def forum_preview(request, slug):
    forum = _readable_forum(request, slug)
    if not permissions.can_start_topic(request.user, forum):
        raise Http404
    return _preview(request)


@login_required
@require_GET
def forum_mentions(request, slug):
    """People who may read the forum, for the @mention suggestions of a new topic."""
    forum = _readable_forum(request, slug)
    return _mentions(request, permissions.forum_readers(forum))


# --- Posts ---------------------------------------------------------------------------------------


@login_required
def post_permalink(request, pk):
    post = _readable_post(request, pk)
    return redirect(_post_url(request.user, post))


@login_required
@require_GET
@never_cache
def post_fragment(request, pk):
    """One post as the topic page shows it: what live updates fetch."""
    post = _readable_post(request, pk)
    _decorate_posts(request.user, [post])
    return render(
        request,
        "forums/includes/post.html",
        {"post": post, "topic": post.topic, "is_moderator": post.can_moderate, "live": True},
    )


@login_required
def post_edit(request, pk):
    post = _readable_post(request, pk)
    if not permissions.can_edit_post(request.user, post):
        raise Http404
    form = EditPostForm(
        request.POST or None,
        request.FILES or None,
        post=post,
        initial={"source": post.source},
    )
    context = {
        "post": post,
        "topic": post.topic,
        "forum": post.topic.forum,
        "form": form,
        "breadcrumbs": _trail(_("Modifica il messaggio"), forum=post.topic.forum, topic=post.topic),
    }
    if _wants_preview(request):
        return _preview_response(request, form, "forums/post_edit.html", context)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(
                post=post,
                editor=request.user,
                source=form.cleaned_data["source"],
                uploads=form.cleaned_data["attachments"],
                remove_attachments=form.cleaned_data.get("remove_attachments") or (),
            )
        except Refused as error:
            form.add_error(None, str(error))
            return render(request, "forums/post_edit.html", context, status=409)
        messages.success(request, _("Messaggio aggiornato."))
        return redirect(_post_url(request.user, post))
    return render(request, "forums/post_edit.html", context)


@login_required
def post_delete(request, pk):
    post = _readable_post(request, pk)
    if not permissions.can_delete_post(request.user, post):
        raise Http404
    context = {
        "post": post,
        "topic": post.topic,
        "forum": post.topic.forum,
        "breadcrumbs": _trail(_("Ritira il messaggio"), forum=post.topic.forum, topic=post.topic),
    }
    if request.method == "POST":
        try:
            topic = services.post_delete(post=post, actor=request.user)
        except Refused as error:
            context["error"] = str(error)
            return render(request, "forums/post_delete.html", context, status=409)
        messages.success(request, _("Messaggio ritirato."))
        if topic is None:
            return redirect(post.topic.forum)
        return redirect(topic)
    return render(request, "forums/post_delete.html", context)


@login_required
@require_POST
def post_react(request, pk):
    post = _readable_post(request, pk)
    kind = request.POST.get("kind")
    if kind not in Reaction.Kind.values:
        if _wants_json(request):
            return _json_error(_("Reazione sconosciuta."), 400)
        messages.error(request, _("Reazione sconosciuta."))
        return redirect(_post_url(request.user, post))
    if not permissions.can_react(request.user, post):
        raise Http404
    pressed = services.reaction_toggle(post=post, user=request.user, kind=kind)
    if _wants_json(request):
        counts = selectors.reaction_counts(post.pk)
        return JsonResponse({"kind": kind, "pressed": pressed, "counts": counts})
    return redirect(_next_url(request, _post_url(request.user, post)))


@login_required
def post_report(request, pk):
    post = _readable_post(request, pk)
    if not permissions.can_report(request.user, post):
        raise Http404
    form = ReportForm(request.POST or None)
    context = {
        "post": post,
        "topic": post.topic,
        "forum": post.topic.forum,
        "form": form,
        "breadcrumbs": _trail(_("Segnala un messaggio"), forum=post.topic.forum, topic=post.topic),
    }
    if request.method == "POST" and form.is_valid():
        slot = take_slot(REPORT_RATE_GROUP, request.user.pk, [settings.FORUMS_REPORT_RATE])
        if slot is None:
            return _rate_limited_response(request, "forums/post_report.html", context)
        try:
            services.post_report(
                post=post,
                reporter=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except Refused as error:
            release_slot(slot)
            messages.info(request, str(error))
            return redirect(_post_url(request.user, post))
        messages.success(request, _("Grazie: la segnalazione è arrivata ai moderatori."))
        return redirect(_post_url(request.user, post))
    return render(request, "forums/post_report.html", context)


@login_required
def post_revisions(request, pk):
    post = _readable_post(request, pk)
    if not permissions.can_view_revisions(request.user, post):
        raise Http404
    return render(
        request,
        "forums/post_revisions.html",
        {
            "post": post,
            "topic": post.topic,
            "forum": post.topic.forum,
            "revisions": post.revisions.select_related("replaced_by"),
            "breadcrumbs": _trail(
                _("Versioni del messaggio"), forum=post.topic.forum, topic=post.topic
            ),
        },
    )


@login_required
@require_POST
def post_moderate(request, pk):
    post = _readable_post(request, pk)
    if not permissions.can_moderate_topic(request.user, post.topic):
        raise Http404
    action = request.POST.get("action")
    outcomes = {
        "hide": (
            lambda: services.post_set_hidden(post=post, actor=request.user, hidden=True),
            _("Messaggio nascosto: lo vedono solo i moderatori e chi l'ha scritto."),
        ),
        "restore": (
            lambda: services.post_set_hidden(post=post, actor=request.user, hidden=False),
            _("Messaggio di nuovo visibile."),
        ),
        "approve": (
            lambda: services.post_approve(post=post, actor=request.user),
            _("Messaggio approvato e pubblicato."),
        ),
        "reject": (
            lambda: services.post_reject(post=post, actor=request.user),
            _("Messaggio respinto: resta visibile solo a chi l'ha scritto."),
        ),
        "dismiss": (
            lambda: services.reports_dismiss(post=post, actor=request.user),
            _("Segnalazioni archiviate: il messaggio resta pubblicato."),
        ),
    }
    if action not in outcomes:
        messages.error(request, _("Azione di moderazione sconosciuta."))
    else:
        perform, message = outcomes[action]
        perform()
        messages.success(request, message)
    return redirect(_next_url(request, _post_url(request.user, post)))


# --- Attachments ---------------------------------------------------------------------------------


@login_required
def attachment_download(request, pk, name):
    attachment = Attachment.objects.select_related("post__topic__forum").filter(pk=pk).first()
    if (
        attachment is None
        or attachment.name != name
        or not permissions.can_read_attachment(request.user, attachment)
    ):
        raise Http404
    return protected_file_response(
        request,
        attachment.file,
        content_type=attachment.content_type,
        filename=attachment.name,
        as_attachment=not attachment.is_image,
        max_age=3600,
    )


# --- Search, moderation queue, preferences -------------------------------------------------------


# A post number no post has: the search page reverses one link with it and puts each
# result's number in its place.
POST_NUMBER_PLACEHOLDER = 987654321987


@login_required
def search(request):
    form = SearchForm(request.GET or None)
    page = None
    results = []
    words = []
    if form.is_valid():
        words = search_words(form.cleaned_data["q"])
        found = selectors.search_posts(request.user, form.cleaned_data["q"])
        page = Paginator(found.values(*RESULT_VALUES), selectors.SEARCH_RESULTS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        results = search_results(
            page.object_list,
            words,
            post_url=reverse("forums:post", kwargs={"pk": POST_NUMBER_PLACEHOLDER}),
            placeholder=str(POST_NUMBER_PLACEHOLDER),
            someone=_("una persona"),
        )
    return render(
        request,
        "forums/search.html",
        {
            "form": form,
            "page_obj": page,
            "results": results,
            "breadcrumbs": _trail(_("Cerca")),
        },
    )


@login_required
def moderation_queue(request):
    if not permissions.moderated_forums(request.user).exists():
        raise Http404
    reported, pending, actions = selectors.moderation_queue(request.user)
    return render(
        request,
        "forums/moderation.html",
        {
            "reported": reported,
            "pending": pending,
            "actions": actions,
            "breadcrumbs": _trail(_("Moderazione")),
        },
    )


@login_required
def preferences(request):
    profile = services.forum_profile_ensure(user=request.user)
    form = PreferencesForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        services.forum_profile_update(
            user=request.user,
            handle=form.cleaned_data["handle"],
            email_mode=form.cleaned_data["email_mode"],
            auto_subscribe=form.cleaned_data["auto_subscribe"],
        )
        messages.success(request, _("Preferenze salvate."))
        return redirect("forums:preferences")
    return render(
        request,
        "forums/preferences.html",
        {
            "form": form,
            "subscriptions": selectors.followed(request.user),
            "breadcrumbs": _trail(_("Notifiche e iscrizioni")),
        },
    )


@csrf_exempt
@never_cache
def unsubscribe(request, token):
    """Stop emails from a signed link, without logging in.

    GET shows one button (link scanners in mail systems open links, and must
    not unsubscribe anyone); POST, from that button or from a mail client's
    RFC 8058 one-click request, does it. The signed token is the credential,
    so there is no CSRF token.
    """
    try:
        user, subscription = notify.read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, "forums/unsubscribe_invalid.html", status=404)
    context = {"person": user, "subscription": subscription}
    if request.method == "POST":
        if subscription is None:
            services.forum_emails_stop(user=user)
        else:
            services.subscription_set(
                user=user, forum=subscription.forum, topic=subscription.topic, active=False
            )
        context["done"] = True
    return render(request, "forums/unsubscribe.html", context)
