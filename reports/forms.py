from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import reported_programmes


class ProgrammeFilterForm(forms.Form):
    """Which programme a participation report covers (all of them when left empty)."""

    piano = forms.ModelChoiceField(
        label=_("Piano formativo"),
        queryset=reported_programmes(),
        to_field_name="slug",
        required=False,
        empty_label=_("Tutti i piani"),
    )

    def __init__(self, *args, clusters=None, **kwargs):
        super().__init__(*args, **kwargs)
        if clusters is not None:
            self.fields["cluster"] = forms.ModelChoiceField(
                label=_("Cluster"),
                queryset=clusters,
                to_field_name="code",
                required=False,
                empty_label=_("Tutti i cluster"),
            )

    def value(self, name):
        return self.cleaned_data.get(name) if self.is_valid() else None


def programme_filter(request, *, clusters=None) -> ProgrammeFilterForm:
    """The report's filters from the query string, validated (errors are shown, data unfiltered)."""
    form = ProgrammeFilterForm(request.GET or None, clusters=clusters)
    if form.is_bound:
        form.is_valid()
    return form
