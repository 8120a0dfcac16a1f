from django.urls import path

from . import views

app_name = "attendance"

urlpatterns = [
    path("", views.registers, name="registers"),
    path("check-in/<int:pk>/", views.check_in, name="check_in"),
    path("<slug:code>/", views.register, name="register"),
    path("<slug:code>/storico/", views.history, name="history"),
    path("<slug:code>/giornate/<int:pk>/", views.day, name="day"),
    path(
        "<slug:code>/giornate/<int:pk>/tutti-presenti/",
        views.day_all_present,
        name="day_all_present",
    ),
    path("<slug:code>/giornate/<int:pk>/codice/", views.checkin_code, name="checkin_code"),
    path(
        "<slug:code>/giornate/<int:pk>/codice.json",
        views.checkin_code_json,
        name="checkin_code_json",
    ),
]
