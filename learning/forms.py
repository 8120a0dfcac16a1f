from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import MatrixStatus

STATUS_CHOICES = [
    (MatrixStatus.ALL, _("Tutti")),
    (MatrixStatus.COMPLETE, _("Hanno completato tutto")),
    (MatrixStatus.IN_PROGRESS, _("A metà percorso")),
    (MatrixStatus.NOT_STARTED, _("Non hanno iniziato")),
]


class MatrixFilterForm(forms.Form):
    """The matrix's filters (a GET form): by status and by the person's centre."""

    stato = forms.ChoiceField(label=_("Avanzamento"), choices=STATUS_CHOICES, required=False)
    centro = forms.TypedChoiceField(
        label=_("Centro per l'impiego"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, centres=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["centro"]).choices = [
            ("", _("Tutti i centri"))
        ] + [(centre.pk, centre.name) for centre in centres]
