"""The Wagtail site that answers a request, and which page paths are private, from the cache.

Wagtail asks the database for the site on every request that serves a page (and on many that
read a setting), then for the site's home page, then for every restriction above the page
served. These answers change only when a site, a page or a restriction changes, and each of
those bumps the content generation (``core.generations``): so they are kept in the cache
under it, shared by every app server, and a request that finds them there makes no query.

What is kept:

- per host and port, the ``Site`` Wagtail would find, with its home page already specific
  (:func:`tell_wagtail_the_site` hands it to Wagtail as ``request._wagtail_site``, the
  attribute ``Site.find_for_request`` keeps its answer in, where pages are served);
- the tree paths of the pages that carry a view restriction, and of the aliases (whose
  restrictions Wagtail reads from the page they copy): :func:`restricted_paths`.

Only *where* restrictions are is kept: the restrictions themselves (their kind, password and
groups) are read from the database whenever a page under one is served.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest
from django.http.request import split_domain_port
from wagtail.models import Page, PageViewRestriction, Site

from .generations import content_generation

_SITE_KEY = "aula:site:{generation}:{host}:{port}"
_PATHS_KEY = "aula:restricted-paths:{generation}"
_SECONDS = 60 * 60


def _find_site(hostname: str, port: int) -> Site | None:
    from wagtail.models.sites import get_site_for_hostname

    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None
    # Wagtail routes from the specific home page: kept so, it costs no query either.
    site.root_page = site.root_page.specific
    return site


def site_for_request(request: HttpRequest) -> Site | None:
    """What ``Site.find_for_request`` answers (the same rules: raw host, then the default)."""
    # The raw host, as Wagtail reads it (no ALLOWED_HOSTS check: Django makes that one).
    hostname = split_domain_port(request._get_raw_host())[0]  # type: ignore[attr-defined]
    port = int(request.get_port())
    key = _SITE_KEY.format(generation=content_generation(), host=hostname, port=port)
    entry = cache.get(key)
    if entry is None:
        entry = (_find_site(hostname, port),)
        cache.set(key, entry, _SECONDS)
    site: Site | None = entry[0]
    return site


def tell_wagtail_the_site(request: HttpRequest) -> None:
    """Hand Wagtail the request's site from the cache before it asks the database: called
    where Wagtail's pages are served, so requests that never need a site read nothing."""
    if not hasattr(request, "_wagtail_site"):
        request._wagtail_site = site_for_request(request)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class RestrictedPaths:
    """The tree paths of the restricted pages (with each page's depth) and of the aliases."""

    restrictions: tuple[tuple[str, int], ...]
    aliases: frozenset[str]

    def may_apply_to(self, page: Page) -> bool:
        """Whether a restriction may concern ``page``: one on it or above it, or an alias on
        the way (then Wagtail's own reading decides)."""
        if page.alias_of_id is not None:
            return True
        steps = Page.steplen
        own = {page.path[:end] for end in range(steps, len(page.path) + 1, steps)}
        return bool(own & self.aliases) or any(path in own for path, _depth in self.restrictions)


def restricted_paths() -> RestrictedPaths:
    key = _PATHS_KEY.format(generation=content_generation())
    paths = cache.get(key)
    if paths is None:
        paths = RestrictedPaths(
            restrictions=tuple(
                PageViewRestriction.objects.values_list("page__path", "page__depth").order_by(
                    "page__path"
                )
            ),
            aliases=frozenset(
                Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True)
            ),
        )
        cache.set(key, paths, _SECONDS)
    return paths
