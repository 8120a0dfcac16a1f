"""The site's navigation: the main menu and the breadcrumb trail, in one place.

The main menu is built as Wagtail's bakerydemo builds it: the live pages under
the site's home page that editors marked "show in menus", in the order editors
gave them in the page tree, followed by the app sections (courses, resources,
forums, certificate verification) named by their URL names, never by paths.
The page part is cached per site under the content generation (``core.generations``),
which moves whenever a page is published, unpublished, moved or deleted, so the menu costs
no query on most requests.

Every page's breadcrumb trail is a list of :class:`Crumb` that its view (or its
Wagtail page's ``get_context``) puts in the context as ``breadcrumbs``; one
include (``includes/breadcrumbs.html``) draws it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from .generations import content_generation

# The app sections after the editors' pages: (label, URL name).
APP_SECTIONS: list[tuple[Promise, str]] = [
    (_("Corsi"), "courses:index"),
    (_("Forum"), "forums:index"),
    (_("Risorse"), "resources:index"),
    (_("Verifica attestato"), "certificates:index"),
]

_CACHE_KEY = "aula:main-menu:{generation}:{host}"
_TRAIL_KEY = "aula:trail:{generation}:{path}"
_CACHE_SECONDS = 60 * 60


@dataclass(frozen=True)
class Crumb:
    """One step of a breadcrumb trail; the last one (the current page) has no URL."""

    label: str | Promise
    url: str | None = None


@dataclass(frozen=True)
class MenuItem:
    label: str | Promise
    url: str
    # "page" on the item's own address, "true" inside its section, "" elsewhere.
    current: str = ""


def trail(*crumbs: Crumb | tuple[str | Promise, str | None] | None) -> list[Crumb]:
    """A breadcrumb trail below the home page: ``trail((_("Forum"), url), Crumb(title))``.

    ``None`` steps are left out, so optional steps can be written inline.
    """
    steps = [Crumb(*step) if isinstance(step, tuple) else step for step in crumbs]
    return [step for step in steps if step is not None]


def page_trail(page: Page, *below: Crumb) -> list[Crumb]:
    """A Wagtail page's trail: its ancestors under the home page, then the page (cached)."""
    steps = [Crumb(title, url) for title, url in _ancestor_steps(page)]
    if below:
        return [*steps, Crumb(page.title, page.url), *below]
    return [*steps, Crumb(page.title)]


def _ancestor_steps(page: Page) -> list[tuple[str, str]]:
    """The titles and addresses of the page's ancestors under the home page, cached under the
    content generation (a title or an address changes only by publishing or moving a page)."""
    if page.depth <= 3:
        return []
    key = _TRAIL_KEY.format(generation=content_generation(), path=page.path)
    steps = cache.get(key)
    if steps is None:
        ancestors = page.get_ancestors().filter(depth__gt=2).order_by("depth")
        steps = [(ancestor.title, ancestor.url) for ancestor in ancestors]
        cache.set(key, steps, _CACHE_SECONDS)
    return steps


def _menu_pages(request: HttpRequest) -> list[tuple[str, str]]:
    """The site's menu pages, cached by host: a request that finds them cached makes no query
    (not even the one that tells the site from the host)."""
    key = _CACHE_KEY.format(generation=content_generation(), host=request.get_host())
    pages = cache.get(key)
    if pages is None:
        site = Site.find_for_request(request)
        pages = []
        if site is not None:
            root = site.root_page
            children = (
                Page.objects.child_of(root)
                .live()
                .public()
                .in_menu()
                .order_by("path")
                .only("title", "url_path")
            )
            prefix = len(root.url_path) - 1
            pages = [(child.title, child.url_path[prefix:]) for child in children]
        cache.set(key, pages, _CACHE_SECONDS)
    return pages


def _current(path: str, url: str) -> str:
    if path == url:
        return "page"
    if url != "/" and path.startswith(url):
        return "true"
    return ""


def main_menu(request: HttpRequest) -> list[MenuItem]:
    """The main navigation for this request's site, each item marked when it is the current one."""
    entries: list[tuple[str | Promise, str]] = list(_menu_pages(request))
    for label, name in APP_SECTIONS:
        try:
            entries.append((label, reverse(name)))
        except NoReverseMatch:
            continue
    return [MenuItem(label, url, _current(request.path, url)) for label, url in entries]
