from django.urls import path

from . import views

app_name = "resources"

urlpatterns = [
    path("", views.library, name="index"),
    path("carica/", views.upload, name="upload"),
    path("<slug:slug>/", views.resource_detail, name="detail"),
    path("<slug:slug>/modifica/", views.resource_edit, name="edit"),
    path("<slug:slug>/elimina/", views.resource_delete, name="delete"),
    path("<slug:slug>/nuova-versione/", views.version_add, name="version_add"),
    path("<slug:slug>/anteprima/<int:file_id>/", views.resource_preview, name="preview"),
]
