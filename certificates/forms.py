"""Forms: the public verification form, and the admin's rule, revocation and reissue forms."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .codes import GROUP, LENGTH
from .conditions import condition_choices
from .models import CertificateRule


class VerifyForm(forms.Form):
    codice = forms.CharField(
        label=_("Codice di verifica"),
        help_text=_(
            "Il codice stampato sull'attestato, ad esempio 7KQ2-M9XD-4HTR-8B3N: "
            "maiuscole, minuscole, spazi e trattini non contano."
        ),
        error_messages={"required": _("Scrivi il codice stampato sull'attestato.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "maxlength": LENGTH + LENGTH // GROUP * 3,
            }
        ),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivazione"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={
            "required": _("Scrivi la motivazione: resta nello storico dell'attestato.")
        },
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 5:
            raise forms.ValidationError(_("Scrivi una motivazione di almeno 5 caratteri."))
        return reason


class CertificateRuleForm(WagtailAdminModelForm):
    conditions = forms.MultipleChoiceField(
        label=_("Condizioni aggiuntive"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Oltre alla frequenza minima del corso, chi riceve l'attestato deve soddisfarle tutte. "
            "Le propongono le altre funzioni della piattaforma (test, questionari)."
        ),
    )

    class Meta:
        model = CertificateRule
        fields = ["course", "template", "validity_months", "conditions"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = condition_choices()
        known = {key for key, _label in choices}
        # A condition no app provides any more stays visible so it can be removed.
        for key in self.instance.conditions or []:
            if key not in known:
                choices.append((key, _("%(key)s (non più disponibile)") % {"key": key}))
        self.fields["conditions"].choices = choices
