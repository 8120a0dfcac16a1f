from django import forms
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from .models import EmploymentCentre, User
from .permissions import assignable_groups


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


class SignupDetailsForm(forms.Form):
    """Fields allauth's sign-up form asks for besides email and password."""

    first_name = forms.CharField(label=_("Nome"), max_length=150)
    last_name = forms.CharField(label=_("Cognome"), max_length=150)
    centre = CentreChoiceField(required=False, empty_label=_("— Non lavoro in un CPI —"))

    field_order = ["first_name", "last_name", "email", "centre", "password1", "password2"]

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.centre = self.cleaned_data["centre"]
        user.save(update_fields=["first_name", "last_name", "centre"])


class ProfileForm(forms.ModelForm):
    centre = CentreChoiceField(required=False, empty_label=_("— Non lavoro in un CPI —"))

    class Meta:
        model = User
        fields = ["first_name", "last_name", "centre", "job_title", "language"]
        labels = {"first_name": _("Nome"), "last_name": _("Cognome")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True


ADMIN_EXTRA_FIELDS = {"centre", "job_title", "language"}


class AdminRightsLimitMixin:
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

    def clean_groups(self):
        chosen = self.cleaned_data["groups"]
        if self.acting_user.is_superuser or self.instance.pk is None:
            return chosen
        kept = self.instance.groups.exclude(pk__in=assignable_groups(self.acting_user))
        return Group.objects.filter(
            pk__in={*chosen.values_list("pk", flat=True), *kept.values_list("pk", flat=True)}
        )


class AdminUserEditForm(AdminRightsLimitMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | ADMIN_EXTRA_FIELDS


class AdminUserCreationForm(AdminRightsLimitMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | ADMIN_EXTRA_FIELDS
