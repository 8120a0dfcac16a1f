"""The home page and what editors feature on it."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from ..page_behaviour import page_behaviour


class HomePage(Page):
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
        return deepest.specific.route(request, path_components[len(chain) :])


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
