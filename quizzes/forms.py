"""Admin forms: a question with its answers checked as a whole, a quiz with its questions
checked against its course, and the import form."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from courses.models import Course
from website.core.sanitize import sanitize_html

from .formats.common import ParsedChoice, ParsedQuestion, check_question
from .models import QuestionType


def _live_forms(formset):
    return [
        form
        for form in formset.forms
        if form.has_changed() or form.instance.pk
        if not (formset.can_delete and form.cleaned_data.get("DELETE"))
    ]


class QuestionAdminForm(WagtailAdminModelForm):
    """The answers must make sense for the type (the same checks as an import)."""

    def clean(self):
        cleaned = super().clean()
        cleaned["text"] = sanitize_html(cleaned.get("text", ""))
        cleaned["general_feedback"] = sanitize_html(cleaned.get("general_feedback", ""))
        choices = self.formsets.get("choices")
        if choices is None or not choices.is_valid() or not cleaned.get("type"):
            return cleaned
        kind = cleaned["type"]
        parsed = ParsedQuestion(
            type=kind,
            name=cleaned.get("name", ""),
            text=cleaned["text"],
            default_mark=cleaned.get("default_mark") or Decimal("1"),
            choices=[
                ParsedChoice(
                    text=form.cleaned_data.get("text", ""),
                    fraction=form.cleaned_data.get("fraction") or Decimal("0"),
                    tolerance=form.cleaned_data.get("tolerance"),
                    match_answer=form.cleaned_data.get("match_answer", ""),
                )
                for form in _live_forms(choices)
            ],
        )
        if kind == QuestionType.ESSAY and parsed.choices:
            self.add_error(None, _("Una domanda a risposta aperta non ha risposte predefinite."))
        for error in check_question(parsed):
            self.add_error(None, error[:1].upper() + error[1:] + ".")
        return cleaned


class QuizAdminForm(WagtailAdminModelForm):
    """The questions and categories of a quiz come from its own course's bank."""

    def clean(self):
        cleaned = super().clean()
        course = cleaned.get("course")
        if course is None:
            return cleaned
        slots = self.formsets.get("slots")
        rules = self.formsets.get("random_rules")
        if slots is not None and slots.is_valid():
            seen = set()
            for form in _live_forms(slots):
                question = form.cleaned_data.get("question")
                if question is None:
                    continue
                if question.category.course_id != course.pk:
                    self.add_error(
                        None,
                        _("La domanda «%(name)s» non è nella banca di questo corso.")
                        % {"name": question.name},
                    )
                if question.pk in seen:
                    self.add_error(
                        None,
                        _("La domanda «%(name)s» compare due volte.") % {"name": question.name},
                    )
                seen.add(question.pk)
        if rules is not None and rules.is_valid():
            for form in _live_forms(rules):
                category = form.cleaned_data.get("category")
                count = form.cleaned_data.get("count") or 0
                if category is None:
                    continue
                if category.course_id != course.pk:
                    self.add_error(
                        None,
                        _("La categoria «%(name)s» non è di questo corso.")
                        % {"name": category.name},
                    )
                elif category.questions.count() < count:
                    self.add_error(
                        None,
                        _("La categoria «%(name)s» ha meno di %(count)s domande.")
                        % {"name": category.name, "count": count},
                    )
        return cleaned


class ImportForm(forms.Form):
    FORMATS = [
        ("auto", gettext_lazy("Dall'estensione del file")),
        ("xml", "Moodle XML"),
        ("gift", "GIFT"),
    ]

    course = forms.ModelChoiceField(
        label=gettext_lazy("Corso"), queryset=Course.objects.select_related("programme")
    )
    category = forms.CharField(
        label=gettext_lazy("Categoria"),
        max_length=200,
        initial=gettext_lazy("Importate"),
        help_text=gettext_lazy(
            "Per le domande che nel file non indicano una categoria; "
            "le altre vanno nella categoria indicata dal file."
        ),
    )
    format = forms.ChoiceField(label=gettext_lazy("Formato"), choices=FORMATS, initial="auto")
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("Moodle XML (.xml) o GIFT (.gift, .txt)."),
    )
