from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("piani/<slug:slug>/", views.programme, name="programme"),
    path("cluster/", views.clusters, name="clusters"),
    path("centri/", views.centres, name="centres"),
    path("centri/<slug:code>/", views.centre_staff, name="centre_staff"),
    path("coaching/", views.coaching, name="coaching"),
    path("persone/<int:pk>/", views.training_record, name="training_record"),
    path("edizioni/<slug:code>/registro/", views.edition_register, name="edition_register"),
    path(
        "edizioni/<slug:code>/registro.csv", views.edition_register_csv, name="edition_register_csv"
    ),
    path(
        "edizioni/<slug:code>/registro.xlsx",
        views.edition_register_xlsx,
        name="edition_register_xlsx",
    ),
]
