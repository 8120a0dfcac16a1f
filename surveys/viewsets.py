"""Questionnaires and surveys in the Wagtail admin ("Questionari" in the menu).

A questionnaire is a template built from question blocks (StreamField, as Wagtail's own
form builders keep their fields); "Copia" (Wagtail's copy view) makes a new one from it,
so the default evaluation questionnaire is the starting point of a course's own. A survey
gives a questionnaire to an edition (end-of-edition evaluation) or to the staff of
centres and clusters (needs analysis).
"""

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup

from website.core.deletion import DeleteView
from website.core.forms import PlainTextMixin
from website.core.viewsets import FEMININE, MASCULINE, ModelViewSet

from .models import Questionnaire, Survey


class SurveyAdminForm(PlainTextMixin, WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == Survey.Kind.EVALUATION and not cleaned.get("edition"):
            self.add_error("edition", _("Indica l'edizione che valuta il questionario."))
        if kind == Survey.Kind.NEEDS:
            if cleaned.get("edition"):
                self.add_error(
                    "edition",
                    _(
                        "Un'analisi dei fabbisogni si rivolge a centri e cluster, "
                        "non a un'edizione."
                    ),
                )
            if not cleaned.get("centres") and not cleaned.get("clusters"):
                self.add_error("centres", _("Scegli almeno un centro o un cluster."))
        instance = self.instance
        if instance.pk and instance.has_answers():
            if cleaned.get("is_anonymous") != instance.is_anonymous:
                self.add_error(
                    "is_anonymous",
                    _("Il questionario ha già risposte: non si può cambiare l'anonimato."),
                )
            if (
                cleaned.get("questionnaire")
                and cleaned["questionnaire"].pk != instance.questionnaire_id
            ):
                self.add_error(
                    "questionnaire",
                    _("Il questionario ha già risposte: non si può cambiare il modello."),
                )
        return cleaned


class SurveyIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Survey.objects.select_related("questionnaire", "edition")


def results_link(survey: Survey) -> str:
    return format_html(
        '<a href="{}">{}</a>', reverse("surveys:results", args=[survey.pk]), _("Risultati")
    )


class QuestionnaireViewSet(ModelViewSet):
    model = Questionnaire
    grammatical_gender = MASCULINE
    name = "questionnaires"
    icon = "form"
    menu_label = _("Modelli di questionario")
    url_prefix = "questionari/modelli"
    delete_view_class = DeleteView
    list_display = ["title", "purpose", "updated_at"]
    list_filter = ["purpose"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [FieldPanel("title"), FieldPanel("purpose"), FieldPanel("description"), FieldPanel("body")]
    )


class SurveyViewSet(ModelViewSet):
    model = Survey
    grammatical_gender = FEMININE
    name = "surveys_admin"
    icon = "tasks"
    menu_label = _("Somministrazioni")
    url_prefix = "questionari/somministrazioni"
    index_view_class = SurveyIndexView
    copy_view_enabled = False
    list_display = [
        "title",
        "kind",
        "edition",
        "is_anonymous",
        "opens_on",
        "closes_on",
        Column("results", label=_("Risultati"), accessor=results_link),
    ]
    list_filter = ["kind", "is_anonymous"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("questionnaire"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("is_anonymous")]),
            MultiFieldPanel(
                [FieldPanel("edition"), FieldPanel("programme")],
                heading=_("Valutazione di fine edizione"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("clusters", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("centres"),
                ],
                heading=_("Analisi dei fabbisogni: a chi si rivolge"),
            ),
            FieldRowPanel([FieldPanel("opens_on"), FieldPanel("closes_on")]),
        ],
        base_form_class=SurveyAdminForm,
    )


class SurveyAdminGroup(ViewSetGroup):
    menu_label = _("Questionari")
    menu_icon = "form"
    menu_order = 330
    items = (QuestionnaireViewSet, SurveyViewSet)
