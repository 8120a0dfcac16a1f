"""The channel's views: section listings, ratings, event registration, search, robots.txt."""

import secrets

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Site

from website.core.exceptions import Refused
from website.core.links import absolute_url
from website.core.ratelimits import client_key, limit_reached

from . import selectors, services
from .forms import (
    EventFilterForm,
    GoodPracticeFilterForm,
    NewsFilterForm,
    RatingForm,
    RegulationFilterForm,
    SearchForm,
    YearFilterForm,
)
from .models import (
    ContentRating,
    EventIndexPage,
    GoodPracticeIndexPage,
    NewsIndexPage,
    PressReviewIndexPage,
    RegulationIndexPage,
)

INDEX_PAGE_SIZE = 12
SEARCH_PAGE_SIZE = 10
READER_SESSION_KEY = "aula_reader"
RATING_RATE = "20/h"

# Each section: its filter form and the selector that lists its pages.
SECTIONS = {
    NewsIndexPage: (NewsFilterForm, selectors.news_listing),
    PressReviewIndexPage: (YearFilterForm, selectors.press_review_listing),
    RegulationIndexPage: (RegulationFilterForm, selectors.regulation_listing),
    EventIndexPage: (EventFilterForm, selectors.event_listing),
    GoodPracticeIndexPage: (GoodPracticeFilterForm, selectors.good_practice_listing),
}


def index_context(index_page, request):
    form_class, listing = SECTIONS[type(index_page)]
    form = form_class(request.GET or None, index_page=index_page)
    filters = form.cleaned_filters()
    page_obj = Paginator(listing(index_page, filters), INDEX_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return {
        "form": form,
        "filters": filters,
        "filtered": any(filters.values()),
        "page_obj": page_obj,
        "items": page_obj.object_list,
    }


# --- Ratings ----------------------------------------------------------------------


def _reader_token(request, *, create=False):
    token = request.session.get(READER_SESSION_KEY, "") if hasattr(request, "session") else ""
    if not token and create:
        token = secrets.token_urlsafe(24)
        request.session[READER_SESSION_KEY] = token
    return token


def _own_rating(request, page):
    if request.user.is_authenticated:
        return ContentRating.objects.filter(page=page, user=request.user).first()
    token = _reader_token(request)
    if not token:
        return None
    return ContentRating.objects.filter(
        page=page, user=None, reader_key=services.reader_key_for(token)
    ).first()


def rating_context(request, page, form=None):
    own = _own_rating(request, page)
    if form is None:
        initial = {"score": own.score, "comment": own.comment} if own else None
        form = RatingForm(initial=initial, auto_id="rating_%s")
    return {
        "rating_form": form,
        "own_rating": own,
        "rating_url": page.url + page.reverse_subpage("rate"),
    }


def rate_page(request, page):
    """POST <page>/valuta/: record the reader's 1–5 rating; a repeat replaces the earlier one."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if limit_reached("cms-rating", client_key(request, per_person=False), [RATING_RATE]):
        return render(request, "429.html", status=429)
    form = RatingForm(request.POST, auto_id="rating_%s")
    if not form.is_valid():
        response = page.render(request, context_overrides=rating_context(request, page, form))
        response.status_code = 400
        return response
    _rating, created = services.rating_submit(
        page=page,
        user=request.user,
        reader_token=_reader_token(request, create=not request.user.is_authenticated),
        score=form.cleaned_data["score"],
        comment=form.cleaned_data["comment"],
    )
    if created:
        messages.success(request, _("Grazie: la tua valutazione è stata registrata."))
    else:
        messages.success(request, _("Grazie: la tua valutazione è stata aggiornata."))
    return redirect(page.url + "#valuta")


# --- Event registration -------------------------------------------------------------


def registration_context(event, user):
    count, registered = selectors.event_registration_counts(event, user)
    refusal = services.registration_refusal(event, count=count, registered=registered)
    return {
        "registration_count": count,
        "places_left": max(event.capacity - count, 0) if event.takes_registrations else None,
        "is_registered": registered,
        "registration_refusal": refusal,
        "participants": event.reported_participants
        if event.reported_participants is not None
        else count,
    }


def _registration_action(request, event, action):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(event.url)
    try:
        message = action(event=event, user=request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, message)
    return redirect(event.url + "#iscrizione")


def register_view(request, event):
    def register(*, event, user):
        services.event_registration_create(event=event, user=user)
        return _("Iscrizione confermata: ti aspettiamo.")

    return _registration_action(request, event, register)


def unregister_view(request, event):
    def unregister(*, event, user):
        if services.event_registration_cancel(event=event, user=user):
            return _("Iscrizione annullata: il posto è di nuovo disponibile.")
        return _("Non risultavi iscritto a questo evento.")

    return _registration_action(request, event, unregister)


# --- Search -----------------------------------------------------------------------------


@require_GET
def search(request):
    form = SearchForm(request.GET or None)
    filters = form.search_filters()
    site = Site.find_for_request(request)
    page_obj = None
    details = {}
    suggestion = ""
    if site is not None and (filters.query or filters.narrowed):
        results = selectors.search_pages(site.root_page, filters)
        page_obj = Paginator(results, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
        details = selectors.search_result_details(page_obj.object_list)
        if filters.query and not page_obj.paginator.count:
            suggestion = selectors.search_suggestion(site.root_page, filters.query)
    # Courses, resources and forum posts the reader may see: a few of each kind beside the
    # pages' first page, each with a link to that kind's own search.
    sections = []
    if filters.query and not filters.narrowed and (page_obj is None or page_obj.number == 1):
        sections = selectors.search_sections(request.user, filters.query)
    return render(
        request,
        "cms/search.html",
        {
            "form": form,
            "filters": filters,
            "page_obj": page_obj,
            "suggestion": suggestion,
            "sections": sections,
            "suggestion_url": f"?{urlencode({'q': suggestion})}" if suggestion else "",
            "results": [
                (page, details.get(page.pk)) for page in (page_obj.object_list if page_obj else [])
            ],
        },
    )


# --- robots.txt --------------------------------------------------------------------------


@require_GET
@cache_control(max_age=86400)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /account/",
        "Disallow: /profilo/",
        "Disallow: /notifiche/",
        "Disallow: /cerca/",
        "",
        f"Sitemap: {absolute_url('sitemap')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
