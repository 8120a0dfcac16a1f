from django.urls import path
from django.utils.translation import gettext_lazy as _

from website.core.views import section_in_preparation

app_name = "forums"

urlpatterns = [
    path("", section_in_preparation, {"title": _("Forum")}, name="index"),
]
