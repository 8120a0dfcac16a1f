"""News and press reviews."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from ..blocks import ContentBodyBlock
from ..page_forms import TaggedPageForm
from .base import ContentKind, ContentPage, content_panels_for
from .mixins import IndexPage


class NewsIndexPage(IndexPage):
    """/notizie/: the news, newest first, filtered by area, kind, tag and year."""

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("elenco delle notizie")
        verbose_name_plural = _("elenchi delle notizie")


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "cms.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("parola chiave della notizia")
        verbose_name_plural = _("parole chiave delle notizie")


class NewsPage(ContentPage):
    content_kind = models.ForeignKey(
        ContentKind,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tipo di contenuto"),
    )
    body = StreamField(ContentBodyBlock(), verbose_name=_("testo"), blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("parole chiave"))

    base_form_class = TaggedPageForm

    content_panels = content_panels_for(
        FieldPanel("body"), FieldPanel("content_kind"), FieldPanel("tags")
    )
    search_fields = [
        *ContentPage.search_fields,
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
    ]

    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("notizia")
        verbose_name_plural = _("notizie")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["tags"] = list(self.tags.order_by("name"))
        return context


class PressReviewIndexPage(IndexPage):
    """/rassegna-stampa/: the press reviews, newest first, by year."""

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.PressReviewPage"]
    max_count = 1

    class Meta:
        verbose_name = _("elenco delle rassegne stampa")
        verbose_name_plural = _("elenchi delle rassegne stampa")


class PressReviewPage(ContentPage):
    """A dated review of what the press wrote, one item per article."""

    content_panels = content_panels_for(
        InlinePanel("items", label=_("Articolo"), heading=_("Articoli"), min_num=1)
    )
    search_fields = [
        *ContentPage.search_fields,
        index.RelatedFields(
            "items",
            [
                index.SearchField("headline", boost=2),
                index.SearchField("outlet"),
                index.SearchField("summary"),
            ],
        ),
    ]

    parent_page_types = ["cms.PressReviewIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("rassegna stampa")
        verbose_name_plural = _("rassegne stampa")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["press_items"] = list(self.items.order_by("sort_order", "pk"))
        return context


class PressReviewItem(Orderable):
    page = ParentalKey(PressReviewPage, on_delete=models.CASCADE, related_name="items")
    outlet = models.CharField(_("testata"), max_length=120)
    headline = models.CharField(_("titolo dell'articolo"), max_length=300)
    published_on = models.DateField(_("data dell'articolo"))
    url = models.URLField(_("indirizzo"), max_length=500, blank=True)
    summary = models.TextField(
        _("sintesi"), max_length=800, help_text=_("Poche righe scritte dalla redazione.")
    )

    panels = [
        FieldPanel("outlet"),
        FieldPanel("headline"),
        FieldPanel("published_on"),
        FieldPanel("url"),
        FieldPanel("summary"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("articolo della rassegna")
        verbose_name_plural = _("articoli della rassegna")

    def __str__(self):
        return f"{self.outlet}: {self.headline}"
