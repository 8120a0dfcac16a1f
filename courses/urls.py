from django.urls import path
from django.utils.translation import gettext_lazy as _

from website.core.views import section_in_preparation

app_name = "courses"

urlpatterns = [
    path("corsi/", section_in_preparation, {"title": _("Corsi")}, name="index"),
    path(
        "la-mia-formazione/",
        section_in_preparation,
        {"title": _("La mia formazione")},
        name="dashboard",
    ),
]
