"""The question bank and the quizzes in the Wagtail admin ("Quiz" in the menu)."""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.menus import MenuItem as ListingMenuItem
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup

from website.core.deletion import DeleteView
from website.core.viewsets import FEMININE, MASCULINE, ModelViewSet

from . import admin_views
from .forms import QuestionAdminForm, QuizAdminForm
from .models import Question, QuestionCategory, Quiz
from .permissions import manages_quizzes


class CategoryIndexView(generic.IndexView):
    def get_base_queryset(self):
        return QuestionCategory.objects.select_related("course")

    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            ListingMenuItem(
                _("Esporta in Moodle XML"),
                url=reverse("quizzes_admin:export") + f"?category={instance.pk}",
                icon_name="download",
                priority=5,
            ),
        ]


class QuestionCategoryViewSet(ModelViewSet):
    model = QuestionCategory
    grammatical_gender = FEMININE
    name = "quiz_categories"
    url_prefix = "quiz/categorie"
    icon = "folder-open-inverse"
    menu_label = _("Categorie di domande")
    index_view_class = CategoryIndexView
    delete_view_class = DeleteView
    list_display = ["name", "course"]
    list_filter = ["course"]
    search_fields = ["name"]
    copy_view_enabled = False
    form_fields = ["course", "name", "description"]


class QuestionIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Question.objects.select_related("category", "category__course")


class QuestionViewSet(ModelViewSet):
    model = Question
    grammatical_gender = FEMININE
    name = "quiz_questions"
    url_prefix = "quiz/domande"
    icon = "help"
    menu_label = _("Domande")
    index_view_class = QuestionIndexView
    delete_view_class = DeleteView
    list_display = ["name", "type", "category"]
    list_filter = ["category__course", "type"]
    search_fields = ["name", "text"]
    list_per_page = 50
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("category"), FieldPanel("type")]),
            FieldPanel("name"),
            FieldPanel("text"),
            FieldRowPanel([FieldPanel("default_mark"), FieldPanel("case_sensitive")]),
            FieldPanel("general_feedback"),
            InlinePanel(
                "choices",
                label=_("Risposta"),
                heading=_("Risposte"),
                help_text=_(
                    "Scelta singola/multipla e vero/falso: ogni opzione con la sua frazione "
                    "(vero/falso: prima «Vero», poi «Falso»). Risposta breve: le risposte "
                    "accettate (* vale qualsiasi testo). Numerica: il valore e la tolleranza. "
                    "Corrispondenza: la domanda nel testo, la risposta abbinata a destra. "
                    "Risposta aperta: nessuna."
                ),
                panels=[
                    FieldPanel("text"),
                    FieldRowPanel(
                        [
                            FieldPanel("fraction"),
                            FieldPanel("tolerance"),
                            FieldPanel("match_answer"),
                        ]
                    ),
                    FieldPanel("feedback"),
                ],
            ),
        ],
        base_form_class=QuestionAdminForm,
    )


class QuizIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Quiz.objects.select_related("course")

    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            ListingMenuItem(
                _("Analisi delle domande"),
                url=reverse("quizzes:analysis", args=[instance.pk]),
                icon_name="view",
                priority=5,
            ),
            ListingMenuItem(
                _("Pagina del quiz"),
                url=reverse("quizzes:quiz", args=[instance.pk]),
                icon_name="link-external",
                priority=6,
            ),
        ]


class QuizViewSet(ModelViewSet):
    model = Quiz
    grammatical_gender = MASCULINE
    name = "quiz_settings"
    url_prefix = "quiz/quiz"
    icon = "form"
    menu_label = _("Quiz")
    index_view_class = QuizIndexView
    delete_view_class = DeleteView
    list_display = ["title", "course", "is_published", "required_for_certificate"]
    list_filter = ["course", "is_published"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            FieldPanel("course"),
            FieldPanel("title"),
            FieldPanel("intro"),
            FieldRowPanel([FieldPanel("is_published"), FieldPanel("required_for_certificate")]),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                    FieldRowPanel(
                        [FieldPanel("time_limit_minutes"), FieldPanel("attempts_allowed")]
                    ),
                    FieldRowPanel([FieldPanel("grading_method"), FieldPanel("pass_mark")]),
                    FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_answers")]),
                ],
                heading=_("Svolgimento e valutazione"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("review_score"),
                    FieldPanel("review_answers"),
                    FieldPanel("review_feedback"),
                ],
                heading=_("Che cosa vede il partecipante dopo il tentativo"),
            ),
            InlinePanel(
                "slots",
                label=_("Domanda"),
                heading=_("Domande fisse"),
                panels=[FieldRowPanel([FieldPanel("question"), FieldPanel("mark")])],
            ),
            InlinePanel(
                "random_rules",
                label=_("Estrazione"),
                heading=_("Domande casuali per categoria (per ogni tentativo)"),
                panels=[FieldRowPanel([FieldPanel("category"), FieldPanel("count")])],
            ),
        ],
        base_form_class=QuizAdminForm,
    )


class ManagersMenuItem(MenuItem):
    def is_shown(self, request):
        return manages_quizzes(request.user)


class BankToolsViewSet(ViewSet):
    """Import and export of question banks."""

    name = "quizzes_admin"
    url_prefix = "quiz/banca"
    icon = "upload"
    menu_label = _("Importa domande")
    menu_item_class = ManagersMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.ImportView.as_view(), name="index"),
            path("importa/", admin_views.ImportView.as_view(), name="import"),
            path("esporta/", admin_views.export_view, name="export"),
        ]

    @cached_property
    def menu_url(self):
        return reverse("quizzes_admin:import")


class QuizViewSetGroup(ViewSetGroup):
    menu_label = _("Quiz")
    menu_icon = "form"
    menu_order = 245
    items = (QuizViewSet, QuestionViewSet, QuestionCategoryViewSet, BankToolsViewSet)
