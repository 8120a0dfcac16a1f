from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import Course


class PackageUploadForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Corso"), queryset=Course.objects.none())
    title = forms.CharField(
        label=_("Titolo"),
        max_length=200,
        required=False,
        help_text=_("Se vuoto, il titolo dichiarato dal pacchetto."),
    )
    passing_score = forms.DecimalField(
        label=_("Punteggio minimo per il superamento"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        required=False,
        help_text=_("Da 0 a 100. Se vuoto vale la regola del pacchetto."),
    )
    file = forms.FileField(
        label=_("Pacchetto"),
        help_text=_(
            "Un file .zip SCORM 1.2 o SCORM 2004 (3ª o 4ª edizione), oppure un'attività H5P "
            "(.h5p) che contenga le librerie che usa."
        ),
    )

    def __init__(self, *args, courses, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["course"]).queryset = courses


class PackageVersionForm(forms.Form):
    file = forms.FileField(
        label=_("Nuova versione"),
        help_text=_(
            "Sostituisce quella in uso; chi ha già iniziato conserva i progressi delle voci "
            "rimaste uguali."
        ),
    )


class ResetForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo dell'azzeramento"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
