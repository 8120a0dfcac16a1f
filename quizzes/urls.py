from django.urls import path

from . import staff_views, views

app_name = "quizzes"

urlpatterns = [
    path("<int:pk>/", views.quiz_detail, name="quiz"),
    path("<int:pk>/inizia/", views.quiz_start, name="start"),
    path("tentativi/<int:pk>/", views.attempt_page, name="attempt"),
    path("tentativi/<int:pk>/riepilogo/", views.attempt_review, name="review"),
    path("correzioni/", staff_views.grading_queue, name="grading_queue"),
    path("correzioni/<int:pk>/", staff_views.grade_answer, name="grade_answer"),
    path("edizioni/<slug:code>/voti/", staff_views.grade_table, name="grade_table"),
    path("<int:pk>/analisi/", staff_views.analysis, name="analysis"),
]
