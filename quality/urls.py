from django.urls import path

from . import views

app_name = "quality"

urlpatterns = [
    path("", views.index, name="index"),
    path("autovalutazioni/nuova/", views.assessment_open, name="assessment_open"),
    path("autovalutazioni/<int:pk>/", views.assessment, name="assessment"),
    path("autovalutazioni/<int:pk>/la-mia-valutazione/", views.individual, name="individual"),
    path(
        "autovalutazioni/<int:pk>/valutazioni/<int:member_id>/",
        views.member_individual,
        name="member_individual",
    ),
    path("autovalutazioni/<int:pk>/apri-consenso/", views.consensus_start, name="consensus_start"),
    path("autovalutazioni/<int:pk>/consenso/", views.consensus, name="consensus"),
    path(
        "autovalutazioni/<int:pk>/consenso/<int:sub_pk>/",
        views.consensus_subcriterion,
        name="consensus_subcriterion",
    ),
    path("autovalutazioni/<int:pk>/chiudi/", views.assessment_close, name="assessment_close"),
    path("autovalutazioni/<int:pk>/rapporto/", views.report, name="report"),
    path("autovalutazioni/<int:pk>/rapporto.xlsx", views.report_xlsx, name="report_xlsx"),
    path("autovalutazioni/<int:pk>/storico/", views.history, name="history"),
    path("autovalutazioni/<int:pk>/rapporto.pdf", views.report_pdf, name="report_pdf"),
    path("autovalutazioni/<int:pk>/piano/", views.plan_create, name="plan_create"),
    path("evidenze/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("piani/<int:pk>/", views.plan, name="plan"),
    path("piani/<int:pk>.xlsx", views.plan_xlsx, name="plan_xlsx"),
    path("piani/<int:pk>/azioni/nuova/", views.action_edit, name="action_add"),
    path("piani/<int:pk>/azioni/<int:action_pk>/", views.action_edit, name="action_edit"),
    path("azioni/<int:action_pk>/avanzamento/", views.action_progress, name="action_progress"),
    path("azioni/<int:action_pk>/indicatori/", views.indicator_add, name="indicator_add"),
    path(
        "azioni/<int:action_pk>/buona-pratica/",
        views.action_good_practice,
        name="action_good_practice",
    ),
    path("visite/", views.visits, name="visits"),
    path("visite/nuova/", views.visit_edit, name="visit_add"),
    path("visite/<int:pk>/", views.visit, name="visit"),
    path("visite/<int:pk>/modifica/", views.visit_edit, name="visit_edit"),
    path("visite/<int:pk>/conferma/", views.visit_confirm, name="visit_confirm"),
    path("visite/calendario/<slug:token>.ics", views.coach_calendar, name="coach_calendar"),
    path("benchlearning/", views.benchlearning, name="benchlearning"),
]
