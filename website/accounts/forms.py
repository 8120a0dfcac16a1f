from typing import TYPE_CHECKING

from django import forms
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from website.core.forms import PlainTextMixin

from . import services
from .models import AffiliationRequest, EmploymentCentre, User
from .permissions import assignable_groups, can_assign_centre


class CentreChoiceField(forms.ModelChoiceField):
    """Centres grouped by cluster, labelled with their town."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=EmploymentCentre.objects.select_related("cluster").order_by(
                "cluster__name", "name"
            ),
            label=_("Centro per l'impiego"),
            error_messages={
                "invalid_choice": _("Scegli un centro per l'impiego dall'elenco."),
            },
            **kwargs,
        )

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.cluster.name})"


# The privacy notice is the institutional page the footer links to as well.
PRIVACY_NOTICE_PATH = "/privacy/"


class SignupDetailsForm(PlainTextMixin, forms.Form):
    """Fields allauth's sign-up form asks for besides email and password."""

    first_name = forms.CharField(label=_("Nome"), max_length=150)
    last_name = forms.CharField(label=_("Cognome"), max_length=150)
    centre = CentreChoiceField(
        required=False,
        empty_label=_("— Non lavoro in un CPI —"),
        help_text=_(
            "È una richiesta: vale quando il dirigente del centro o la gestione "
            "della formazione la conferma."
        ),
    )

    privacy_acknowledged = forms.BooleanField(
        error_messages={
            "required": _(
                "Per registrarti conferma di aver letto l'informativa sul trattamento "
                "dei dati personali."
            )
        },
    )

    field_order = [
        "first_name",
        "last_name",
        "email",
        "centre",
        "password1",
        "password2",
        "privacy_acknowledged",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per form, in the visitor's language, because the label holds a link.
        self.fields["privacy_acknowledged"].label = format_html(
            gettext(
                'Ho letto l\'<a href="{url}" target="_blank" rel="noopener">informativa sul '
                "trattamento dei dati personali</a> (si apre in una nuova scheda)"
            ),
            url=PRIVACY_NOTICE_PATH,
        )

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.privacy_acknowledged_at = timezone.now()
        user.save(update_fields=["first_name", "last_name", "privacy_acknowledged_at"])
        if self.cleaned_data["centre"] is not None:
            services.affiliation_request(person=user, centre=self.cleaned_data["centre"])


class ProfileForm(PlainTextMixin, forms.ModelForm):
    """The person's own details; the centre is the one they work in, confirmed or asked for."""

    centre = CentreChoiceField(
        required=False,
        empty_label=_("— Non lavoro in un CPI —"),
        help_text=_(
            "Un nuovo centro è una richiesta: resti nel centro attuale finché il "
            "dirigente del nuovo centro o la gestione della formazione la conferma."
        ),
    )

    class Meta:
        model = User
        fields = ["first_name", "last_name", "job_title", "language"]
        labels = {"first_name": _("Nome"), "last_name": _("Cognome")}

    field_order = ["first_name", "last_name", "centre", "job_title", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.open_request = self.instance.affiliation_requests.filter(
            status=AffiliationRequest.Status.PENDING
        ).first()
        self.fields["centre"].initial = (
            self.open_request.centre_id if self.open_request else self.instance.centre_id
        )


class AffiliationDecisionForm(PlainTextMixin, forms.Form):
    APPROVE = "approve"
    REFUSE = "refuse"

    request_pk: int  # set by the view on a submitted form: the request it decides

    decision = forms.ChoiceField(
        label=_("Decisione"),
        choices=[(APPROVE, _("Conferma")), (REFUSE, _("Respingi"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Scegli se confermare o respingere la richiesta."),
            "invalid_choice": _("Scegli se confermare o respingere la richiesta."),
        },
    )
    reason = forms.CharField(
        label=_("Motivo del rifiuto"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Obbligatorio per respingere: la persona lo riceve per email."),
    )
    confirm_refusal = forms.BooleanField(
        label=_("Confermo il rifiuto: la persona riceve il motivo per email"),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.REFUSE:
            if not cleaned.get("reason", "").strip():
                self.add_error("reason", _("Scrivi il motivo del rifiuto."))
            if not cleaned.get("confirm_refusal"):
                self.add_error(
                    "confirm_refusal", _("Per respingere la richiesta, conferma il rifiuto.")
                )
        return cleaned


ADMIN_EXTRA_FIELDS = {"centre", "job_title", "language"}


if TYPE_CHECKING:
    # The mixins go before Wagtail's user forms: type-check them as one.
    from wagtail.users.forms import UserEditForm as _MixinBase
else:
    _MixinBase = object


class AdminRightsLimitMixin(_MixinBase):
    """Non-superusers neither make administrators nor give roles that open the admin.

    Their form has no "administrator" box and offers only the assignable
    roles; the roles outside their reach that the person already holds are
    kept as they are (see ``website.accounts.permissions``).
    """

    def __init__(self, *args, acting_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.acting_user = acting_user
        if not acting_user.is_superuser:
            self.fields.pop("is_superuser", None)
            self.fields["groups"].queryset = assignable_groups(acting_user)

    def save(self, commit=True):
        before = (
            set(self.instance.groups.values_list("name", flat=True)) if self.instance.pk else set()
        )
        user = super().save(commit=commit)
        if commit:
            after = set(user.groups.values_list("name", flat=True))
            if before != after or "is_superuser" in self.changed_data:
                services.record_role_change(
                    person=user, by=self.acting_user, before=before, after=after
                )
        return user

    def clean_groups(self):
        chosen = self.cleaned_data["groups"]
        if self.acting_user.is_superuser or self.instance.pk is None:
            return chosen
        kept = self.instance.groups.exclude(pk__in=assignable_groups(self.acting_user))
        return Group.objects.filter(
            pk__in={*chosen.values_list("pk", flat=True), *kept.values_list("pk", flat=True)}
        )


class CentreGrantMixin(_MixinBase):
    """The admin's centre field grants the affiliation, and only a training manager's does.

    The change goes through ``services.affiliation_grant``, which records who
    made it; for anyone else the field is read-only.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.confirmed_centre = self.instance.centre if self.instance.pk else None
        field = self.fields["centre"]
        if can_assign_centre(self.acting_user):
            field.help_text = _(
                "Scegliere qui un centro conferma l'appartenenza della persona "
                "(e chiude la sua richiesta in attesa)."
            )
        else:
            field.disabled = True

    def save(self, commit=True):
        chosen = self.cleaned_data.get("centre")
        # The service, not the form, changes the confirmed centre (and records it).
        self.instance.centre = self.confirmed_centre
        user = super().save(commit=commit)
        if commit and chosen != self.confirmed_centre:
            services.affiliation_grant(person=user, centre=chosen, by=self.acting_user)
            user.refresh_from_db(fields=["centre"])
        return user


class AdminUserEditForm(PlainTextMixin, CentreGrantMixin, AdminRightsLimitMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | ADMIN_EXTRA_FIELDS


class AdminUserCreationForm(
    PlainTextMixin, CentreGrantMixin, AdminRightsLimitMixin, UserCreationForm
):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | ADMIN_EXTRA_FIELDS
