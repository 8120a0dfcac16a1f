from django.urls import path

from . import admin_views

app_name = "packages_admin"

urlpatterns = [
    path("", admin_views.PackageIndexView.as_view(), name="index"),
    path("carica/", admin_views.PackageUploadView.as_view(), name="upload"),
    path("<int:pk>/", admin_views.AttemptsView.as_view(), name="attempts"),
    path("<int:pk>/nuova-versione/", admin_views.PackageVersionView.as_view(), name="version"),
    path("tentativi/<int:pk>/azzera/", admin_views.reset_attempt, name="reset"),
]
