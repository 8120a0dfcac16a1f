from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.my_data, name="my_data"),
    path("copia/", views.export_request, name="export_request"),
    path("copia/<int:pk>/dati.zip", views.export_download, name="export_download"),
    path("cancella-account/", views.erasure, name="erasure"),
]
