from collections.abc import Iterable
from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from .text import strip_bidi_controls

if TYPE_CHECKING:
    # The mixin goes first among a form's bases: type-check it as a form.
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class AulaFormRenderer(TemplatesSetting):
    """Renders every form, ours and the libraries', with Bootstrap Italia markup."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


def widget_css_class(widget) -> str:
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    if isinstance(widget, forms.FileInput):
        return "form-control form-control-file"
    return "form-control"


class PlainTextMixin(_FormBase):
    """A form whose text values lose bidirectional control characters once cleaned.

    Put it first among the bases. A required value made only of such
    characters is refused as missing. Passwords are left as typed: the
    login form compares them unchanged.
    """

    def clean(self):
        cleaned = super().clean()
        if cleaned is None:  # a base clean() may return None: cleaned_data then stands
            cleaned = self.cleaned_data
        for name, value in list(cleaned.items()):
            field = self.fields.get(name)
            if not isinstance(value, str) or isinstance(
                getattr(field, "widget", None), forms.PasswordInput
            ):
                continue
            stripped = strip_bidi_controls(value)
            if stripped == value:
                continue
            cleaned[name] = stripped
            if field is not None and field.required and not stripped.strip():
                self.add_error(name, field.error_messages["required"])
        return cleaned


MAX_TAGS = 20


def clean_tag_names(tags: Iterable[str]) -> list[str]:
    """Keywords without bidirectional controls or blanks, each within taggit's column.

    Raises ValidationError for a keyword too long (a 100,000-character tag
    passed on SQLite and failed on PostgreSQL) or too many keywords.
    """
    from taggit.models import Tag

    limit = Tag._meta.get_field("name").max_length
    names = [strip_bidi_controls(tag).strip() for tag in tags]
    names = [name for name in names if name]
    if any(len(name) > limit for name in names):
        raise ValidationError(
            _("Ogni parola chiave può avere al massimo %(max)d caratteri."),
            params={"max": limit},
        )
    if len(names) > MAX_TAGS:
        raise ValidationError(
            _("Puoi indicare al massimo %(max)d parole chiave."), params={"max": MAX_TAGS}
        )
    return names
