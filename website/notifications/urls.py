from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/apri/", views.notification_open, name="open"),
    path("segna-tutte-lette/", views.notification_mark_all_read, name="mark_all_read"),
]
