"""The training managers' back office in the Wagtail admin ("Formazione" in the menu)."""

from django import forms
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
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.widgets.button import HeaderButton

from website.core.deletion import DeleteView
from website.core.viewsets import FEMININE, MASCULINE, ModelViewSet

from . import admin_views, services
from .forms import CourseAdminForm, EditionAdminForm, ProgrammeAdminForm
from .models import Course, Edition, Programme
from .permissions import can_decide_enrolments


class CourseIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Course.objects.select_related("programme")


class EditionIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Edition.objects.select_related("course", "cluster").with_place_counts()

    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            ListingMenuItem(
                _("Iscrizioni"),
                url=reverse("editions:enrolments", args=[instance.pk]),
                icon_name="group",
                priority=5,
            ),
            ListingMenuItem(
                _("Aggiungi giornate in serie"),
                url=reverse("editions:add_session_run", args=[instance.pk]),
                icon_name="date",
                priority=6,
            ),
        ]


class ProgrammeViewSet(ModelViewSet):
    model = Programme
    grammatical_gender = MASCULINE
    name = "programmes"
    url_prefix = "formazione/piani"
    icon = "folder-open-inverse"
    menu_label = _("Piani formativi")
    delete_view_class = DeleteView
    list_display = ["title", "region", "starts_on", "ends_on", "is_published"]
    list_filter = ["region", "is_published"]
    search_fields = ["title", "funder"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("slug"),
            FieldRowPanel([FieldPanel("region"), FieldPanel("funder")]),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            FieldPanel("description"),
            FieldPanel("is_published"),
        ],
        base_form_class=ProgrammeAdminForm,
    )


class CourseViewSet(ModelViewSet):
    model = Course
    grammatical_gender = MASCULINE
    name = "teaching_units"
    url_prefix = "formazione/corsi"
    icon = "doc-full"
    menu_label = _("Corsi (unità didattiche)")
    delete_view_class = DeleteView
    list_display = ["code", "title", "programme", "hours_per_day", "approve_automatically"]
    list_filter = ["programme"]
    search_fields = ["code", "title"]
    ordering = ["programme", "sort_order", "code"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("programme"),
            FieldRowPanel([FieldPanel("code"), FieldPanel("sort_order")]),
            FieldPanel("title"),
            FieldPanel("slug"),
            FieldPanel("objectives"),
            FieldPanel("outline"),
            FieldPanel("description"),
            FieldPanel("audience"),
            MultiFieldPanel(
                [
                    FieldPanel("hours_per_day"),
                    FieldPanel("approve_automatically"),
                    FieldPanel("attendance_threshold"),
                ],
                heading=_("Giornate, iscrizioni e attestato"),
            ),
        ],
        base_form_class=CourseAdminForm,
    )

    index_view_class = CourseIndexView


class EditionEditView(generic.EditView):
    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                _("Iscrizioni"),
                url=reverse("editions:enrolments", args=[self.object.pk]),
                icon_name="group",
                priority=10,
            ),
            HeaderButton(
                _("Aggiungi giornate in serie"),
                url=reverse("editions:add_session_run", args=[self.object.pk]),
                icon_name="date",
                priority=20,
            ),
            HeaderButton(
                _("Annulla una giornata"),
                url=reverse("editions:cancel_session", args=[self.object.pk]),
                icon_name="date",
                priority=30,
            ),
        ]

    def save_instance(self):
        edition = super().save_instance()
        # More places than before: whoever waits gets them now.
        services.edition_fill_from_waiting_list(edition=edition)
        return edition


def _places(edition):
    return _("%(confirmed)d su %(capacity)d") % {
        "confirmed": edition.approved_count,
        "capacity": edition.capacity,
    }


class EditionViewSet(ModelViewSet):
    model = Edition
    grammatical_gender = FEMININE
    name = "editions"
    url_prefix = "formazione/edizioni"
    icon = "group"
    menu_label = _("Edizioni")
    index_view_class = EditionIndexView
    edit_view_class = EditionEditView
    delete_view_class = DeleteView
    list_display = [
        "code",
        "course",
        "cluster",
        "starts_on",
        "ends_on",
        Column("places", label=_("Posti confermati"), accessor=_places),
        Column("requested_count", label=_("Richieste")),
        Column("waitlisted_count", label=_("Lista d'attesa")),
        "status",
    ]
    list_filter = ["course__programme", "course", "cluster", "status"]
    search_fields = ["code", "course__title", "venue_name"]
    ordering = ["-starts_on", "code"]
    list_per_page = 30
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("course"),
                    FieldRowPanel([FieldPanel("code"), FieldPanel("status")]),
                    FieldPanel("cluster"),
                    FieldPanel("teachers", widget=forms.CheckboxSelectMultiple),
                ],
                heading=_("Edizione"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
                    FieldPanel("capacity"),
                    FieldRowPanel(
                        [FieldPanel("enrolment_opens_at"), FieldPanel("enrolment_closes_at")]
                    ),
                ],
                heading=_("Periodo, posti e iscrizioni"),
            ),
            MultiFieldPanel(
                [FieldPanel("venue_name"), FieldPanel("venue_address")], heading=_("Sede")
            ),
            InlinePanel(
                "sessions",
                label=_("Giornata"),
                heading=_("Giornate d'aula"),
                panels=[
                    FieldRowPanel(
                        [FieldPanel("date"), FieldPanel("starts_at"), FieldPanel("ends_at")]
                    ),
                    FieldRowPanel([FieldPanel("hours"), FieldPanel("mode")]),
                    FieldPanel("meeting_url"),
                    FieldRowPanel([FieldPanel("teacher"), FieldPanel("topic")]),
                ],
            ),
        ],
        base_form_class=EditionAdminForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "iscrizioni/<int:pk>/",
                admin_views.EditionEnrolmentsView.as_view(),
                name="enrolments",
            ),
            path(
                "iscrizioni/<int:pk>/aggiungi/",
                admin_views.PersonEnrolmentView.as_view(),
                name="enrol_person",
            ),
            path(
                "giornate/<int:pk>/serie/",
                admin_views.SessionRunView.as_view(),
                name="add_session_run",
            ),
            path(
                "giornate/<int:pk>/annulla/",
                admin_views.SessionCancelView.as_view(),
                name="cancel_session",
            ),
        ]


class DecidersMenuItem(MenuItem):
    def is_shown(self, request):
        return can_decide_enrolments(request.user)


class EnrolmentViewSet(ViewSet):
    """Requests awaiting a decision, decisions in bulk and the import from a file."""

    name = "enrolments"
    url_prefix = "formazione/iscrizioni"
    icon = "tasks"
    menu_label = _("Richieste di iscrizione")
    menu_item_class = DecidersMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.PendingRequestsView.as_view(), name="index"),
            path("decisioni/", admin_views.decide_enrolments, name="decide"),
            path("importa/", admin_views.ImportView.as_view(), name="import"),
            path("importa/modello.csv", admin_views.import_template, name="import_template"),
        ]


class EnrolmentImportViewSet(ViewSet):
    """Only a menu entry: the import lives in EnrolmentViewSet's URLs."""

    name = "enrolment_import"
    icon = "upload"
    menu_label = _("Importa iscrizioni")
    menu_item_class = DecidersMenuItem

    @cached_property
    def menu_url(self):
        return reverse("enrolments:import")


class TrainingViewSetGroup(ViewSetGroup):
    menu_label = _("Formazione")
    menu_icon = "group"
    menu_order = 240
    items = (
        ProgrammeViewSet,
        CourseViewSet,
        EditionViewSet,
        EnrolmentViewSet,
        EnrolmentImportViewSet,
    )
