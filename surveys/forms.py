"""The learner's form of a survey: one field per question, grouped by section."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from website.core.forms import PlainTextMixin

from . import blocks
from .questions import Question, Section

SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 5000

REQUIRED = _("Rispondi a questa domanda: è obbligatoria.")
INVALID_CHOICE = _("Scegli una delle risposte proposte.")


def field_name(question: Question) -> str:
    return f"q-{question.id}"


def _choices(question: Question) -> list[tuple[str, str]]:
    return [
        (str(value), label)
        for value, label in zip(question.choice_values(), question.labels(), strict=True)
    ]


def field_for(question: Question) -> forms.Field:
    messages = {"required": REQUIRED, "invalid_choice": INVALID_CHOICE}
    common: dict[str, Any] = {
        "label": question.text,
        "help_text": question.help_text,
        "required": question.required,
        "error_messages": messages,
    }
    if question.type == blocks.MULTIPLE:
        return forms.TypedMultipleChoiceField(
            choices=_choices(question),
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    if question.type in (blocks.LIKERT, blocks.SINGLE, blocks.RATING):
        return forms.TypedChoiceField(
            choices=_choices(question),
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            **common,
        )
    if question.type == blocks.SHORT_TEXT:
        messages["max_length"] = _(
            "Al massimo %(limit_value)d caratteri (ne hai scritti %(show_value)d)."
        )
        return forms.CharField(max_length=SHORT_TEXT_MAX, **common)
    messages["max_length"] = _(
        "Al massimo %(limit_value)d caratteri (ne hai scritti %(show_value)d)."
    )
    return forms.CharField(
        max_length=LONG_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5}), **common
    )


class SurveyForm(PlainTextMixin, forms.Form):
    def __init__(self, *args, sections: list[Section], **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections
        for section in sections:
            for question in section.questions:
                self.fields[field_name(question)] = field_for(question)

    def grouped(self):
        """(section, [bound fields]) in order, for the template."""
        return [
            (section, [self[field_name(question)] for question in section.questions])
            for section in self.sections
        ]

    def answers(self) -> dict[str, object]:
        """Question id → the cleaned answer (None or "" or [] when not answered)."""
        return {
            question.id: self.cleaned_data.get(field_name(question))
            for section in self.sections
            for question in section.questions
        }
