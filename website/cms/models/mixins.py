"""Behaviour several page types share: filtered, paginated indexes."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from website.core.navigation import page_trail
from website.core.sites import restricted_paths

from ..page_behaviour import page_behaviour


class CachedRestrictionsMixin:
    """Wagtail's view restrictions, without a query for a page that none can concern.

    Wagtail reads the page's ancestors and then their restrictions, two queries on every page
    served. Where restrictions are (and which pages are aliases) is kept in the cache under
    the content generation (``website.core.sites``); a page under a restriction, or with an
    alias on its way, reads them from the database as Wagtail does.
    """

    def get_view_restrictions(self):
        if restricted_paths().may_apply_to(self):
            return super().get_view_restrictions()  # type: ignore[misc]
        return PageViewRestriction.objects.none()


class IndexPage(CachedRestrictionsMixin, Page):
    """A section of the channel (news, acts, events…) that lists its pages, filtered and paginated.

    Which filters each section offers and how it lists its pages is in
    ``listings.py``; a listing makes the same number of queries whatever its length.
    """

    intro = models.TextField(_("introduzione"), blank=True)
    # A new section appears in the main menu (editors can take it out, or reorder it).
    show_in_menus_default = True

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["breadcrumbs"] = page_trail(self)
        context.update(page_behaviour().index_context(self, request))
        return context


class RatedPageMixin(RoutablePageMixin):
    """What news, acts and good practices were built on when they took a 1–5 rating.

    Every page now asks "Questa pagina ti è stata utile?" through one form
    (``cms:page_feedback``), so no page type uses this any more; migration 0003
    names it among those pages' bases, so it stays, empty.
    """
