from django.urls import path

from . import views

app_name = "packages"

urlpatterns = [
    path("<int:pk>/", views.package_player, name="package"),
    path("<int:pk>/v<int:version>/<path:path>", views.package_file, name="file"),
    path("<int:pk>/registra/<int:sco>/", views.package_commit, name="commit"),
]
