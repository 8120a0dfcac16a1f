from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("richiesta-centro/ritira/", views.affiliation_withdraw, name="affiliation_withdraw"),
    path("richieste-centro/", views.affiliation_requests, name="affiliation_requests"),
    path("richieste-centro/<int:pk>/decidi/", views.affiliation_decide, name="affiliation_decide"),
]
