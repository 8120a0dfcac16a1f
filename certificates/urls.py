from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("verifica/", views.verify, name="index"),
    path("verifica/<path:code>/", views.verify_code, name="verify_code"),
    path("<int:pk>/attestato.pdf", views.download, name="download"),
    path("<int:pk>/credenziale.jwt", views.credential, name="credential"),
    path("emittente/", views.issuer, name="issuer"),
    path("stato/<int:number>/", views.status_list, name="status_list"),
]
