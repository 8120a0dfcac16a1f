"""What the web channel's pages share: the vocabularies, the content page, attachments, links."""

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from website.core.navigation import page_trail

from ..blocks import StandardBodyBlock
from ..page_behaviour import page_behaviour
from .mixins import CachedRestrictionsMixin


class ThematicArea(models.Model):
    """A theme of the web channel and the library (e.g. active labour policies)."""

    name = models.CharField(_("nome"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("descrizione"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("area tematica")
        verbose_name_plural = _("aree tematiche")

    def __str__(self):
        return self.name


class ContentKind(models.Model):
    """What kind of content a page is (news, circular, interview, …)."""

    name = models.CharField(_("nome"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("tipo di contenuto")
        verbose_name_plural = _("tipi di contenuto")

    def __str__(self):
        return self.name


class StandardPage(CachedRestrictionsMixin, Page):
    """A plain content page: privacy notice, legal notes, contacts, about."""

    intro = models.TextField(_("sommario"), blank=True)
    body = StreamField(StandardBodyBlock(), verbose_name=_("contenuto"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]

    class Meta:
        verbose_name = _("pagina semplice")
        verbose_name_plural = _("pagine semplici")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["breadcrumbs"] = page_trail(self)
        return context


class ContentPage(CachedRestrictionsMixin, Page):
    """The common part of every item of the channel's collections.

    News, press reviews, acts, document collections, events and good practices
    all have a date, a short summary and thematic areas, so that lists, search,
    feeds and the per-area feeds read one table for all of them. The date is the
    one the content is about: when the news was written, when the act was
    adopted, when the event takes place.
    """

    date = models.DateField(_("data"), default=timezone.localdate, db_index=True)
    intro = models.TextField(
        _("sommario"),
        max_length=600,
        help_text=_(
            "Una o due frasi: compaiono negli elenchi, nei risultati di ricerca e nei feed."
        ),
    )
    thematic_areas = ParentalManyToManyField(
        ThematicArea, blank=True, related_name="pages", verbose_name=_("aree tematiche")
    )

    is_creatable = False

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro", boost=2),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = _("contenuto del canale")
        verbose_name_plural = _("contenuti del canale")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["breadcrumbs"] = page_trail(self)
        context.update(page_behaviour().content_page_extras(self))
        return context


class DocumentItem(Orderable):
    """A Wagtail document placed on a page, with an optional title of its own."""

    document = models.ForeignKey(
        get_document_model_string(),
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("documento"),
    )
    title = models.CharField(
        _("titolo"),
        max_length=200,
        blank=True,
        help_text=_("Se vuoto si usa il titolo del documento."),
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        abstract = True

    @property
    def label(self):
        return self.title or self.document.title


class PageAttachment(DocumentItem):
    """A document attached to a content page."""

    page = ParentalKey(ContentPage, on_delete=models.CASCADE, related_name="attachments")

    class Meta(DocumentItem.Meta):
        verbose_name = _("allegato")
        verbose_name_plural = _("allegati")


class RelatedLink(Orderable):
    """Another page of the site that readers of this one will want."""

    page = ParentalKey(ContentPage, on_delete=models.CASCADE, related_name="related_links")
    target = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="+", verbose_name=_("pagina")
    )

    panels = [FieldPanel("target")]

    class Meta(Orderable.Meta):
        verbose_name = _("pagina correlata")
        verbose_name_plural = _("pagine correlate")


def content_panels_for(*fields, date_heading=None):
    """Title, date and summary first, then the page's own fields, areas, attachments and links."""
    return [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("date", heading=date_heading), FieldPanel("intro")],
            heading=_("Data e sommario"),
        ),
        *fields,
        FieldPanel("thematic_areas", widget=forms.CheckboxSelectMultiple),
        InlinePanel("attachments", label=_("Allegato"), heading=_("Allegati")),
        InlinePanel("related_links", label=_("Pagina correlata"), heading=_("Pagine correlate")),
    ]
