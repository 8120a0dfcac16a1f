"""StreamField blocks shared by the web channel's pages."""

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from . import urn

PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("testo"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Titolo di sezione")), ("h3", _("Sottotitolo"))],
        default="h2",
        label=_("livello"),
    )

    class Meta:
        icon = "title"
        template = "cms/blocks/heading.html"
        label = _("Titolo")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("immagine"))
    alt_text = blocks.CharBlock(
        label=_("testo alternativo"),
        max_length=250,
        required=False,
        help_text=_(
            "Descrive l'immagine a chi non la vede. Lascialo vuoto solo se l'immagine è "
            "puramente decorativa."
        ),
    )
    decorative = blocks.BooleanBlock(
        label=_("immagine decorativa"),
        required=False,
        help_text=_("Spunta se l'immagine non aggiunge informazioni al testo."),
    )
    caption = blocks.CharBlock(label=_("didascalia"), max_length=300, required=False)

    def clean(self, value):
        value = super().clean(value)
        if not value.get("alt_text") and not value.get("decorative"):
            raise StructBlockValidationError(
                block_errors={
                    "alt_text": ValidationError(
                        _("Scrivi il testo alternativo o segna l'immagine come decorativa.")
                    )
                }
            )
        return value

    class Meta:
        icon = "image"
        template = "cms/blocks/image.html"
        label = _("Immagine")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("citazione"))
    attribution = blocks.CharBlock(label=_("autore o fonte"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "cms/blocks/quote.html"
        label = _("Citazione")


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("documento"))
    description = blocks.CharBlock(label=_("descrizione"), required=False, max_length=300)

    class Meta:
        icon = "doc-full"
        template = "cms/blocks/document.html"
        label = _("Documento")


class CalloutBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        choices=[
            ("note", _("Nota")),
            ("success", _("Da sapere")),
            ("warning", _("Attenzione")),
            ("danger", _("Importante")),
        ],
        default="note",
        label=_("stile"),
    )
    title = blocks.CharBlock(label=_("titolo"), max_length=120)
    text = blocks.RichTextBlock(label=_("testo"), features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "warning"
        template = "cms/blocks/callout.html"
        label = _("Riquadro in evidenza")


def check_article(value, field):
    """A StructBlock's article field must be an article number (18, 4-bis…)."""
    if value.get(field):
        try:
            urn.normalize_article(value[field])
        except ValidationError as error:
            raise StructBlockValidationError(block_errors={field: error}) from error
    return value


class ActCitationValue(blocks.StructValue):
    @cached_property
    def article_number(self):
        article = self.get("article")
        return urn.normalize_article(article) if article else ""

    @property
    def article_label(self):
        return urn.article_label(self.get("article") or "")

    @property
    def urn(self):
        act = self.get("act")
        if act is None:
            return ""
        return urn.article_urn(act.urn, self.article_number) if self.article_number else act.urn

    @property
    def normattiva_url(self):
        return urn.normattiva_url(self.urn) if self.urn else ""

    @property
    def anchor(self):
        return urn.article_anchor(self.article_number) if self.article_number else ""


class ActCitationBlock(blocks.StructBlock):
    """A citation of an act of the regulatory collection, or of one of its articles."""

    act = blocks.PageChooserBlock(page_type="cms.RegulationPage", label=_("atto"))
    article = blocks.CharBlock(
        label=_("articolo"),
        required=False,
        max_length=20,
        help_text=_("Facoltativo: il numero dell'articolo citato, per esempio 18 o 4-bis."),
    )
    note = blocks.CharBlock(
        label=_("commento"),
        required=False,
        max_length=300,
        help_text=_("Una frase che spiega perché l'atto è citato."),
    )

    def clean(self, value):
        return check_article(super().clean(value), "article")

    class Meta:
        icon = "doc-full-inverse"
        template = "cms/blocks/act_citation.html"
        label = _("Citazione di un atto")
        value_class = ActCitationValue


class TableWithCaptionBlock(TableBlock):
    class Meta:
        template = "cms/blocks/table.html"
        label = _("Tabella")
        icon = "table"


class StandardBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(label=_("Paragrafo"), features=PARAGRAPH_FEATURES)
    act_citation = ActCitationBlock()


class ContentBodyBlock(blocks.StreamBlock):
    """The body of news items, acts' commentaries, events and good practices."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(label=_("Paragrafo"), features=PARAGRAPH_FEATURES)
    image = ImageBlock()
    quote = QuoteBlock()
    table = TableWithCaptionBlock(table_options={"renderer": "text", "autoColumnSize": False})
    document = DocumentBlock()
    callout = CalloutBlock()
    act_citation = ActCitationBlock()


class ArticleBlock(blocks.StructBlock):
    """An article or key provision of an act."""

    number = blocks.CharBlock(
        label=_("numero"), max_length=20, help_text=_("Per esempio 18 o 4-bis.")
    )
    heading = blocks.CharBlock(label=_("rubrica"), max_length=250, required=False)
    text = blocks.RichTextBlock(
        label=_("testo o sintesi"), features=["bold", "italic", "link", "ol", "ul"]
    )

    def clean(self, value):
        return check_article(super().clean(value), "number")

    class Meta:
        icon = "list-ol"
        template = "cms/blocks/article.html"
        label = _("Articolo")


class ProgrammeItemBlock(blocks.StructBlock):
    """One slot of an event's programme."""

    time = blocks.TimeBlock(label=_("ora"), required=False, format="%H:%M")
    title = blocks.CharBlock(label=_("intervento"), max_length=200)
    speakers = blocks.CharBlock(label=_("relatori"), max_length=250, required=False)

    class Meta:
        icon = "time"
        label = _("Intervento")
