from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from .blocks import StandardBodyBlock


class HomePage(Page):
    """The front page of the thematic web channel."""

    intro = RichTextField(_("introduzione"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")


class StandardPage(Page):
    """A plain content page: privacy notice, legal notes, contacts, about."""

    intro = models.TextField(_("sommario"), blank=True)
    body = StreamField(StandardBodyBlock(), verbose_name=_("contenuto"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("pagina semplice")
        verbose_name_plural = _("pagine semplici")


@register_snippet
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


@register_snippet
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
