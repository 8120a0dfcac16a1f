from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("<int:pk>/", views.survey_page, name="survey"),
    path("<int:pk>/grazie/", views.thanks, name="thanks"),
    path("<int:pk>/risultati/", views.results, name="results"),
    path("<int:pk>/risultati.<str:fmt>", views.results_export, name="results_export"),
    path("modelli/<int:pk>/risultati/", views.questionnaire_results, name="questionnaire_results"),
]
