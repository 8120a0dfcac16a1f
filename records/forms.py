from decimal import Decimal
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from website.core.exceptions import Refused
from website.core.forms import PlainTextMixin
from website.core.uploads import POLICIES, TRAINING_EVIDENCE, check_upload, clean_file_name

from .credentials import MAX_TOKEN_LENGTH
from .models import Kind, YearTarget

EVIDENCE = POLICIES[TRAINING_EVIDENCE]


class HoursField(forms.DecimalField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Ore"))
        super().__init__(
            max_digits=5,
            decimal_places=1,
            min_value=Decimal("0.5"),
            max_value=Decimal("2000"),
            **kwargs,
        )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DeclarationForm(PlainTextMixin, forms.Form):
    """External training: what, who gave it, when, how many hours, and the evidence."""

    title = forms.CharField(label=_("Titolo del corso o dell'attività"), max_length=200)
    provider = forms.CharField(label=_("Ente erogatore"), max_length=200)
    starts_on = forms.DateField(label=_("Dal"), widget=DateInput())
    ends_on = forms.DateField(label=_("Al"), widget=DateInput())
    hours = HoursField()
    evidence_file = forms.FileField(
        label=_("Attestato (PDF)"),
        required=False,
        help_text=_("Un file PDF, al massimo 5 MB. Oppure incolla qui sotto una credenziale."),
    )
    credential = forms.CharField(
        label=_("Credenziale Open Badges 3.0 (JWT)"),
        required=False,
        max_length=MAX_TOKEN_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=_("Il testo della credenziale firmata, che inizia con «eyJ»: Aula la verifica."),
    )

    def __init__(self, *args, changing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.changing = changing
        if changing:
            del self.fields["evidence_file"]
            del self.fields["credential"]

    def clean_evidence_file(self):
        uploaded = self.cleaned_data.get("evidence_file")
        if not uploaded:
            return None
        try:
            return check_upload(uploaded, EVIDENCE)
        except Refused as refusal:
            raise ValidationError(
                _("«%(name)s» non è stato accettato: %(reason)s"),
                params={"name": clean_file_name(uploaded.name or ""), "reason": refusal.message},
            ) from refusal

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("La data di fine non può precedere quella di inizio."))
        if not self.changing and not self.errors:
            has_file = bool(cleaned.get("evidence_file"))
            has_credential = bool((cleaned.get("credential") or "").strip())
            if has_file == has_credential:
                raise ValidationError(
                    _("Allega l'attestato in PDF oppure incolla la credenziale, uno dei due.")
                )
        return cleaned


class ReturnForm(PlainTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Motivo"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("La persona lo legge per correggere la dichiarazione."),
    )


class EventAttendanceForm(forms.Form):
    hours = forms.DecimalField(
        label=_("Ore da riconoscere"),
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0.5"),
        max_value=Decimal("100"),
    )
    people = forms.TypedMultipleChoiceField(
        label=_("Persone presenti"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, registrations=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.TypedMultipleChoiceField, self.fields["people"]).choices = [
            (registration.user_id, registration.user.get_full_name() or registration.user.email)
            for registration in registrations
        ]


class YearForm(forms.Form):
    anno = forms.IntegerField(label=_("Anno"), min_value=2000, max_value=2100, required=False)


class ReminderPreferenceForm(forms.Form):
    wants_reminders = forms.BooleanField(
        label=_("Ricevere i promemoria mensili se sono indietro con le ore (da settembre)"),
        required=False,
    )


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Codice di verifica"), max_length=64)


class YearTargetForm(WagtailAdminModelForm):
    """The year's target; which kinds count is chosen from a list (none ticked: all count)."""

    counted_kinds = forms.MultipleChoiceField(
        label=_("Tipi di formazione che contano"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Nessuno spuntato: contano tutti i tipi."),
    )

    class Meta:
        model = YearTarget
        fields = ["year", "hours", "counted_kinds"]
