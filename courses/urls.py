from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("corsi/", views.catalogue, name="index"),
    path("corsi/edizioni/<slug:code>/iscrizione/", views.edition_request, name="edition_request"),
    path(
        "corsi/edizioni/<slug:code>/calendario.ics",
        views.edition_calendar,
        name="edition_calendar",
    ),
    path("corsi/<slug:slug>/", views.course_detail, name="course"),
    path("la-mia-formazione/", views.dashboard, name="dashboard"),
    path(
        "la-mia-formazione/iscrizioni/<int:pk>/ritiro/",
        views.enrolment_withdraw,
        name="withdraw",
    ),
    path("la-mia-formazione/calendario/", views.my_calendar, name="my_calendar"),
    path(
        "la-mia-formazione/calendario/nuovo-indirizzo/",
        views.calendar_reset,
        name="calendar_reset",
    ),
    path(
        "la-mia-formazione/calendario/<slug:token>.ics",
        views.personal_calendar,
        name="personal_calendar",
    ),
    path("la-mia-formazione/docenze/", views.teaching, name="teaching"),
    path("la-mia-formazione/docenze/<slug:code>/", views.teaching_edition, name="teaching_edition"),
    path(
        "la-mia-formazione/docenze/<slug:code>/partecipanti.csv",
        views.participants_csv,
        name="participants_csv",
    ),
    path("la-mia-formazione/personale/", views.staff_training, name="staff_training"),
    path(
        "la-mia-formazione/personale/centri/<slug:code>/",
        views.centre_training,
        name="centre_training",
    ),
    path(
        "la-mia-formazione/personale/cluster/<slug:code>/",
        views.cluster_training,
        name="cluster_training",
    ),
]
