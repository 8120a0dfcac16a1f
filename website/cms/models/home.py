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
