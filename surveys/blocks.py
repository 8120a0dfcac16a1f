"""The question types a questionnaire is built from, in the Wagtail admin (StreamField).

Each block of the stream is a question, or a section heading that starts a new section.
A question is known by its block's id (a UUID Wagtail keeps across edits), which is what
an answer names; a survey keeps a copy of the questions it was given with
(``Survey.questions``), so editing the questionnaire later never changes the meaning of
answers already given.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

DEFAULT_LIKERT_LABELS = [
    "Per niente d'accordo",
    "Poco d'accordo",
    "Né d'accordo né in disaccordo",
    "Abbastanza d'accordo",
    "Del tutto d'accordo",
]

SECTION = "section"
LIKERT = "likert"
SINGLE = "single_choice"
MULTIPLE = "multiple_choice"
RATING = "rating"
SHORT_TEXT = "short_text"
LONG_TEXT = "long_text"

QUESTION_TYPES = (LIKERT, SINGLE, MULTIPLE, RATING, SHORT_TEXT, LONG_TEXT)
CHOICE_TYPES = (LIKERT, SINGLE, MULTIPLE)
TEXT_TYPES = (SHORT_TEXT, LONG_TEXT)
MAX_CHOICES = 20


class SectionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titolo della sezione"), max_length=200)
    intro = blocks.TextBlock(label=_("introduzione"), required=False, max_length=1000)

    class Meta:
        icon = "title"
        label = _("Sezione")


class QuestionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("domanda"), max_length=300)
    help_text = blocks.CharBlock(label=_("suggerimento"), required=False, max_length=300)
    required = blocks.BooleanBlock(label=_("risposta obbligatoria"), required=False, default=True)

    class Meta:
        icon = "help"


class LikertBlock(QuestionBlock):
    labels = blocks.ListBlock(
        blocks.CharBlock(max_length=80),
        label=_("etichette della scala, dalla più bassa alla più alta"),
        default=DEFAULT_LIKERT_LABELS,
        min_num=2,
        max_num=11,
    )

    class Meta:
        icon = "list-ol"
        label = _("Scala Likert")


class ChoiceBlock(QuestionBlock):
    choices = blocks.ListBlock(
        blocks.CharBlock(max_length=150), label=_("opzioni"), min_num=2, max_num=MAX_CHOICES
    )


class SingleChoiceBlock(ChoiceBlock):
    class Meta:
        icon = "radio-full"
        label = _("Scelta singola")


class MultipleChoiceBlock(ChoiceBlock):
    class Meta:
        icon = "tick-inverse"
        label = _("Scelta multipla")


class RatingBlock(QuestionBlock):
    class Meta:
        icon = "pick"
        label = _("Voto da 1 a 10")


class ShortTextBlock(QuestionBlock):
    class Meta:
        icon = "pilcrow"
        label = _("Testo breve")


class LongTextBlock(QuestionBlock):
    class Meta:
        icon = "doc-full"
        label = _("Testo lungo")


class QuestionnaireStreamBlock(blocks.StreamBlock):
    section = SectionBlock()
    likert = LikertBlock()
    single_choice = SingleChoiceBlock()
    multiple_choice = MultipleChoiceBlock()
    rating = RatingBlock()
    short_text = ShortTextBlock()
    long_text = LongTextBlock()

    class Meta:
        min_num = 1
        max_num = 100
