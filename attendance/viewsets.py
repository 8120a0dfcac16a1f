"""The registers in the admin menu ("Presenze"), for training managers."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from . import admin_views
from .permissions import keeps_every_register


class RegisterKeepersMenuItem(MenuItem):
    def is_shown(self, request):
        return keeps_every_register(request.user)


class RegisterViewSet(ViewSet):
    name = "attendance_registers"
    url_prefix = "presenze/registri"
    icon = "tasks"
    menu_label = _("Registri delle presenze")
    menu_item_class = RegisterKeepersMenuItem
    add_to_admin_menu = True
    menu_order = 245

    def get_urlpatterns(self):
        return [
            path("", admin_views.RegisterIndexView.as_view(), name="index"),
            path("<slug:code>/", admin_views.RegisterView.as_view(), name="register"),
            path("<slug:code>/storico/", admin_views.HistoryView.as_view(), name="history"),
            path("<slug:code>/giornate/<int:pk>/", admin_views.DayView.as_view(), name="day"),
            path("<slug:code>/chiudi/", admin_views.close_register, name="close"),
            path("<slug:code>/riapri/", admin_views.reopen_register, name="reopen"),
        ]
