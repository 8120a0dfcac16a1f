from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("attivita/<int:pk>/", views.activity_detail, name="activity"),
    path("attivita/<int:pk>/completamento/", views.completion, name="completion"),
    path("edizioni/<slug:code>/avanzamento/", views.matrix, name="matrix"),
    path("edizioni/<slug:code>/avanzamento.<str:fmt>", views.matrix_export, name="matrix_export"),
]
