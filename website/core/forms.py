from django import forms
from django.forms.renderers import TemplatesSetting


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
