from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .forms import AdminUserCreationForm, AdminUserEditForm
from .models import Cluster, EmploymentCentre, Region


class UserViewSet(WagtailUserViewSet):
    """Wagtail's user admin with the centre, job title and language fields."""

    def get_form_class(self, for_update=False):
        return AdminUserEditForm if for_update else AdminUserCreationForm


class RegionViewSet(ModelViewSet):
    model = Region
    name = "regions"
    url_prefix = "organizzazione/regioni"
    icon = "globe"
    menu_label = _("Regioni")
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
    name = "clusters"
    url_prefix = "organizzazione/cluster"
    icon = "group"
    menu_label = _("Cluster")
    form_fields = ["region", "name", "code", "leads", "coaches"]
    list_display = ["name", "code", "region"]
    index_view_class = ClusterIndexView
    list_filter = ["region"]
    search_fields = ["name", "code"]


class EmploymentCentreViewSet(ModelViewSet):
    model = EmploymentCentre
    name = "centres"
    url_prefix = "organizzazione/centri"
    icon = "home"
    menu_label = _("Centri per l'impiego")
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
