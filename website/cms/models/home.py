"""The home page and what editors feature on it."""

import hashlib

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from website.core.generations import content_generation

from ..page_behaviour import page_behaviour
from .mixins import CachedRestrictionsMixin


class HomePage(CachedRestrictionsMixin, Page):
    """The front page of the thematic web channel."""

    intro = RichTextField(_("introduzione"), blank=True, features=["bold", "italic", "link"])

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel(
            "featured_pages",
            label=_("Contenuto in evidenza"),
            heading=_("In evidenza"),
            max_num=3,
            help_text=_("Fino a tre pagine mostrate in cima alla home page."),
        ),
        InlinePanel(
            "featured_practices",
            label=_("Buona pratica"),
            heading=_("Buone pratiche in evidenza"),
            max_num=3,
        ),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.StandardPage",
        "cms.NewsIndexPage",
        "cms.PressReviewIndexPage",
        "cms.RegulationIndexPage",
        "cms.DocumentCollectionPage",
        "cms.EventIndexPage",
        "cms.GoodPracticeIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_behaviour().home_sections(self))
        return context

    def route(self, request, path_components):
        """Wagtail's routing in two queries instead of two per level of the path.

        Every page along the path comes in one query by its ``url_path``; only the
        deepest is made specific and routes what is left (a routable page's own
        sub-paths, a 404). If a page on the way routes its own sub-paths, they
        come before its children's: then Wagtail walks the tree itself.
        """
        if not path_components:
            return super().route(request, path_components)
        key = _route_key(self, path_components)
        known = _known_route(key)
        if known is not None:
            return known.route(request, [])
        prefixes = [
            f"{self.url_path}{'/'.join(path_components[:depth])}/"
            for depth in range(1, len(path_components) + 1)
        ]
        chain = list(
            Page.objects.filter(url_path__in=prefixes, path__startswith=self.path).order_by("depth")
        )
        contiguous = [page.depth for page in chain] == list(
            range(self.depth + 1, self.depth + 1 + len(chain))
        )
        if not chain or not contiguous or _routes_itself(chain[:-1]):
            return super().route(request, path_components)
        deepest = chain[-1]
        deepest._cached_parent_obj = chain[-2] if len(chain) > 1 else self
        if len(chain) == len(path_components):
            # The whole path names a page: remember which (only real pages' paths are kept).
            cache.set(key, (deepest.pk, deepest.specific_class._meta.label), _ROUTE_SECONDS)
        return deepest.specific.route(request, path_components[len(chain) :])


# What each page path routes to, under the content generation (website.core.generations):
# publishing, unpublishing, moving or deleting any page forgets every route at once.
_ROUTE_KEY = "aula:route:{generation}:{home}:{digest}"
_ROUTE_SECONDS = 60 * 60


def _route_key(home: Page, path_components: list[str]) -> str:
    digest = hashlib.sha256("/".join(path_components).encode()).hexdigest()
    return _ROUTE_KEY.format(generation=content_generation(), home=home.pk, digest=digest)


def _known_route(key: str) -> Page | None:
    """The page a path was found to name, in one query (its specific row)."""
    known = cache.get(key)
    if known is None:
        return None
    pk, label = known
    try:
        return apps.get_model(label)._default_manager.get(pk=pk)
    except (LookupError, ObjectDoesNotExist):
        return None


def _routes_itself(pages) -> bool:
    return any(page.specific_class.route is not Page.route for page in pages)


class HomeFeaturedPage(Orderable):
    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_pages")
    page = models.ForeignKey(
        "cms.ContentPage", on_delete=models.CASCADE, related_name="+", verbose_name=_("pagina")
    )

    panels = [FieldPanel("page")]

    class Meta(Orderable.Meta):
        verbose_name = _("contenuto in evidenza")
        verbose_name_plural = _("contenuti in evidenza")


class HomeFeaturedPractice(Orderable):
    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_practices")
    practice = models.ForeignKey(
        "cms.GoodPracticePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("buona pratica"),
    )

    panels = [FieldPanel("practice")]

    class Meta(Orderable.Meta):
        verbose_name = _("buona pratica in evidenza")
        verbose_name_plural = _("buone pratiche in evidenza")
