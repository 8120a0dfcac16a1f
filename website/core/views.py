import functools
import logging
import sys

from django.conf import settings
from django.db import connection
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.models import Page, Site

from .i18n import remember_language
from .searchindex.selectors import queued_updates

logger = logging.getLogger(__name__)


@functools.cache
def _redis_client(url: str):
    """One client (and its connection pool) per process: each call still pings Redis."""
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)


def _database_answers() -> tuple[bool, int | None]:
    """Whether the database answers, and the search-index updates queued (one query)."""
    try:
        queued = queued_updates()
        if queued is None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
    except Exception:
        logger.exception("Health check: database unavailable")
        return False, None
    return True, queued


@never_cache
def healthz(request):
    """200 when the database (and Redis, where configured) answer; 503 otherwise.

    ``search_index`` says whether index updates wait for the task worker. Both services
    are asked on every call; the counting query is the database's check."""
    database_ok, queued = _database_answers()
    checks = {"database": "ok" if database_ok else "error"}
    healthy = database_ok
    if settings.REDIS_URL:
        try:
            _redis_client(settings.REDIS_URL).ping()
            checks["redis"] = "ok"
        except Exception:
            logger.exception("Health check: Redis unavailable")
            checks["redis"] = "error"
            healthy = False
    else:
        checks["redis"] = "not configured"
    if database_ok:
        # Not a failure: the site answers, but newly saved pages are not yet searchable.
        checks["search_index"] = "current" if not queued else f"behind: {queued} updates queued"
    checks["status"] = "ok" if healthy else "error"
    return JsonResponse(checks, status=200 if healthy else 503)


DATABASE_RETRY_SECONDS = 30


def server_error(request):
    """Django's 500 page, or a 503 page when the database does not answer.

    Called while Django handles the exception, so ``sys.exc_info()`` holds it. The
    503 page is rendered without the request's context: its context processors would
    ask the database again. Nothing is kept: the next request connects afresh
    (``CONN_HEALTH_CHECKS``), so the site recovers without a restart.
    """
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(DATABASE_RETRY_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return defaults.server_error(request)


@require_POST
def set_language(request):
    """Switch language without JavaScript or URL prefix and go back where we were."""
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    remember_language(request, response, request.POST.get("language"))
    return response


def sitemap_page(request):
    """The human site map: the sections of the platform and the page tree."""
    site = Site.find_for_request(request)
    entries = []
    if site is not None:
        root = site.root_page
        pages = (
            Page.objects.live()
            .public()
            .descendant_of(root, inclusive=True)
            .filter(depth__lte=root.depth + 2)
            .order_by("path")
        )
        entries = [(page, (page.depth - root.depth) * 3) for page in pages]
    return render(request, "core/sitemap.html", {"entries": entries})


def section_in_preparation(request, title):
    """A section whose features are still being built: a page, never a 404."""
    return render(request, "core/section_in_preparation.html", {"section_title": title})
