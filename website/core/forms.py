from django import forms
from django.forms.renderers import TemplatesSetting

from .text import strip_bidi_controls


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


class PlainTextMixin:
    """A form whose text values lose bidirectional control characters once cleaned.

    Put it first among the bases. A required value made only of such
    characters is refused as missing.
    """

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if not isinstance(value, str):
                continue
            stripped = strip_bidi_controls(value)
            if stripped == value:
                continue
            cleaned[name] = stripped
            field = self.fields.get(name)
            if field is not None and field.required and not stripped.strip():
                self.add_error(name, field.error_messages["required"])
        return cleaned
