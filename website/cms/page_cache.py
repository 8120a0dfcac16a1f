"""Whole pages of the web channel, cached for anonymous readers and replayed.

A reader who carries no cookie but the CSRF and language ones sees exactly what every such
reader sees, so their page is rendered once and then served from the cache. The key is the
scheme, host, path, query string (tracking parameters left out) and active language, under
the content generation (``website.core.generations``): publishing, unpublishing, moving or
deleting a page, and every other change a page shows, bump it, so no reader ever gets the
copy from before an edit. A copy also expires after ``PAGE_CACHE_SECONDS`` (0 turns the
cache off), which bounds what only the calendar changes ("upcoming" lists).

Never stored: any request with another cookie (a session: logged in, a rating given, a
pending message), anything but a 200, a response that sets a cookie, says not to cache
(private pages: Wagtail marks them so) or varies on anything else, a page that showed a
message or wrote the session. Forms keep working: each CSRF token is stored as a hole
and every reader gets their own token on the way out, with the cookie that goes with it.

A replayed page still runs the ``on_serve_page`` hooks (the visit counter among them)
around the stored response, with a page carrying the stored page's id and tree fields:
only Wagtail's own view-restriction check is left out, since a copy exists only for a
public page and a new restriction bumps the generation.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.response import SimpleTemplateResponse
from django.utils import translation
from django.utils.cache import cc_delim_re
from wagtail import hooks
from wagtail import views as wagtail_views
from wagtail.models import Page
from wagtail.wagtail_hooks import check_view_restrictions

from website.core.generations import content_generation
from website.core.sites import tell_wagtail_the_site

HEADER = "X-Page-Cache"
_KEY = "aula:page:{generation}:{digest}"
_SERVED_PAGE = "_aula_served_page"
# Links shared on social media and in newsletters carry these; the page does not read them.
_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga)$")
_TOKEN_INPUT = re.compile(rb'(<input type="hidden" name="csrfmiddlewaretoken" value=")[^"]*(">)')
_TOKEN_HOLE = b"\x00aula-csrf-token\x00"
_PAGE_FIELDS = ("id", "content_type_id", "title", "slug", "url_path", "path", "depth", "locale_id")
_NOT_STORED_HEADERS = {"set-cookie", "vary", "content-length"}
_UNCACHEABLE = {"private", "no-cache", "no-store", "max-age=0"}


def _enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0


def _is_anonymous_reader(request: HttpRequest) -> bool:
    allowed = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return request.method in ("GET", "HEAD") and set(request.COOKIES) <= allowed


def _query(request: HttpRequest) -> str:
    pairs = [(k, v) for k, v in request.GET.lists() if not _TRACKING.match(k)]
    return urlencode(sorted(pairs), doseq=True)


def page_key(request: HttpRequest) -> str:
    identity = "\n".join(
        [
            request.scheme or "",
            request.get_host(),
            request.path,
            _query(request),
            translation.get_language() or "",
        ]
    )
    digest = hashlib.sha256(identity.encode()).hexdigest()
    return _KEY.format(generation=content_generation(), digest=digest)


def serve(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail's page view, with the anonymous readers' copies in front of it."""
    if not _enabled() or not _is_anonymous_reader(request):
        return _serve(request, path)
    key = page_key(request)
    entry = cache.get(key)
    if entry is not None:
        return _replay(request, entry)
    response = _serve(request, path)
    if request.method == "GET":
        entry = _entry(request, response)
        if entry is not None:
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            response[HEADER] = "stored"
    return response


def _serve(request: HttpRequest, path: str) -> HttpResponse:
    tell_wagtail_the_site(request)  # from the cache (website.core.sites), not a query
    return wagtail_views.serve(request, path)


def remember_served_page(next_serve_page):
    """Note which page answered, so that a copy of its response knows what it shows."""

    def inner(page, request, args, kwargs):
        setattr(request, _SERVED_PAGE, page)
        return next_serve_page(page, request, args, kwargs)

    return inner


def _entry(request: HttpRequest, response: HttpResponse) -> dict[str, Any] | None:
    page = getattr(request, _SERVED_PAGE, None)
    if page is None or response.status_code != 200 or response.streaming or response.cookies:
        return None
    cache_control = {
        part.strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if cache_control & _UNCACHEABLE:
        return None
    vary = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", ""))}
    if vary - {"", "cookie", "accept-language"}:
        return None
    session = getattr(request, "session", None)
    messages = getattr(request, "_messages", None)
    if (session is not None and session.modified) or (messages is not None and len(messages)):
        return None
    if isinstance(response, SimpleTemplateResponse):
        response.render()
    content = _TOKEN_INPUT.sub(rb"\1" + _TOKEN_HOLE + rb"\2", response.content)
    if b"csrfmiddlewaretoken" in _TOKEN_INPUT.sub(b"", content):
        return None  # a token written some other way: it would be shared
    headers = {
        name: value for name, value in response.items() if name.lower() not in _NOT_STORED_HEADERS
    }
    return {
        "content": content,
        "headers": headers,
        "page": {field: getattr(page, field) for field in _PAGE_FIELDS},
    }


def _replay(request: HttpRequest, entry: dict[str, Any]) -> HttpResponse:
    content: bytes = entry["content"]
    if _TOKEN_HOLE in content:
        content = content.replace(_TOKEN_HOLE, get_token(request).encode())
    response = HttpResponse(content)
    for name, value in entry["headers"].items():
        response[name] = value
    response[HEADER] = "hit"

    page = Page(**entry["page"])
    page._state.adding = False

    def stored(page, request, args, kwargs):
        return response

    chain = stored
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        if fn is not check_view_restrictions:
            chain = fn(chain)
    return chain(page, request, [], {})
