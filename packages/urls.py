from django.urls import path

from . import staff_views, views

app_name = "packages"

urlpatterns = [
    path("", staff_views.package_list, name="list"),
    path("carica/", staff_views.package_upload, name="upload"),
    path("<int:pk>/", views.package_player, name="package"),
    path("<int:pk>/v<int:version>/<path:path>", views.package_file, name="file"),
    path("<int:pk>/registra/<int:sco>/", views.package_commit, name="commit"),
    path("<int:pk>/tentativi/", staff_views.package_attempts, name="attempts"),
    path("<int:pk>/nuova-versione/", staff_views.package_version, name="version"),
    path("tentativi/<int:pk>/azzera/", staff_views.attempt_reset, name="reset"),
    path("<int:pk>/h5p/stato/", views.h5p_state, name="h5p_state"),
    path("<int:pk>/h5p/xapi/", views.h5p_xapi, name="h5p_xapi"),
]
