from django.utils.translation import gettext_lazy as _
from wagtail import blocks


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


class StandardBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragrafo"),
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
    )
