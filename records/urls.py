from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("esterna/nuova/", views.declare, name="declare"),
    path("esterna/<int:pk>/", views.declaration, name="declaration"),
    path("esterna/<int:pk>/modifica/", views.declaration_change, name="declaration_change"),
    path("esterna/<int:pk>/ritira/", views.declaration_withdraw, name="declaration_withdraw"),
    path("esterna/<int:pk>/attestato/", views.declaration_evidence, name="declaration_evidence"),
    path("esterna/<int:pk>/decisione/", views.declaration_decide, name="declaration_decide"),
    path("approvazioni/", views.approvals, name="approvals"),
    path("centri/<slug:code>/<int:year>/", views.centre, name="centre"),
    path("centri/<slug:code>/<int:year>/ore.csv", views.centre_csv, name="centre_csv"),
    path("centri/<slug:code>/<int:year>/ore.xlsx", views.centre_xlsx, name="centre_xlsx"),
    path("quadro/<int:year>/", views.overview, name="overview"),
    path("dichiarazione/<int:year>/emetti/", views.statement_issue, name="statement_issue"),
    path("dichiarazione/<slug:code>.pdf", views.statement_pdf, name="statement_pdf"),
    path("verifica/", views.verify, name="verify"),
    path("verifica/<str:code>/", views.verify_code, name="verify_code"),
    path("promemoria/", views.reminders, name="reminders"),
    path("eventi/", views.events, name="events"),
    path("eventi/<int:page_id>/presenze/", views.event_attendance, name="event_attendance"),
]
