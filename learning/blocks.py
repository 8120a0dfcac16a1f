"""The body of a lesson: the web channel's own blocks, so lessons are written like news."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from website.cms.blocks import (
    PARAGRAPH_FEATURES,
    CalloutBlock,
    DocumentBlock,
    HeadingBlock,
    ImageBlock,
    QuoteBlock,
    TableWithCaptionBlock,
)


class LessonBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(label=_("Paragrafo"), features=PARAGRAPH_FEATURES)
    image = ImageBlock()
    quote = QuoteBlock()
    table = TableWithCaptionBlock(table_options={"renderer": "text", "autoColumnSize": False})
    document = DocumentBlock()
    callout = CalloutBlock()
