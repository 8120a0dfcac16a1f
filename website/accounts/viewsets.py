from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.users.views import users as wagtail_users

from website.core.deletion import DeleteView, KeepsHistoryDeleteMixin
from website.core.viewsets import FEMININE, MASCULINE, GenderedMessagesMixin, ModelViewSet

from .forms import AdminUserCreationForm, AdminUserEditForm
from .models import Cluster, EmploymentCentre, Region
from .permissions import can_manage_account

if TYPE_CHECKING:
    # The mixin goes before Wagtail's user views: type-check it as one.
    from wagtail.admin.views.generic import CreateView as _MixinBase
else:
    _MixinBase = object


class ActingUserFormMixin(_MixinBase):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "acting_user": self.request.user}


class UserCreateView(ActingUserFormMixin, wagtail_users.CreateView):
    pass


class UserEditView(ActingUserFormMixin, wagtail_users.EditView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if not can_manage_account(request.user, self.object):
            raise PermissionDenied


class UserDeleteView(KeepsHistoryDeleteMixin, wagtail_users.DeleteView):
    """A person with attendance, certificates or moderation history is kept: deactivate them."""


class UserViewSet(GenderedMessagesMixin, wagtail_users.UserViewSet):
    """Wagtail's user admin with the centre, job title and language fields,
    and without a way for non-superusers to hand out admin rights."""

    grammatical_gender = MASCULINE

    add_view_class = UserCreateView
    edit_view_class = UserEditView
    delete_view_class = UserDeleteView

    def get_form_class(self, for_update=False):
        return AdminUserEditForm if for_update else AdminUserCreationForm


class RegionViewSet(ModelViewSet):
    model = Region
    grammatical_gender = FEMININE
    name = "regions"
    url_prefix = "organizzazione/regioni"
    icon = "globe"
    menu_label = _("Regioni")
    delete_view_class = DeleteView
    form_fields = ["name", "code"]
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    add_to_admin_menu = False


class ClusterIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("region")


class EmploymentCentreIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("cluster")


class ClusterViewSet(ModelViewSet):
    model = Cluster
    grammatical_gender = MASCULINE
    name = "clusters"
    url_prefix = "organizzazione/cluster"
    icon = "group"
    menu_label = _("Cluster")
    delete_view_class = DeleteView
    form_fields = ["region", "name", "code", "leads", "coaches"]
    list_display = ["name", "code", "region"]
    index_view_class = ClusterIndexView
    list_filter = ["region"]
    search_fields = ["name", "code"]


class EmploymentCentreViewSet(ModelViewSet):
    model = EmploymentCentre
    grammatical_gender = MASCULINE
    name = "centres"
    url_prefix = "organizzazione/centri"
    icon = "home"
    menu_label = _("Centri per l'impiego")
    delete_view_class = DeleteView
    form_fields = ["cluster", "name", "code", "town", "address", "email", "phone", "managers"]
    list_display = ["name", "code", "town", "cluster"]
    list_filter = ["cluster__region", "cluster"]
    search_fields = ["name", "code", "town"]
    list_per_page = 50
    index_view_class = EmploymentCentreIndexView


class OrganisationViewSetGroup(ViewSetGroup):
    menu_label = _("Organizzazione")
    menu_icon = "site"
    menu_order = 250
    items = (RegionViewSet, ClusterViewSet, EmploymentCentreViewSet)
